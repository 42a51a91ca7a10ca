import { useEffect, useRef, useState } from 'preact/hooks';

interface ConfirmBarProps {
  text: string;
  confirm: string;
  cancel: string;
  /** The destructive action; true when it worked (the bar then closes). */
  onConfirm: () => Promise<boolean>;
  onDone: () => void;
}

/**
 * A confirmation in place for a destructive admin action: what will happen, the action, and
 * Cancel. Focus starts on Cancel, so an Enter by habit changes nothing; Escape cancels.
 */
export function ConfirmBar({ text, confirm, cancel, onConfirm, onDone }: ConfirmBarProps) {
  const [busy, setBusy] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelButton.current?.focus(), []);
  return (
    <div class="device-confirm" role="group" aria-label={confirm} onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <span>{text}</span>
      <button
        type="button"
        class="warn"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onConfirm().then((ok) => {
            setBusy(false);
            if (ok) onDone();
          });
        }}
      >
        {confirm}
      </button>
      <button type="button" class="cancel" ref={cancelButton} disabled={busy} onClick={onDone}>
        {cancel}
      </button>
    </div>
  );
}
