import type { Shipment, Site } from '@dockwatch/shared';
import { mayDispatchTrucks, me } from '../api/client';
import { shipmentFacts } from '../board/describe';
import { config, connection, now } from '../board/store';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from '../board/window-status';
import { formatSiteTime } from '../format/time';
import { chosenEvents, chosenId, choose, partnerSites, portalProblem, portalRows } from '../portal/portal-store';
import { UserMenu } from './UserMenu';
import { Conversation } from './Conversation';
import { UnreadBadge } from './UnreadBadge';
import { SCREEN_LANGUAGES, t } from '../i18n/i18n';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { useEffect } from 'preact/hooks';
import { PartnerScorecard } from '../scorecards/PartnerScorecard';
import { AnnounceShipment } from '../portal/AnnounceShipment';
import { NoticesSection } from '../notices/NoticesSection';
import { NoticeBadge } from '../notices/NoticeBadge';
import { loadOwnCard, ownCard, ownCardProblem } from '../scorecards/scorecards-store';
import { SupplierDemandSection } from '../portal/SupplierDemand';
import { PartnerAlerts } from '../portal/PartnerAlerts';
import { PortalMap } from '../portal/PortalMap';
import { TruckAssignment } from '../portal/TruckAssignment';

/** The partner's own scorecard over the last 90 days beside the plants' average: never another partner's figures. */
function OwnScorecard() {
  const who = me.value;
  const partner = who?.role === 'carrier' && who.carrierId ? { kind: 'carrier' as const, key: who.carrierId } : who?.role === 'supplier' && who.supplier ? { kind: 'supplier' as const, key: who.supplier } : null;
  const key = partner ? `${partner.kind}:${partner.key}` : null;
  useEffect(() => {
    if (partner) void loadOwnCard(partner, '90d');
    // The partner is the signed-in caller: reload only when that changes.
  }, [key]);
  if (!partner) return null;
  const card = ownCard.value;
  return (
    <section class="own-scorecard" aria-labelledby="own-scorecard-title">
      <h2 id="own-scorecard-title">{t('scorecards.own')}</h2>
      <p class="muted">{t('scorecards.ownHint')}</p>
      {ownCardProblem.value && (
        <p class="error" role="alert">
          {ownCardProblem.value}
        </p>
      )}
      {card && (card.measures.score.loads === 0 && card.tiers.length === 0 ? <p class="muted">{t('scorecards.ownEmpty')}</p> : <PartnerScorecard card={card} compact onLoad={(id) => choose(id)} />)}
    </section>
  );
}

function PortalRow({ s, site, chosen }: { s: Shipment; site: Site | undefined; chosen: boolean }) {
  const tz = site?.timezone ?? 'UTC';
  const f = shipmentFacts(s, tz, Math.floor(now.value / 5_000) * 5_000, config.value?.staleAfterSeconds ?? 600);
  const style = WINDOW_STATUS_STYLE[s.windowStatus];
  return (
    <tr data-shipment-id={s.id} class={chosen ? 'selected' : ''} aria-selected={chosen} tabIndex={0} onClick={() => choose(s.id)} onKeyDown={(e) => e.key === 'Enter' && choose(s.id)}>
      <td class="ref" title={s.reference} data-label={t('board.reference')}>
        <UnreadBadge shipmentId={s.id} />
        {s.reference}
      </td>
      <td class="clip" title={site?.name} data-label={t('portal.plant')}>
        {site?.name ?? '—'}
      </td>
      <td class="clip" title={s.supplier} data-label={t('board.supplier')}>
        {s.supplier}
      </td>
      <td class="dock" data-label={t('board.dock')}>
        {s.dock ?? '—'}
      </td>
      <td class="time" data-col="window" data-label={t('board.window')}>
        {f.window}
      </td>
      <td class="time" data-col="eta" data-label={t('board.eta')}>
        {f.eta}
        {f.etaBand && <span class="eta-band"> ({f.etaBand})</span>}
      </td>
      <td class={`delta ${f.deltaLate ? 'late' : ''}`} data-col="delta" data-label={t('board.earlyLate')}>
        {f.delta ?? '—'}
      </td>
      <td data-label={t('board.windowStatus')}>
        <span class={`chip chip-${s.windowStatus}`} data-col="window-status">
          <span aria-hidden="true">{style.symbol}</span> {style.label}
        </span>
      </td>
      <td data-col="status" data-label={t('board.status')}>
        {lifecycleLabel(s.status)}
      </td>
    </tr>
  );
}

