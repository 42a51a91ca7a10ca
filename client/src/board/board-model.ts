import { isActiveStatus, type Shipment } from '@dockwatch/shared';

export interface DeltaResult {
  shipments: Map<string, Shipment>;
  /** True when a delta skipped versions: some change was missed, so reload the snapshot. */
  gap: boolean;
  /** How many deltas changed the board. */
  applied: number;
}

/**
 * Applies a batch of `shipment:updated` deltas to the board. Each delta is the whole shipment,
 * so the newest version wins; older or repeated versions are ignored, shipments that are no
 * longer active leave the board, and a skipped version reports a gap.
 */
export function applyDeltas(current: ReadonlyMap<string, Shipment>, deltas: readonly Shipment[], siteId: string): DeltaResult {
  let next: Map<string, Shipment> | null = null;
  let gap = false;
  let applied = 0;
  for (const delta of deltas) {
    if (delta.siteId !== siteId) continue;
    const board: ReadonlyMap<string, Shipment> = next ?? current;
    const known = board.get(delta.id);
    if (known && delta.version <= known.version) continue;
    if (known && delta.version > known.version + 1) gap = true;
    next ??= new Map(current);
    if (isActiveStatus(delta.status)) next.set(delta.id, delta);
    else next.delete(delta.id);
    applied++;
  }
  return { shipments: next ?? new Map(current), gap, applied };
}

/** The board from a snapshot, keeping any delta that is newer than the snapshot's copy. */
export function mergeSnapshot(snapshot: readonly Shipment[], pending: readonly Shipment[], siteId: string): Map<string, Shipment> {
  const board = new Map(snapshot.map((s) => [s.id, s]));
  const newer = pending.filter((d) => {
    const known = board.get(d.id);
    return known ? d.version > known.version : true;
  });
  // Versions jumping past the snapshot are fine here: the snapshot itself is the resync.
  const merged = new Map(board);
  for (const d of newer) {
    if (d.siteId !== siteId) continue;
    if (isActiveStatus(d.status)) merged.set(d.id, d);
    else merged.delete(d.id);
  }
  return merged;
}
