import { lateWarnings } from '../board/store';

/** Opt-in beep and browser notification for new late arrivals (asks for notification permission). */
export function LateWarningToggle() {
  const on = lateWarnings.enabled.value;
  const permission = lateWarnings.permission.value;
  return (
    <label class="warn-toggle" title="Beep and show a browser notification when a shipment is newly predicted late">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => ((e.currentTarget as HTMLInputElement).checked ? void lateWarnings.enable() : lateWarnings.disable())}
      />
      Notify + sound
      {on && (permission === 'denied' || permission === 'unsupported') && <span class="hint">(notifications blocked: sound only)</span>}
    </label>
  );
}
