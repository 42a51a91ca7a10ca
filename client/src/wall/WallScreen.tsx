import type { Shipment } from '@dockwatch/shared';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { dockNames, minuteClock, siteTimeZone } from '../board/derived';
import { windowFacts } from '../board/describe';
import { NO_FILTERS, visibleShipments } from '../board/board-filter';
import { alerts, carrierName, connection, hasPriority, now, shipments, site } from '../board/store';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from '../board/window-status';
import { windowVerdict } from '../board/window-verdict';
import { formatClock, formatCountdown, formatMinutes, formatSiteTime } from '../format/time';
import { alertDelayText, ALERT_KIND_STYLE } from '../alerts/alert-text';
import { t } from '../i18n/i18n';
import { mayLeaveWall, setTheme, setWallMode, theme } from './display-prefs';
import { doorView, nextArrivals, pageAt, pagePlan, wallCounts } from './wall-model';

/** The end of a reference that tells loads apart, for tight places. */
const refEnd = (reference: string, chars: number) => (reference.length <= chars ? reference : `…${reference.slice(-(chars - 1))}`);

function StatusChip({ s }: { s: Shipment }) {
  const style = WINDOW_STATUS_STYLE[s.windowStatus];
  return (
    <span class={`chip chip-${s.windowStatus}`} data-col="window-status">
      <span aria-hidden="true">{style.symbol}</span> {style.label}
    </span>
  );
}

function Count({ name, value, symbol, tone }: { name: string; value: number; symbol: string; tone: string }) {
  return (
    <div class={`wall-count tone-${tone} ${value > 0 ? 'has' : ''}`} data-count={tone}>
      <span class="wall-count-value">{value}</span>
      <span class="wall-count-name">
        <span aria-hidden="true">{symbol}</span> {name}
      </span>
    </div>
  );
}

function WallHeader() {
  const current = site.value!;
  const counts = wallCounts(shipments.value.values(), minuteClock.value);
  const state = connection.value.state;
  return (
    <header class="wall-header">
      <div class="wall-site">
        <span class="brand-mark" aria-hidden="true">▣</span> {current.name}
      </div>
      <section class="wall-counts" aria-label={t('wall.counts')}>
        <Count name={t('wall.late')} value={counts.late} symbol="■" tone="late" />
        <Count name={t('wall.atRisk')} value={counts.atRisk} symbol="▲" tone="at_risk" />
        <Count name={t('wall.next30')} value={counts.next30} symbol="→" tone="next" />
        <Count name={t('wall.onYard')} value={counts.onYard} symbol="⌂" tone="yard" />
        <Count name={t('wall.openAlerts')} value={alerts.openCount.value} symbol="!" tone="alerts" />
      </section>
      <div class="wall-clock">
        <span class="clock">{formatClock(now.value, current.timezone)}</span>
        <div class={`connection connection-${state}`} role="status" aria-live="polite" data-connection={state}>
          <span class="dot" aria-hidden="true" />
          {t(`connection.${state}`)}
        </div>
      </div>
      {mayLeaveWall.value && (
        <div class="wall-controls">
          <button type="button" class="header-button" aria-pressed={theme.value === 'dark'} onClick={() => setTheme(theme.value === 'dark' ? 'light' : 'dark')}>
            {t('header.darkTheme')}
          </button>
          <button type="button" class="header-button" aria-pressed="true" onClick={() => setWallMode(false)}>
            {t('header.wallMode')}
          </button>
        </div>
      )}
    </header>
  );
}

