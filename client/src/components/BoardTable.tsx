import { useComputed, useSignalEffect } from '@preact/signals';
import { memo } from 'preact/compat';
import { useMemo, useRef } from 'preact/hooks';
import { ageClock, siteTimeZone, siteToday, visibleIds } from '../board/derived';
import { isStale, lastPingAge, lastPingText, windowFacts } from '../board/describe';
import { stableComputed } from '../board/stable-computed';
import { carrierName, config, hasPriority, select, selectedId, shipmentCell, site } from '../board/store';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from '../board/window-status';
import { windowVerdict, type WindowVerdict } from '../board/window-verdict';
import { useNearView } from './near-view';
import { t } from '../i18n/i18n';
import { partCovers } from '../coverage/part-covers';
import { UnreadBadge } from './UnreadBadge';
import { loadVerdict } from '../coverage/part-cover-model';

const staleAfterSeconds = () => config.value?.staleAfterSeconds ?? 600;

/** The last-ping cell: the only part of a row that changes with the clock. */
function LastPing({ id }: { id: string }) {
  const s = shipmentCell(id).value;
  if (!s) return <td role="gridcell" class="age" data-col="age" />;
  const at = ageClock.value;
  const stale = isStale(s, at, staleAfterSeconds());
  return (
    <td role="gridcell" class={`age ${stale ? 'is-stale' : ''}`} data-col="age">
      {s.position ? lastPingText(lastPingAge(s, at)) : '—'}
      {stale && <span class="stale-badge">{t('board.stale')}</span>}
    </td>
  );
}

const sameVerdict = (a: WindowVerdict | null, b: WindowVerdict | null) => a === b || (a !== null && b !== null && a.text === b.text && a.late === b.late);

/**
 * The early/late cell. It follows the clock too (a truck still on the road when its window
 * closes has missed it), but re-renders only when its text changes.
 */
function Verdict({ id }: { id: string }) {
  const verdict = useMemo(
    () =>
      stableComputed(() => {
        const s = shipmentCell(id).value;
        return s ? windowVerdict(s, ageClock.value) : null;
      }, sameVerdict),
    [id],
  );
  const v = verdict.value;
  return (
    <td role="gridcell" class={`delta ${v?.late ? 'late' : ''}`} data-col="delta">
      {v?.text ?? '—'}
    </td>
  );
}

/** Rows per `<tbody>`: a group far from the board's view renders no rows, only its height. */
const ROWS_PER_GROUP = 25;

/** How far above and below the board's view rows are rendered: more than a fast wheel flick. */
const OVERSCAN_PX = 1000;

/** The row above or below, across row groups. */
function adjacentRow(row: HTMLElement, down: boolean): HTMLElement | null {
  const sibling = down ? row.nextElementSibling : row.previousElementSibling;
  if (sibling) return sibling as HTMLElement;
  const group = row.parentElement?.[down ? 'nextElementSibling' : 'previousElementSibling'];
  return ((down ? group?.firstElementChild : group?.lastElementChild) as HTMLElement | null | undefined) ?? null;
}

function onRowKey(e: KeyboardEvent, id: string) {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    void select(id);
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const row = adjacentRow(e.currentTarget as HTMLElement, e.key === 'ArrowDown');
    row?.focus();
    if (row?.dataset.shipmentId) void select(row.dataset.shipmentId);
  }
}

/** `ids` in consecutive groups of `size`. */
function groupsOf(ids: readonly string[], size: number): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < ids.length; i += size) groups.push(ids.slice(i, i + size));
  return groups;
}

/**
 * One shipment's row. It reads its own shipment cell, so a delta batch re-renders the rows it
 * changed and no others; the list around it re-renders only when rows come, go or move.
 */
const Row = memo(function Row({ id, index }: { id: string; index: number }) {
  const s = shipmentCell(id).value;
  const selected = useComputed(() => selectedId.value === id).value;
  // The parts whose run-out this load's lateness causes, as text (stable while nothing about them moves).
  const stops = useComputed(() => {
    const shipment = shipmentCell(id).value;
    const verdict = shipment ? loadVerdict(shipment.items, id, partCovers.value) : null;
    return verdict?.verdict === 'stops' ? verdict.parts.map((p) => (p.line ? `${p.sku} (${p.line})` : p.sku)).join(', ') : null;
  }).value;
  const timeZone = siteTimeZone.value;
  const today = siteToday.value.at;
  if (!s) return null;
  const f = windowFacts(s, timeZone, today);
  const style = WINDOW_STATUS_STYLE[s.windowStatus];
  const carrier = carrierName(s.carrierId);
  return (
    <tr
      role="row"
      aria-rowindex={index + 2}
      data-shipment-id={s.id}
      data-version={s.version}
      data-window-status={s.windowStatus}
      data-status={s.status}
      class={selected ? 'selected' : undefined}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => void select(id)}
      onKeyDown={(e) => onRowKey(e, id)}
    >
      <td role="gridcell" class="ref clip" title={stops ? `${s.reference}: ${t('parts.lineStop', { parts: stops })}` : s.reference}>
        {hasPriority(s) && (
          <span class="priority-badge" data-priority="true" title={t('scorecards.priority')} aria-label={t('scorecards.priority')}>
            ★
          </span>
        )}
        {stops && (
          <span class="line-stop" data-col="line-stop" role="img" aria-label={t('parts.lineStop', { parts: stops })}>
            !
          </span>
        )}
        <UnreadBadge shipmentId={id} />
        <bdi dir="ltr">{s.reference}</bdi>
      </td>
      <td role="gridcell" class="clip" title={s.supplier} data-col="supplier">
        {s.supplier}
      </td>
      <td role="gridcell" class="clip" title={carrier} data-col="carrier">
        {carrier}
      </td>
      <td role="gridcell" class="dock">
        {s.dock ?? '—'}
      </td>
      <td role="gridcell" class="time" data-col="window">
        {f.window}
      </td>
      <td role="gridcell" class="time" data-col="eta" title={f.etaBand ? t('board.etaTitle', { eta: f.eta, band: f.etaBand }) : undefined}>
        {f.eta}
        {f.etaBand && <span class="eta-band"> ({f.etaBand})</span>}
      </td>
      <Verdict id={id} />
      <td role="gridcell">
        <span class={`chip chip-${s.windowStatus}`} data-col="window-status">
          <span aria-hidden="true">{style.symbol}</span> {style.label}
        </span>
      </td>
      <td role="gridcell" data-col="status">
        {lifecycleLabel(s.status)}
      </td>
      <LastPing id={id} />
    </tr>
  );
});

