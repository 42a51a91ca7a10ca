import type { Shipment } from '@dockwatch/shared';
import { memo } from 'preact/compat';
import { useEffect, useRef } from 'preact/hooks';
import { shipmentFacts } from '../board/describe';
import { carrierName, config, now, select, selectedId, site, visible } from '../board/store';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from '../board/window-status';

/** Ages refresh every 5 s: often enough for a clerk, cheap enough for thousands of rows. */
const AGE_STEP_MS = 5_000;

interface RowProps {
  shipment: Shipment;
  selected: boolean;
  carrier: string;
  timeZone: string;
  nowBucket: number;
  staleAfterSeconds: number;
}

const Row = memo(function Row({ shipment: s, selected, carrier, timeZone, nowBucket, staleAfterSeconds }: RowProps) {
  const f = shipmentFacts(s, timeZone, nowBucket, staleAfterSeconds);
  const style = WINDOW_STATUS_STYLE[s.windowStatus];
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      void select(s.id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const row = (e.currentTarget as HTMLElement)[e.key === 'ArrowDown' ? 'nextElementSibling' : 'previousElementSibling'] as HTMLElement | null;
      row?.focus();
      if (row?.dataset.shipmentId) void select(row.dataset.shipmentId);
    }
  };
  return (
    <tr
      data-shipment-id={s.id}
      data-version={s.version}
      data-window-status={s.windowStatus}
      class={`${selected ? 'selected' : ''} ${f.stale ? 'stale' : ''}`}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => void select(s.id)}
      onKeyDown={onKey}
    >
      <td class="ref">{s.reference}</td>
      <td class="clip" title={s.supplier}>
        {s.supplier}
      </td>
      <td class="clip" title={carrier}>
        {carrier}
      </td>
      <td class="dock">{s.dock ?? '—'}</td>
      <td class="time" data-col="window">{f.window}</td>
      <td class="time" data-col="eta">{f.eta}</td>
      <td class={`delta ${f.deltaMinutes && f.deltaMinutes > 0 ? 'late' : ''}`} data-col="delta">
        {f.delta ?? '—'}
      </td>
      <td>
        <span class={`chip chip-${s.windowStatus}`} data-col="window-status">
          <span aria-hidden="true">{style.symbol}</span> {style.label}
        </span>
      </td>
      <td data-col="status">{lifecycleLabel(s.status)}</td>
      <td class={`age ${f.stale ? 'is-stale' : ''}`} data-col="age">
        {f.lastPingAgeMs === null ? '—' : f.lastPing}
        {f.stale && <span class="stale-badge">stale</span>}
      </td>
    </tr>
  );
});

export function BoardTable() {
  const current = site.value;
  const rows = visible.value;
  const chosen = selectedId.value;
  const nowBucket = Math.floor(now.value / AGE_STEP_MS) * AGE_STEP_MS;
  const staleAfter = config.value?.staleAfterSeconds ?? 600;
  const wrapper = useRef<HTMLDivElement>(null);

  // A marker picked on the map brings its row into view, without scrolling otherwise.
  useEffect(() => {
    if (!chosen || !wrapper.current) return;
    const row = wrapper.current.querySelector<HTMLElement>(`tr[data-shipment-id="${chosen}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [chosen]);

  if (!current) return null;
  return (
    <div class="board-scroll" ref={wrapper}>
      <table class="board" aria-label={`Inbound shipments at ${current.name}`} aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Supplier</th>
            <th scope="col">Carrier</th>
            <th scope="col">Dock</th>
            <th scope="col">Window</th>
            <th scope="col">ETA</th>
            <th scope="col">Early / late</th>
            <th scope="col">Window status</th>
            <th scope="col">Status</th>
            <th scope="col">Last ping</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <Row
              key={s.id}
              shipment={s}
              selected={s.id === chosen}
              carrier={carrierName(s.carrierId)}
              timeZone={current.timezone}
              nowBucket={nowBucket}
              staleAfterSeconds={staleAfter}
            />
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p class="empty">No inbound shipments match.</p>}
    </div>
  );
}
