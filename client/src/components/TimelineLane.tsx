import { useComputed } from '@preact/signals';
import type { WindowStatus } from '@dockwatch/shared';
import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import { stableComputed } from '../board/stable-computed';
import { select, selectedId, shipmentCell } from '../board/store';
import { barLabel, onePlace, placeBands, placeBars, timelinePercent, type TimelineBar } from '../board/timeline';
import { WINDOW_STATUS_STYLE } from '../board/window-status';
import { useNearView } from './near-view';
import { laneGeometry } from './timeline-geometry';

/*
 * Bars and ETA marks are laid out in flow (flex rows stacked in one grid cell), not absolutely
 * positioned: thousands of positioned boxes would each become a paint layer that the browser
 * re-layers on every frame, whatever changed.
 */

/** What a bar shows of its shipment; the ETA is its lane's mark, not the bar. */
interface BarFace {
  reference: string;
  supplier: string;
  windowStatus: WindowStatus;
}

const sameFace = (a: BarFace | null, b: BarFace | null) =>
  a === b || (a !== null && b !== null && a.reference === b.reference && a.supplier === b.supplier && a.windowStatus === b.windowStatus);

// Each bar reads what it shows of its own shipment: a delta that moved only an ETA or a
// position (most of them) re-renders the lane's marks and leaves the bar alone.
const Bar = memo(function Bar({ id, gap, width }: { id: string; gap: number; width: number }) {
  const face = useMemo(
    () =>
      stableComputed((): BarFace | null => {
        const s = shipmentCell(id).value;
        return s ? { reference: s.reference, supplier: s.supplier, windowStatus: s.windowStatus } : null;
      }, sameFace),
    [id],
  );
  const s = face.value;
  const selected = useComputed(() => selectedId.value === id).value;
  const geometry = laneGeometry.value;
  if (!s) return null;
  const style = WINDOW_STATUS_STYLE[s.windowStatus];
  const label = geometry ? barLabel(s.reference, (width / 100) * geometry.px, geometry.chars.of) : '';
  return (
    <button
      type="button"
      class={`bar bar-${s.windowStatus} ${selected ? 'selected' : ''}`}
      style={{ marginLeft: `${gap}%`, width: `${width}%` }}
      title={`${s.reference} · ${s.supplier} · ${style.label}`}
      aria-label={`${s.reference}, ${style.label}`}
      onClick={() => void select(id)}
    >
      {label}
    </button>
  );
});

/** The lane's ETA (or arrival) marks, drawn over its bars, left to right, each over a faint strip of its ETA band. */
function Marks({ ids, from }: { ids: readonly string[]; from: number }) {
  const marks: { id: string; at: number; color: string }[] = [];
  const bands: { id: string; earliest: number; latest: number }[] = [];
  const colors = new Map<string, string>();
  for (const id of ids) {
    const s = shipmentCell(id).value;
    const arrival = s ? (s.arrivedAt ?? s.eta) : null;
    if (!s || !arrival) continue;
    const color = WINDOW_STATUS_STYLE[s.windowStatus].color;
    marks.push({ id, at: onePlace(timelinePercent(Date.parse(arrival), from)), color });
    if (!s.arrivedAt && s.etaEarliest && s.etaLatest) {
      bands.push({ id, earliest: Date.parse(s.etaEarliest), latest: Date.parse(s.etaLatest) });
      colors.set(id, color);
    }
  }
  marks.sort((a, b) => a.at - b.at);
  let previous = 0;
  return (
    <>
      {bands.length > 0 && (
        <div class="lane-bands" aria-hidden="true">
          {placeBands(bands, from).map((b) => (
            <span key={b.id} class="eta-band-strip" style={{ marginLeft: `${b.gap}%`, width: `${b.width}%`, marginRight: `-${b.width}%`, background: colors.get(b.id) }} />
          ))}
        </div>
      )}
      <div class="lane-marks" aria-hidden="true">
        {marks.map((m) => {
          const gap = onePlace(m.at - previous);
          previous = m.at;
          return (
            <span key={m.id} class="eta-mark" style={{ marginLeft: `${gap}%`, color: m.color }}>
              ◆
            </span>
          );
        })}
      </div>
    </>
  );
}

/** How far above and below the timeline's view lanes are rendered (lanes are 22 px high). */
const OVERSCAN_PX = 150;

/**
 * One stacking lane of a dock row, of fixed height. Only while near the timeline's view does it
 * render its bars and ETA marks: a delta batch then costs the lanes a clerk can see.
 */
export const TimelineLane = memo(function TimelineLane({ bars, from }: { bars: readonly TimelineBar[]; from: number }) {
  const [ref, near] = useNearView<HTMLDivElement>('.timeline', OVERSCAN_PX);
  if (!near) return <div class="lane" ref={ref} />;
  const places = placeBars(bars, from);
  return (
    <div class="lane" ref={ref}>
      <div class="lane-bars">
        {places.map((p) => (
          <Bar key={p.id} id={p.id} gap={p.gap} width={p.width} />
        ))}
      </div>
      <Marks ids={places.map((p) => p.id)} from={from} />
    </div>
  );
});