/**
 * Board rows `first`… in one `<tbody>` of fixed height. Only while near the board's view does it
 * render them: a delta batch or a clock tick then costs the rows a clerk can see, not thousands.
 */
const RowGroup = memo(function RowGroup({ ids, first }: { ids: readonly string[]; first: number }) {
  const [ref, near] = useNearView<HTMLTableSectionElement>('.board-scroll', OVERSCAN_PX);
  return (
    <tbody ref={ref} role="rowgroup" style={{ height: `calc(${ids.length} * var(--row-height))` }}>
      {near && ids.map((id, i) => <Row key={id} id={id} index={first + i} />)}
    </tbody>
  );
});

/**
 * Brings board row `index` into view (nearest edge, clear of the sticky header) when it is not
 * rendered: rows are of one height, so its place follows from its group's.
 */
function revealRow(scroller: HTMLElement, index: number, rows: number) {
  const first = index - (index % ROWS_PER_GROUP);
  const group = scroller.querySelectorAll<HTMLElement>('tbody')[first / ROWS_PER_GROUP];
  const header = scroller.querySelector('thead');
  if (index < 0 || !group || !header) return;
  const rowHeight = group.offsetHeight / Math.min(ROWS_PER_GROUP, rows - first);
  const top = group.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop + (index % ROWS_PER_GROUP) * rowHeight;
  const headerHeight = header.offsetHeight;
  if (top - headerHeight < scroller.scrollTop) scroller.scrollTop = top - headerHeight;
  else if (top + rowHeight > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + rowHeight - scroller.clientHeight;
}

/**
 * The inbound board: a `<table>` with grid semantics, one row per shipment, the whole count in
 * `aria-rowcount` and each row's place in `aria-rowindex`. Rows are fixed-height CSS grids with
 * layout containment, so a changed cell never re-lays out the table around it, and only the row
 * groups near the view are rendered at all.
 */
export function BoardTable() {
  const current = site.value;
  const ids = visibleIds.value;
  const wrapper = useRef<HTMLDivElement>(null);

  // A marker picked on the map brings its row into view, without scrolling otherwise.
  useSignalEffect(() => {
    const chosen = selectedId.value;
    const scroller = wrapper.current;
    if (!chosen || !scroller) return;
    const row = scroller.querySelector<HTMLElement>(`tr[data-shipment-id="${chosen}"]`);
    if (row) row.scrollIntoView({ block: 'nearest' });
    else revealRow(scroller, visibleIds.peek().indexOf(chosen), visibleIds.peek().length);
  });

  if (!current) return null;
  return (
    <div class="board-scroll" ref={wrapper}>
      <table class="board inbound" role="grid" aria-readonly="true" aria-label={t('board.label', { site: current.name })} aria-rowcount={ids.length + 1}>
        <thead role="rowgroup">
          <tr role="row" aria-rowindex={1}>
            <th role="columnheader" scope="col">{t('board.reference')}</th>
            <th role="columnheader" scope="col">{t('board.supplier')}</th>
            <th role="columnheader" scope="col" data-col="carrier">{t('board.carrier')}</th>
            <th role="columnheader" scope="col">{t('board.dock')}</th>
            <th role="columnheader" scope="col">{t('board.window')}</th>
            <th role="columnheader" scope="col">{t('board.eta')}</th>
            <th role="columnheader" scope="col">{t('board.earlyLate')}</th>
            <th role="columnheader" scope="col">{t('board.windowStatus')}</th>
            <th role="columnheader" scope="col">{t('board.status')}</th>
            <th role="columnheader" scope="col" data-col="age">{t('board.lastPing')}</th>
          </tr>
        </thead>
        {groupsOf(ids, ROWS_PER_GROUP).map((group, i) => (
          <RowGroup key={i} ids={group} first={i * ROWS_PER_GROUP} />
        ))}
      </table>
      {ids.length === 0 && <p class="empty">{t('board.empty')}</p>}
    </div>
  );
}
