import { useComputed, useSignalEffect } from '@preact/signals';
import { memo } from 'preact/compat';
import { useRef } from 'preact/hooks';
import { ageClock, siteTimeZone, siteToday, visibleIds } from '../board/derived';
import { isStale, lastPingAge, lastPingText, windowDelta, windowFacts } from '../board/describe';
import { formatWindowDelta } from '../format/time';
import { carrierName, config, select, selectedId, shipmentCell, site } from '../board/store';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from '../board/window-status';

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
      {stale && <span class="stale-badge">stale</span>}
    </td>
  );
}

/** Rows per `<tbody>`: each group skips rendering while out of view (content-visibility). */
const ROWS_PER_GROUP = 25;

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
const Row = memo(function Row({ id }: { id: string }) {
  const s = shipmentCell(id).value;
  const selected = useComputed(() => selectedId.value === id).value;
  const timeZone = siteTimeZone.value;
  const today = siteToday.value.at;
  if (!s) return null;
  const f = windowFacts(s, timeZone, today);
  const deltaMinutes = windowDelta(s);
  const style = WINDOW_STATUS_STYLE[s.windowStatus];
  const carrier = carrierName(s.carrierId);
  return (
    <tr
      role="row"
      data-shipment-id={s.id}
      data-version={s.version}
      data-window-status={s.windowStatus}
      class={selected ? 'selected' : undefined}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => void select(id)}
      onKeyDown={(e) => onRowKey(e, id)}
    >
      <td role="gridcell" class="ref clip" title={s.reference}>
        <bdi dir="ltr">{s.reference}</bdi>
      </td>
      <td role="gridcell" class="clip" title={s.supplier}>
        {s.supplier}
      </td>
      <td role="gridcell" class="clip" title={carrier}>
        {carrier}
      </td>
      <td role="gridcell" class="dock">
        {s.dock ?? '—'}
      </td>
      <td role="gridcell" class="time" data-col="window">
        {f.window}
      </td>
      <td role="gridcell" class="time" data-col="eta">
        {f.eta}
      </td>
      <td role="gridcell" class={`delta ${deltaMinutes && deltaMinutes > 0 ? 'late' : ''}`} data-col="delta">
        {formatWindowDelta(deltaMinutes) ?? '—'}
      </td>
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
 * The inbound board: a `<table>` with grid semantics, one row per shipment. Rows are laid out
 * as fixed-height CSS grids with layout containment, so a changed cell never re-lays out the
 * table around it, and row groups out of view skip rendering altogether.
 */
export function BoardTable() {
  const current = site.value;
  const ids = visibleIds.value;
  const wrapper = useRef<HTMLDivElement>(null);

  // A marker picked on the map brings its row into view, without scrolling otherwise.
  useSignalEffect(() => {
    const chosen = selectedId.value;
    if (!chosen || !wrapper.current) return;
    const row = wrapper.current.querySelector<HTMLElement>(`tr[data-shipment-id="${chosen}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  });

  if (!current) return null;
  return (
    <div class="board-scroll" ref={wrapper}>
      <table class="board inbound" role="grid" aria-readonly="true" aria-label={`Inbound shipments at ${current.name}`} aria-rowcount={ids.length + 1}>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">Reference</th>
            <th role="columnheader" scope="col">Supplier</th>
            <th role="columnheader" scope="col">Carrier</th>
            <th role="columnheader" scope="col">Dock</th>
            <th role="columnheader" scope="col">Window</th>
            <th role="columnheader" scope="col">ETA</th>
            <th role="columnheader" scope="col">Early / late</th>
            <th role="columnheader" scope="col">Window status</th>
            <th role="columnheader" scope="col">Status</th>
            <th role="columnheader" scope="col">Last ping</th>
          </tr>
        </thead>
        {groupsOf(ids, ROWS_PER_GROUP).map((group, i) => (
          <tbody key={i} role="rowgroup" style={{ containIntrinsicSize: `auto calc(${group.length} * var(--row-height))` }}>
            {group.map((id) => (
              <Row key={id} id={id} />
            ))}
          </tbody>
        ))}
      </table>
      {ids.length === 0 && <p class="empty">No inbound shipments match.</p>}
    </div>
  );
}
