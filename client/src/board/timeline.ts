import type { Shipment } from '@dockwatch/shared';

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
    list.sort((a, b) => a.windowStart.localeCompare(b.windowStart));
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
