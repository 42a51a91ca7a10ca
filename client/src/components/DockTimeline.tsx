import type { Shipment } from '@dockwatch/shared';
import { memo } from 'preact/compat';
import { docksInUse } from '../board/board-filter';
import { now, select, selectedId, shipments, site, visible } from '../board/store';
import { dockRows } from '../board/timeline';
import { WINDOW_STATUS_STYLE } from '../board/window-status';
import { formatClock, localHourTicks } from '../format/time';

const BEFORE_NOW_MS = 2 * 3_600_000;
const SPAN_MS = 14 * 3_600_000;
const LANE_PX = 22;

/** Where `t` falls on the timeline starting at `from`, in percent, clamped to its ends. */
const percentAt = (t: number, from: number): number => ((Math.min(Math.max(t, from), from + SPAN_MS) - from) / SPAN_MS) * 100;

interface BarProps {
  shipment: Shipment;
  lane: number;
  from: number;
  selected: boolean;
}

// Memoized: a delta batch changes a handful of bars, and thousands would otherwise be re-rendered with it.
const Bar = memo(function Bar({ shipment: s, lane, from, selected }: BarProps) {
  const start = percentAt(Date.parse(s.windowStart), from);
  const end = percentAt(Date.parse(s.windowEnd), from);
  const arrival = s.arrivedAt ?? s.eta;
  const style = WINDOW_STATUS_STYLE[s.windowStatus];
  return (
    <button
      type="button"
      class={`bar bar-${s.windowStatus} ${selected ? 'selected' : ''}`}
      style={{ left: `${start}%`, width: `${Math.max(0.4, end - start)}%`, top: `${lane * LANE_PX + 3}px` }}
      title={`${s.reference} · ${s.supplier} · ${style.label}`}
      onClick={() => void select(s.id)}
    >
      <span class="bar-label">{s.reference}</span>
      {arrival && (
        <span
          class="eta-mark"
          style={{ left: `${((percentAt(Date.parse(arrival), from) - start) / Math.max(0.4, end - start)) * 100}%`, background: style.color }}
          aria-hidden="true"
        />
      )}
    </button>
  );
});

/** Per dock, the receiving windows ahead as bars, with each shipment's ETA drawn against its window. */
export function DockTimeline() {
  const current = site.value;
  if (!current) return null;
  const from = Math.floor((now.value - BEFORE_NOW_MS) / 900_000) * 900_000;
  const to = from + SPAN_MS;
  const pct = (t: number) => percentAt(t, from);
  const docks = docksInUse(current.docks, shipments.value.values());
  const rows = dockRows(docks, visible.value, from, to);
  const ticks = localHourTicks(from, to, current.timezone);
  const chosen = selectedId.value;

  return (
    <section class="timeline" aria-label="Dock timeline">
      <div class="timeline-head">
        <h2>Dock timeline</h2>
        <span class="hint">bars: receiving windows, past 2 h and next 12 h · ◆ ETA or arrival · line: now</span>
      </div>
      <div class="timeline-grid">
        <div class="timeline-axis">
          {ticks.map((t) => (
            <span key={t} class="tick" style={{ left: `${pct(t)}%` }}>
              {formatClock(t, current.timezone)}
            </span>
          ))}
        </div>
        {rows.map((row) => (
          <div class="dock-row" key={row.dock ?? '—'}>
            <div class="dock-label">
              {row.dock ? `Dock ${row.dock}` : 'No dock'}
              <span class="dock-count">{row.bars.length}</span>
            </div>
            <div class="dock-lane" style={{ height: `${row.lanes * LANE_PX + 6}px` }}>
              {ticks.map((t) => (
                <span key={t} class="gridline" style={{ left: `${pct(t)}%` }} />
              ))}
              <span class="now-line" style={{ left: `${pct(now.value)}%` }} aria-hidden="true" />
              {row.bars.map(({ shipment: s, lane }) => (
                <Bar key={s.id} shipment={s} lane={lane} from={from} selected={s.id === chosen} />
              ))}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}
