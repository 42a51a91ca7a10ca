import { minuteClock } from '../board/derived';
import { alerts, selectedId, site } from '../board/store';
import { AlertCard } from './AlertCard';
import { CoverageButton } from '../coverage/CoverageButton';
import { ScorecardsButton } from '../scorecards/ScorecardsButton';
import { LateWarningToggle } from './LateWarningToggle';
import { NoticesSection } from '../notices/NoticesSection';
import { t } from '../i18n/i18n';

/** The site's open and acknowledged alerts for plant planners: open first, then the most severe. */
export function AlertsPanel() {
  const current = site.value;
  if (!current) return null;
  const list = alerts.list.value;
  const open = alerts.openCount.value;
  const nowMinute = minuteClock.value;
  const chosen = selectedId.value;
  return (
    <section id="alerts" class="alerts-panel" aria-label={t('alerts.title')} tabIndex={-1}>
      <div class="alerts-head">
        <h2>{t('alerts.title')}</h2>
        <span class="alerts-summary">
          {t('alerts.summary', { open, acknowledged: list.length - open })}
        </span>
        {/* Which part runs out when: next to the alerts a planner acts on. */}
        <CoverageButton />
        <ScorecardsButton />
        <LateWarningToggle />
      </div>
      <NoticesSection sites={[current]} compact />
      {alerts.problem.value && (
        <p class="error alerts-problem" role="alert">
          {alerts.problem.value}
        </p>
      )}
      {list.length === 0 ? (
        <p class="alerts-empty">{t('alerts.empty')}</p>
      ) : (
        <ul class="alerts-list" aria-label={t('alerts.listLabel', { site: current.name })}>
          {list.map((a) => (
            <AlertCard key={a.id} alert={a} timeZone={current.timezone} nowMinute={nowMinute} selected={a.shipmentId === chosen} />
          ))}
        </ul>
      )}
    </section>
  );
}
