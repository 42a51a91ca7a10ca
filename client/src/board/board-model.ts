import { isActiveStatus, type Shipment, type Track } from '@dockwatch/shared';

export interface DeltaResult {
  shipments: Map<string, Shipment>;
  /** Shipments that left the board (received, cancelled) and the version they left at. */
  departed: Map<string, number>;
  /** True when a delta skipped versions: some change was missed, so reload the snapshot. */
  gap: boolean;
  /** How many deltas changed the board. */
  applied: number;
}

type Board = ReadonlyMap<string, Shipment>;

/** How each board `applyDeltas` built came from the one before it. */
const lineage = new WeakMap<Board, { before: Board; changed: ReadonlySet<string> }>();

/**
 * The ids of shipments that were set or removed between `before` and `after`, when `after` is
 * `applyDeltas`' board for `before` (or `before` itself); null when unknown (a snapshot, or
 * boards further apart): then compare the whole board. Lets per-frame work that depends on a
 * few fields look at the changed shipments instead of thousands.
 */
export function changesBetween(before: Board, after: Board): ReadonlySet<string> | null {
  if (before === after) return new Set();
  const step = lineage.get(after);
  return step?.before === before ? step.changed : null;
}

/**
 * Applies a batch of `shipments:updated` deltas to the board. Each delta is the whole shipment,
 * so the newest version wins; older or repeated versions are ignored, shipments that are no
 * longer active leave the board (and an older delta arriving late cannot bring them back),
 * and a skipped version reports a gap.
 */
export function applyDeltas(
  current: ReadonlyMap<string, Shipment>,
  deltas: readonly Shipment[],
  siteId: string,
  departed: ReadonlyMap<string, number> = new Map(),
): DeltaResult {
  let next: Map<string, Shipment> | null = null;
  const changed = new Set<string>();
  const gone = new Map(departed);
  let gap = false;
  let applied = 0;
  for (const delta of deltas) {
    if (delta.siteId !== siteId) continue;
    const leftAt = gone.get(delta.id);
    if (leftAt !== undefined && delta.version <= leftAt) continue;
    const board: ReadonlyMap<string, Shipment> = next ?? current;
    const known = board.get(delta.id);
    if (known && delta.version <= known.version) continue;
    if (known && delta.version > known.version + 1) gap = true;
    if (isActiveStatus(delta.status)) {
      next ??= new Map(current);
      next.set(delta.id, delta);
      changed.add(delta.id);
      applied++;
    } else {
      gone.set(delta.id, delta.version);
      if (known) {
        next ??= new Map(current);
        next.delete(delta.id);
        changed.add(delta.id);
        applied++;
      }
    }
  }
  const shipments = next ?? new Map(current);
  lineage.set(shipments, { before: current, changed });
  return { shipments, departed: gone, gap, applied };
}

/** The board from a snapshot, keeping any delta that is newer than the snapshot's copy. */
export function mergeSnapshot(snapshot: readonly Shipment[], pending: readonly Shipment[], siteId: string): Map<string, Shipment> {
  const merged = new Map(snapshot.map((s) => [s.id, s]));
  // Held deltas can be out of order (a REST answer racing the socket): only each shipment's newest counts.
  const newest = new Map<string, Shipment>();
  for (const d of pending) {
    if (d.siteId !== siteId) continue;
    const seen = newest.get(d.id);
    if (!seen || d.version > seen.version) newest.set(d.id, d);
  }
  // Versions jumping past the snapshot are fine here: the snapshot itself is the resync.
  for (const d of newest.values()) {
    const known = merged.get(d.id);
    if (known && d.version <= known.version) continue;
    if (isActiveStatus(d.status)) merged.set(d.id, d);
    else merged.delete(d.id);
  }
  return merged;
}

/** A shipment's drawn track with the newer positions its deltas carry appended (the same track when none are new). */
export function trackWithPositions(t: Track, deltas: readonly Shipment[]): Track {
  const fresh = deltas.filter((d) => d.id === t.properties.shipmentId && d.position && d.position.ts > (t.properties.timestamps.at(-1) ?? ''));
  if (fresh.length === 0) return t;
  const points = fresh.map((d) => d.position!).sort((a, b) => a.ts.localeCompare(b.ts));
  return {
    ...t,
    geometry: { ...t.geometry, coordinates: [...t.geometry.coordinates, ...points.map((p) => [p.lon, p.lat])] },
    properties: { ...t.properties, timestamps: [...t.properties.timestamps, ...points.map((p) => p.ts)] },
  };
}
