import type { Shipment } from '@dockwatch/shared';

/** Span the dock timeline draws: from two hours back to twelve ahead. */
export const TIMELINE_SPAN_MS = 14 * 3_600_000;

/** Where `t` falls on the timeline starting at `from`, in percent, clamped to its ends. */
export const timelinePercent = (t: number, from: number): number => ((Math.min(Math.max(t, from), from + TIMELINE_SPAN_MS) - from) / TIMELINE_SPAN_MS) * 100;

/**
 * Timeline percentages to one decimal (50 s of the 14 h span, about a pixel on a wall screen):
 * an ETA that moved by seconds then leaves the page as it was, with nothing to lay out or paint.
 */
export const onePlace = (percent: number): number => Math.round(percent * 10) / 10;

/** A bar's place in its lane: the gap after the previous bar and its own width, in percent of the lane. */
export interface BarPlace {
  id: string;
  gap: number;
  width: number;
}

/** Places a lane's bars (in window order) one after another, each after the gap since the previous one ended. */
export function placeBars(bars: readonly TimelineBar[], from: number): BarPlace[] {
  let end = 0;
  return bars.map(({ shipment: s }) => {
    const start = onePlace(timelinePercent(Date.parse(s.windowStart), from));
    // A bar never narrower than 0.4 %, so even a short window stays clickable.
    const width = Math.max(0.4, onePlace(timelinePercent(Date.parse(s.windowEnd), from)) - start);
    const place = { id: s.id, gap: onePlace(start - end), width: onePlace(width) };
    end = start + place.width;
    return place;
  });
}

/** An ETA band's place in its lane: its start after the previous band's start, and its width, in percent. */
export interface BandPlace {
  id: string;
  gap: number;
  width: number;
}

/**
 * Places ETA bands (early edge to late edge, epoch ms) in a lane, by start. Bands overlap
 * freely: each takes no room in the flow (it is drawn with a negative right margin of its
 * width), so each gap counts from the previous band's start. Bands narrower than a tenth of a
 * percent (a few minutes) are left out: the mark alone says as much.
 */
export function placeBands(bands: readonly { id: string; earliest: number; latest: number }[], from: number): BandPlace[] {
  const placed = bands
    .map((b) => ({ id: b.id, start: onePlace(timelinePercent(b.earliest, from)), end: onePlace(timelinePercent(b.latest, from)) }))
    .filter((b) => b.end - b.start >= 0.1)
    .sort((a, b) => a.start - b.start);
  let previous = 0;
  return placed.map((b) => {
    const gap = onePlace(b.start - previous);
    previous = b.start;
    return { id: b.id, gap, width: onePlace(b.end - b.start) };
  });
}

export interface TimelineBar {
  shipment: Shipment;
  /** Stacking lane inside the dock row: overlapping windows get separate lanes. */
  lane: number;
}

export interface DockRow {
  dock: string | null;
  bars: TimelineBar[];
  lanes: number;
}

/** Windows per dock, overlapping ones stacked in lanes (greedy, by window start). */
export function dockRows(docks: readonly string[], shipments: Iterable<Shipment>, from: number, to: number): DockRow[] {
  const byDock = new Map<string | null, Shipment[]>(docks.map((d) => [d, []]));
  for (const s of shipments) {
    if (Date.parse(s.windowEnd) < from || Date.parse(s.windowStart) > to) continue;
    const key = s.dock ?? null;
    if (!byDock.has(key)) byDock.set(key, []);
    byDock.get(key)!.push(s);
  }
  const rows: DockRow[] = [];
  for (const [dock, list] of byDock) {
    // ISO instants in UTC sort as plain strings.
    list.sort((a, b) => (a.windowStart < b.windowStart ? -1 : a.windowStart > b.windowStart ? 1 : 0));
    const laneEnds: number[] = [];
    const bars = list.map((shipment) => {
      const start = Date.parse(shipment.windowStart);
      let lane = laneEnds.findIndex((end) => end <= start);
      if (lane === -1) lane = laneEnds.length;
      laneEnds[lane] = Date.parse(shipment.windowEnd);
      return { shipment, lane };
    });
    if (dock === null && bars.length === 0) continue;
    rows.push({ dock, bars, lanes: Math.max(1, laneEnds.length) });
  }
  return rows;
}

/** A dock row's bars lane by lane, top lane first. */
export function barsByLane(row: DockRow): TimelineBar[][] {
  const lanes: TimelineBar[][] = Array.from({ length: row.lanes }, () => []);
  for (const bar of row.bars) lanes[bar.lane]!.push(bar);
  return lanes;
}

/** Horizontal padding and border of a timeline bar, in pixels (see `.bar` in styles.css). */
export const BAR_INSET_PX = 12;

/**
 * What a bar `px` wide shows of its reference: all of it when it fits, else as much of its end
 * as fits behind an ellipsis (`…0060`: the end tells loads apart, a shared prefix does not), else
 * nothing. Bars are not clipped (a clip per bar costs every frame), so the label must fit.
 */
export function barLabel(reference: string, px: number, charWidth: (char: string) => number): string {
  const room = px - BAR_INSET_PX;
  const chars = [...reference];
  const widths = chars.map(charWidth);
  let used = widths.reduce((sum, w) => sum + w, 0);
  if (used <= room) return reference;
  used += charWidth('…');
  for (let start = 0; start < chars.length - 2; start++) {
    used -= widths[start]!;
    if (used <= room) return `…${chars.slice(start + 1).join('')}`;
  }
  return '';
}
