import { lateWarnings } from '../board/store';
import { t } from '../i18n/i18n';

/** Opt-in beep and browser notification for new late arrivals (asks for notification permission). */
export function LateWarningToggle() {
  const on = lateWarnings.enabled.value;
  const permission = lateWarnings.permission.value;
  return (
    <label class="warn-toggle" title={t('alerts.notifyTitle')}>
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => ((e.currentTarget as HTMLInputElement).checked ? void lateWarnings.enable() : lateWarnings.disable())}
      />
      {t('alerts.notify')}
      {on && (permission === 'denied' || permission === 'unsupported') && <span class="hint">{t('alerts.notifyBlocked')}</span>}
    </label>
  );
}