function StatusHistory({ shipment, site }: { shipment: Shipment; site: Site | undefined }) {
  const events = chosenEvents.value;
  const tz = site?.timezone ?? 'UTC';
  return (
    <aside class="portal-history" aria-label={t('portal.historyOf', { reference: shipment.reference })}>
      <h2>{shipment.reference}</h2>
      <p class="muted">
        {t('portal.timesIn', { site: site?.name ?? t('portal.plant'), zone: tz })}
      </p>
      {mayDispatchTrucks.value && <TruckAssignment key={shipment.id} shipment={shipment} timeZone={tz} />}
      {events === null ? (
        <p class="muted">{t('portal.loading')}</p>
      ) : events.length === 0 ? (
        <p class="muted">{t('portal.noEvents')}</p>
      ) : (
        <ol class="history">
          {events.map((e) => (
            <li key={e.id} data-event-type={e.type}>
              <span class="time">{formatSiteTime(e.ts, now.value, tz)}</span> <strong>{lifecycleLabel(e.type)}</strong>
              {e.note && <span class="note">{e.note}</span>}
            </li>
          ))}
        </ol>
      )}
      <Conversation shipmentId={shipment.id} timeZone={tz} now={now.value} />
    </aside>
  );
}

/** A carrier's or supplier's own inbound shipments to the plant, and nothing else. */
export function PartnerPortal() {
  const rows = portalRows.value;
  const sites = partnerSites.value;
  const chosen = rows.find((s) => s.id === chosenId.value) ?? null;
  const who = me.value;
  return (
    <div class="app portal">
      <header class="header">
        <div class="brand" aria-label="Dockwatch">
          <span class="brand-mark" aria-hidden="true">▣</span> Dockwatch
        </div>
        <div class="portal-title">{t('portal.title')}{who?.role === 'supplier' && who.supplier ? ` · ${who.supplier}` : ''}</div>
        <LanguagePicker offered={SCREEN_LANGUAGES} />
        <NoticeBadge />
        <UserMenu />
        <div class={`connection connection-${connection.value.state}`} role="status" data-connection={connection.value.state}>
          <span class="dot" aria-hidden="true" />
          {t(`connection.${connection.value.state}`)}
        </div>
      </header>
      {portalProblem.value && (
        <p class="banner" role="alert">
          {portalProblem.value}
        </p>
      )}
      <main class="portal-layout">
        <section class="board-scroll" aria-label={t('portal.yours')}>
          <table class="board cards-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('board.reference')}</th>
                <th scope="col">{t('portal.plant')}</th>
                <th scope="col">{t('board.supplier')}</th>
                <th scope="col">{t('board.dock')}</th>
                <th scope="col">{t('board.window')}</th>
                <th scope="col">{t('board.eta')}</th>
                <th scope="col">{t('board.earlyLate')}</th>
                <th scope="col">{t('board.windowStatus')}</th>
                <th scope="col">{t('board.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <PortalRow key={s.id} s={s} site={sites.get(s.siteId)} chosen={s.id === chosenId.value} />
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p class="empty">{t('portal.empty')}</p>}
        </section>
        {chosen ? <StatusHistory shipment={chosen} site={sites.get(chosen.siteId)} /> : <aside class="portal-history muted">{t('portal.choose')}</aside>}
        <PortalMap />
        {/* The partner's sections, one line each, stacked under the loads. */}
        <div class="portal-sections">
          <PartnerAlerts sites={sites} />
          <NoticesSection sites={[...sites.values()]} />
          <AnnounceShipment />
          <SupplierDemandSection />
          <OwnScorecard />
        </div>
      </main>
    </div>
  );
}
