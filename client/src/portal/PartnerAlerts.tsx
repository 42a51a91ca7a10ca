import type { Alert, Site } from '@dockwatch/shared';
import { alertDelayText, alertEtaText, ALERT_KIND_STYLE, alertStateLabel } from '../alerts/alert-text';
import { now } from '../board/store';
import { formatSiteTime, formatWindow } from '../format/time';
import { t } from '../i18n/i18n';
import { partnerAlertList, partnerAlertsProblem } from './partner-alerts';
import { chosenId, choose } from './portal-store';

function PartnerAlert({ alert: a, site, nowMinute }: { alert: Alert; site: Site | undefined; nowMinute: number }) {
  const tz = site?.timezone ?? 'UTC';
  const style = ALERT_KIND_STYLE[a.kind];
  const delay = alertDelayText(a);
  const eta = alertEtaText(a, tz, nowMinute);
  const open = () => a.shipmentId && choose(a.shipmentId);
  return (
    <li class={`alert alert-${a.kind} alert-is-${a.state} ${chosenId.value === a.shipmentId ? 'selected' : ''}`} data-alert-id={a.id} data-kind={a.kind} data-state={a.state} onClick={open}>
      <div class="alert-main">
        <div class="alert-line">
          <span class="alert-kind">
            <span aria-hidden="true">{style.symbol}</span> {style.label}
          </span>
          {delay && <strong class="alert-delay">{delay}</strong>}
        </div>
        <div class="alert-line">
          <button type="button" class="alert-ref" title={t('alerts.showShipment')} onClick={open}>
            {a.reference}
          </button>
          <span class="alert-supplier">{site?.name ?? ''}</span>
        </div>
        <div class="alert-meta">
          {a.windowStart && a.windowEnd && <span>{t('alerts.window', { window: formatWindow(a.windowStart, a.windowEnd, nowMinute, tz) })}</span>}
          {eta && <span data-col="alert-eta">{eta}</span>}
        </div>
        {a.acknowledgedAt && (
          <p class="alert-ack">
            <span aria-hidden="true">✓</span> {t('portal.alertSeen', { time: formatSiteTime(a.acknowledgedAt, nowMinute, tz) })}
          </p>
        )}
      </div>
      <div class="alert-side">
        <span class={`alert-state state-${a.state}`} data-col="alert-state">
          {alertStateLabel(a.state)}
        </span>
      </div>
    </li>
  );
}

/** What the plant's planners are warned of about the partner's own loads, live: late, at risk, no positions. */
export function PartnerAlerts({ sites }: { sites: ReadonlyMap<string, Site> }) {
  const list = partnerAlertList.value;
  const nowMinute = Math.floor(now.value / 60_000) * 60_000;
  return (
    <section class="partner-alerts" aria-labelledby="partner-alerts-title">
      <h2 id="partner-alerts-title">{t('portal.alertsTitle', { count: list.length })}</h2>
      <p class="muted">{t('portal.alertsHint')}</p>
      {partnerAlertsProblem.value && (
        <p class="error" role="alert">
          {t('portal.alertsProblem', { message: partnerAlertsProblem.value })}
        </p>
      )}
      {list.length === 0 ? (
        <p class="muted">{t('portal.alertsNone')}</p>
      ) : (
        <ul class="alerts-list partner-alert-list">
          {list.map((a) => (
            <PartnerAlert key={a.id} alert={a} site={a.siteId ? sites.get(a.siteId) : undefined} nowMinute={nowMinute} />
          ))}
        </ul>
      )}
    </section>
  );
}