/** The next loads by ETA: where they go, when, and how long until then. */
function NextArrivals() {
  const timeZone = siteTimeZone.value;
  const at = now.value;
  const coming = nextArrivals(shipments.value.values(), 5);
  return (
    <section class="wall-next" aria-label={t('wall.nextArrivals')}>
      <h2>{t('wall.nextArrivals')}</h2>
      {coming.length === 0 ? (
        <p class="wall-empty">{t('wall.noneComing')}</p>
      ) : (
        <ol>
          {coming.map((s) => (
            <li key={s.id} data-shipment-id={s.id} class={`wall-next-card status-${s.windowStatus}`}>
              <span class="wall-door">{s.dock ? t('wall.door', { dock: s.dock }) : t('wall.noDock')}</span>
              <span class="wall-countdown" data-col="countdown">
                {s.eta ? formatCountdown(Date.parse(s.eta) - at) : '—'}
              </span>
              <span class="wall-next-ref" title={s.reference}>
                {refEnd(s.reference, 14)}
              </span>
              <span class="wall-next-meta">
                {s.eta ? formatSiteTime(s.eta, at, timeZone) : '—'} · <StatusChip s={s} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Per door: the truck at it now, the next one with its countdown, and how long it has stood free. */
function DoorView() {
  const lastBusy = useMemo(() => new Map<string, number>(), []);
  const at = now.value;
  const doors = doorView(dockNames.value, shipments.value.values(), minuteClock.value, lastBusy, hasPriority);
  return (
    <section class="wall-doors" aria-label={t('wall.doors')}>
      <h2>{t('wall.doors')}</h2>
      <ul>
        {doors.map((d) => (
          <li key={d.dock} data-dock={d.dock} class={d.atDoor ? 'busy' : 'free'}>
            <span class="wall-door">{d.dock}</span>
            <span class="door-now" data-col="at-door">
              {d.atDoor ? (
                <>
                  <span aria-hidden="true">▶</span> {refEnd(d.atDoor.reference, 12)} <small>{lifecycleLabel(d.atDoor.status)}</small>
                </>
              ) : (
                <>
                  <span aria-hidden="true">○</span> {t('wall.free')}
                  {d.freeSince !== null && <small> {t('wall.idleFor', { duration: formatMinutes(Math.max(0, Math.round((at - d.freeSince) / 60_000))) })}</small>}
                </>
              )}
            </span>
            <span class="door-next" data-col="next">
              {d.next ? (
                <>
                  {t('wall.next')}: {hasPriority(d.next) && (
                    <span class="priority-badge" data-priority="true" title={t('scorecards.priority')} aria-label={t('scorecards.priority')}>
                      ★
                    </span>
                  )}
                  {refEnd(d.next.reference, 12)}{' '}
                  <strong>{d.next.arrivedAt ? lifecycleLabel(d.next.status) : d.next.eta ? formatCountdown(Date.parse(d.next.eta) - at) : '—'}</strong>
                </>
              ) : (
                '—'
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The open alerts' headlines: what, which load, how late. */
function WallAlerts() {
  const open = alerts.list.value.filter((a) => a.state === 'open');
  if (open.length === 0) return null;
  return (
    <section class="wall-alerts" aria-label={t('wall.openAlerts')}>
      <h2>{t('wall.openAlerts')}</h2>
      <ul>
        {open.slice(0, 8).map((a) => (
          <li key={a.id} class={`alert-${a.kind}`} data-alert-id={a.id}>
            <span class="alert-kind">
              <span aria-hidden="true">{ALERT_KIND_STYLE[a.kind].symbol}</span> {ALERT_KIND_STYLE[a.kind].label}
            </span>
            {/* A shortage alert names its part; the others their load. */}
            <span>{a.material ? a.material.sku : refEnd(a.reference ?? '', 12)}</span>
            <small>{alertDelayText(a) ?? ''}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

function WallRow({ s }: { s: Shipment }) {
  const timeZone = siteTimeZone.value;
  const at = now.value;
  const f = windowFacts(s, timeZone, at);
  const verdict = windowVerdict(s, at);
  const exception = s.status === 'exception';
  return (
    <tr data-shipment-id={s.id} data-window-status={s.windowStatus} class={`${exception ? 'is-exception' : ''} status-${s.windowStatus}`}>
      <td class="ref" title={s.reference}>
        <bdi dir="ltr">{refEnd(s.reference, 11)}</bdi>
      </td>
      <td class="clip supplier">{s.supplier}</td>
      <td class="dock">{s.dock ?? '—'}</td>
      <td class="time" data-col="window">
        {f.window}
      </td>
      {/* Once arrived, the arrival time: the status column says it has arrived. */}
      <td class="time" data-col="eta">
        {s.arrivedAt ? formatSiteTime(s.arrivedAt, at, timeZone) : f.eta}
      </td>
      <td class={`delta ${verdict.late ? 'late' : ''}`} data-col="delta">
        {verdict.text ?? '—'}
      </td>
      <td>
        <StatusChip s={s} />
      </td>
      <td data-col="status" class="lifecycle">
        {exception && <span aria-hidden="true">⚠ </span>}
        {lifecycleLabel(s.status)}
      </td>
    </tr>
  );
}

/** The board in wall type: as many rows as fit, turning pages by the clock so every load shows within a minute. */
function WallBoard() {
  const board = shipments.value;
  // Every load, whatever filters this browser had at the desk: a wall screen hides none.
  const rows = useMemo(() => visibleShipments(board.values(), NO_FILTERS, carrierName), [board]);
  const scroller = useRef<HTMLDivElement>(null);
  const [perPage, setPerPage] = useState(10);
  const since = useMemo(() => now.peek(), []);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      const head = el.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const row = el.querySelector('tbody tr')?.getBoundingClientRect().height ?? parseFloat(getComputedStyle(el).fontSize) * 2;
      setPerPage(Math.max(1, Math.floor((el.clientHeight - head) / row)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [rows.length > 0]);
  const plan = pagePlan(rows.length, perPage);
  const page = pageAt(now.value, since, plan);
  const shown = rows.slice(page * perPage, (page + 1) * perPage);
  return (
    <section class="wall-board" aria-label={t('app.boardLabel')} data-page={page + 1} data-pages={plan.pages} data-page-ms={plan.pageMs}>
      <div class="wall-board-scroll" ref={scroller}>
        <table class="board">
          <colgroup>
            {['ref', 'supplier', 'dock', 'window', 'eta', 'delta', 'chip', 'status'].map((c) => (
              <col key={c} class={`c-${c}`} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('board.reference')}</th>
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
            {shown.map((s) => (
              <WallRow key={s.id} s={s} />
            ))}
          </tbody>
        </table>
      </div>
      {plan.pages > 1 && (
        <p class="wall-page" aria-live="off">
          {t('wall.page', { page: page + 1, pages: plan.pages })}{' '}
          <span aria-hidden="true">
            {Array.from({ length: plan.pages }, (_, i) => (i === page ? '●' : '○')).join(' ')}
          </span>
        </p>
      )}
    </section>
  );
}

/** The dock office's wall screen: what is late, what comes next and at which door, readable from across the room. */
export function WallScreen() {
  return (
    <div class="wall" data-wall="on">
      <WallHeader />
      <NextArrivals />
      <main class="wall-main">
        <WallBoard />
        <div class="wall-side">
          <DoorView />
          <WallAlerts />
        </div>
      </main>
    </div>
  );
}
