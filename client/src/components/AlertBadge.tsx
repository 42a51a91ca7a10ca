import { alerts } from '../board/store';
import { t } from '../i18n/i18n';

/** The header's count of alerts no planner has acknowledged; a click brings the alerts panel into view. */
export function AlertBadge() {
  const open = alerts.openCount.value;
  const label = t('header.openAlerts', { count: open });
  const show = () => {
    const panel = document.getElementById('alerts');
    panel?.scrollIntoView({ block: 'nearest' });
    panel?.focus();
  };
  return (
    <button type="button" class={`alert-badge ${open > 0 ? 'has-open' : ''}`} data-open-alerts={open} aria-label={label} title={label} onClick={show}>
      <span aria-hidden="true">▲</span> {t('header.alerts')} <span class="count">{open}</span>
    </button>
  );
}
