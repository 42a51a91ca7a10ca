import { useState } from 'preact/hooks';
import { lastReceipt, now, undoLastReceipt } from '../board/store';
import { formatMinutes } from '../format/time';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/i18n';

/** After a receipt: what was booked and an Undo for as long as the server takes one (5 minutes). */
export function UndoReceipt() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const receipt = lastReceipt.value;
  if (!receipt) return null;
  const left = receipt.until - now.value;
  if (!receipt.undone && left <= 0) return null;
  return (
    <div class="undo-bar" role="status" data-receipt={receipt.shipmentId}>
      {receipt.undone ? (
        <span>{t('panel.undone', { reference: receipt.reference })}</span>
      ) : (
        <>
          <span>{t('panel.receivedDone', { reference: receipt.reference, duration: formatMinutes(Math.max(1, Math.round(left / 60_000))) })}</span>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              setError(null);
              undoLastReceipt().then(
                () => setBusy(false),
                (e: unknown) => {
                  setBusy(false);
                  setError(errorText(e));
                },
              );
            }}
          >
            {t('panel.undo')}
          </button>
        </>
      )}
      <button type="button" class="close" aria-label={t('panel.close')} onClick={() => (lastReceipt.value = null)}>
        ×
      </button>
      {error && <span class="error">{error}</span>}
    </div>
  );
}
