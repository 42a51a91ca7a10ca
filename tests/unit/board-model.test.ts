import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shipment } from '@dockwatch/shared';
import { applyDeltas, changesBetween, mergeSnapshot } from '../../client/src/board/board-model';
import { OTHER_SITE_ID, shipment, shipmentId, SITE_ID } from './shipment-fixture';

const boardOf = (...rows: Shipment[]): Map<string, Shipment> => new Map(rows.map((s) => [s.id, s]));
const versionOf = (board: ReadonlyMap<string, Shipment>, id = shipmentId(1)): number | undefined => board.get(id)?.version;

describe('applyDeltas', () => {
  it('replaces a row with a newer version', () => {
    const current = boardOf(shipment({ version: 1, status: 'dispatched' }));
    const result = applyDeltas(current, [shipment({ version: 2, status: 'in_transit', eta: '2025-03-04T10:10:00.000Z' })], SITE_ID);
    expect(result.shipments.get(shipmentId(1))).toMatchObject({ version: 2, status: 'in_transit', eta: '2025-03-04T10:10:00.000Z' });
    expect(result).toMatchObject({ gap: false, applied: 1 });
  });

  it('follows consecutive versions within one batch without a gap', () => {
    const current = boardOf(shipment({ version: 1 }));
    const result = applyDeltas(current, [shipment({ version: 2 }), shipment({ version: 3 }), shipment({ version: 4 })], SITE_ID);
    expect(versionOf(result.shipments)).toBe(4);
    expect(result).toMatchObject({ gap: false, applied: 3 });
  });

  it('ignores an older or repeated version (a stale delta)', () => {
    const current = boardOf(shipment({ version: 3, supplier: 'Current' }));
    const result = applyDeltas(current, [shipment({ version: 3, supplier: 'Repeat' }), shipment({ version: 2, supplier: 'Older' })], SITE_ID);
    expect(result.shipments.get(shipmentId(1))).toMatchObject({ version: 3, supplier: 'Current' });
    expect(result).toMatchObject({ gap: false, applied: 0 });
  });

  it('ignores a stale delta that arrives after a newer one in the same batch', () => {
    const current = boardOf(shipment({ version: 1 }));
    const result = applyDeltas(current, [shipment({ version: 2, supplier: 'New' }), shipment({ version: 1, supplier: 'Old' })], SITE_ID);
    expect(result.shipments.get(shipmentId(1))).toMatchObject({ version: 2, supplier: 'New' });
    expect(result.applied).toBe(1);
  });

  it('applies a delta that skipped versions but reports the gap so the board reloads', () => {
    const current = boardOf(shipment({ version: 1 }));
    const result = applyDeltas(current, [shipment({ version: 3 })], SITE_ID);
    expect(versionOf(result.shipments)).toBe(3);
    expect(result).toMatchObject({ gap: true, applied: 1 });
  });

  it.each(['received', 'cancelled'] as const)('removes the row when the shipment is %s', (status) => {
    const current = boardOf(shipment({ version: 4, status: 'unloading' }), shipment({ id: shipmentId(2), reference: 'ASN-1002' }));
    const result = applyDeltas(current, [shipment({ version: 5, status })], SITE_ID);
    expect(result.shipments.has(shipmentId(1))).toBe(false);
    expect([...result.shipments.keys()]).toEqual([shipmentId(2)]);
    expect(result).toMatchObject({ gap: false, applied: 1 });
  });

  it('keeps the arrived, at dock and unloading shipments on the board', () => {
    const current = boardOf(shipment({ version: 1 }));
    const result = applyDeltas(current, [shipment({ version: 2, status: 'arrived' }), shipment({ version: 3, status: 'at_dock' }), shipment({ version: 4, status: 'unloading' })], SITE_ID);
    expect(result.shipments.get(shipmentId(1))).toMatchObject({ version: 4, status: 'unloading' });
  });

  it('ignores deltas for another site', () => {
    const current = boardOf(shipment({ version: 1 }));
    const result = applyDeltas(
      current,
      [shipment({ id: shipmentId(9), siteId: OTHER_SITE_ID, version: 1 }), shipment({ siteId: OTHER_SITE_ID, version: 2, supplier: 'Elsewhere' })],
      SITE_ID,
    );
    expect([...result.shipments.keys()]).toEqual([shipmentId(1)]);
    expect(result.shipments.get(shipmentId(1))).toMatchObject({ version: 1, supplier: 'Bosch Rexroth' });
    expect(result).toMatchObject({ gap: false, applied: 0 });
  });

  it('adds a shipment the board does not know yet, whatever its version', () => {
    const current = boardOf(shipment({ version: 1 }));
    const result = applyDeltas(current, [shipment({ id: shipmentId(2), reference: 'ASN-1002', version: 5 })], SITE_ID);
    expect(result.shipments.get(shipmentId(2))).toMatchObject({ reference: 'ASN-1002', version: 5 });
    expect(result.shipments.size).toBe(2);
    expect(result).toMatchObject({ gap: false, applied: 1 });
  });

  it('never changes the map it is given', () => {
    const row = shipment({ version: 1 });
    const current = boardOf(row, shipment({ id: shipmentId(2), version: 1 }));
    const before = [...current.entries()];
    const result = applyDeltas(current, [shipment({ version: 2 }), shipment({ id: shipmentId(2), version: 2, status: 'received' }), shipment({ id: shipmentId(3) })], SITE_ID);
    expect([...current.entries()]).toEqual(before);
    expect(current.get(shipmentId(1))).toBe(row);
    expect(result.shipments).not.toBe(current);
    expect([...result.shipments.keys()].sort()).toEqual([shipmentId(1), shipmentId(3)]);
  });

  it('ends at the highest version whatever order consecutive versions arrive in', () => {
    const versions = (n: number) => Array.from({ length: n }, (_, i) => shipment({ version: i + 1, updatedAt: new Date(Date.UTC(2025, 2, 4, 6, i)).toISOString() }));
    const arrival = fc.integer({ min: 1, max: 12 }).chain((n) => fc.shuffledSubarray(versions(n), { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(arrival, fc.boolean(), (deltas, oneBatch) => {
        const highest = Math.max(...deltas.map((d) => d.version));
        // Delivered as one batch or one flush per delta: the outcome must be the same.
        const board = oneBatch
          ? applyDeltas(new Map(), deltas, SITE_ID).shipments
          : deltas.reduce<Map<string, Shipment>>((b, d) => applyDeltas(b, [d], SITE_ID).shipments, new Map());
        expect(board.size).toBe(1);
        expect(board.get(shipmentId(1))).toEqual(deltas.find((d) => d.version === highest));
      }),
    );
  });

  it('reports no gap when consecutive versions arrive in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 20 }), (known, count) => {
        const deltas = Array.from({ length: count }, (_, i) => shipment({ version: known + 1 + i }));
        const result = applyDeltas(boardOf(shipment({ version: known })), deltas, SITE_ID);
        expect(result).toMatchObject({ gap: false, applied: count });
        expect(versionOf(result.shipments)).toBe(known + count);
      }),
    );
  });
});

describe('applyDeltas after a shipment left the board', () => {
  it('does not bring a received shipment back when an older delta arrives late', () => {
    const current = boardOf(shipment({ version: 5, status: 'unloading' }));
    const received = applyDeltas(current, [shipment({ version: 6, status: 'received' })], SITE_ID);
    expect(received.shipments.size).toBe(0);
    expect(received.departed.get(shipment().id)).toBe(6);
    // The socket's copy of version 5 lands after the clerk's REST answer with version 6.
    const late = applyDeltas(received.shipments, [shipment({ version: 5, status: 'unloading' })], SITE_ID, received.departed);
    expect(late.shipments.size).toBe(0);
    expect(late.applied).toBe(0);
  });

  it('does not count removing a shipment that was never on the board as a change', () => {
    const result = applyDeltas(new Map(), [shipment({ version: 3, status: 'cancelled' })], SITE_ID);
    expect(result.applied).toBe(0);
    expect(result.departed.size).toBe(1);
  });
});

describe('mergeSnapshot', () => {
  it('is the snapshot when nothing is pending', () => {
    const rows = [shipment(), shipment({ id: shipmentId(2), reference: 'ASN-1002' })];
    expect([...mergeSnapshot(rows, [], SITE_ID).values()]).toEqual(rows);
  });

  it('drops pending deltas that are older than or equal to the snapshot copy', () => {
    const snapshotCopy = shipment({ version: 5, supplier: 'Snapshot' });
    const board = mergeSnapshot([snapshotCopy], [shipment({ version: 4, supplier: 'Older' }), shipment({ version: 5, supplier: 'Same' })], SITE_ID);
    expect(board.get(shipmentId(1))).toBe(snapshotCopy);
  });

  it('keeps a pending delta newer than the snapshot copy, even past a version gap', () => {
    const board = mergeSnapshot([shipment({ version: 5 })], [shipment({ version: 8, supplier: 'Newer' })], SITE_ID);
    expect(board.get(shipmentId(1))).toMatchObject({ version: 8, supplier: 'Newer' });
  });

  it('adds a shipment created after the snapshot and removes one received after it', () => {
    const board = mergeSnapshot(
      [shipment({ version: 5 })],
      [shipment({ version: 6, status: 'received' }), shipment({ id: shipmentId(2), reference: 'ASN-1002', version: 1 })],
      SITE_ID,
    );
    expect([...board.keys()]).toEqual([shipmentId(2)]);
  });

  it('ignores pending deltas for another site', () => {
    const board = mergeSnapshot([shipment({ version: 5 })], [shipment({ version: 6, siteId: OTHER_SITE_ID }), shipment({ id: shipmentId(2), siteId: OTHER_SITE_ID })], SITE_ID);
    expect([...board.keys()]).toEqual([shipmentId(1)]);
    expect(versionOf(board)).toBe(5);
  });

  it('keeps the newest pending version when held deltas are out of order', () => {
    // A clerk's REST answer can land after the socket already delivered a later version.
    const board = mergeSnapshot([shipment({ version: 5 })], [shipment({ version: 7, status: 'at_dock' }), shipment({ version: 6, status: 'arrived' })], SITE_ID);
    expect(board.get(shipmentId(1))).toMatchObject({ version: 7, status: 'at_dock' });
    const removed = mergeSnapshot([shipment({ version: 5 })], [shipment({ version: 7, status: 'received' }), shipment({ version: 6, status: 'unloading' })], SITE_ID);
    expect(removed.has(shipmentId(1))).toBe(false);
  });

  it('matches the newest of snapshot and pending for any mix of versions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 1, max: 25 }), { maxLength: 8 }), (snapshotVersion, pendingVersions) => {
        const board = mergeSnapshot(
          [shipment({ version: snapshotVersion })],
          pendingVersions.map((version) => shipment({ version })),
          SITE_ID,
        );
        expect(versionOf(board)).toBe(Math.max(snapshotVersion, ...pendingVersions));
      }),
    );
  });

  it('does not change the arrays it is given', () => {
    const snapshot = [shipment({ version: 5 })];
    const pending = [shipment({ version: 6, status: 'received' })];
    const copies = structuredClone([snapshot, pending]);
    mergeSnapshot(snapshot, pending, SITE_ID);
    expect([snapshot, pending]).toEqual(copies);
  });
});

describe('changesBetween', () => {
  it("names the shipments a batch set or removed, for the board applyDeltas made from the one before", () => {
    const current = boardOf(shipment({ version: 1 }), shipment({ id: shipmentId(2), version: 1 }), shipment({ id: shipmentId(3), version: 1 }));
    const { shipments: next } = applyDeltas(current, [shipment({ version: 2 }), shipment({ id: shipmentId(3), version: 2, status: 'received' })], SITE_ID);
    expect([...changesBetween(current, next)!].sort()).toEqual([shipmentId(1), shipmentId(3)]);
    expect(changesBetween(next, next)?.size).toBe(0);
  });

  it('does not know boards further apart, or a snapshot: then everything must be compared', () => {
    const current = boardOf(shipment({ version: 1 }));
    const once = applyDeltas(current, [shipment({ version: 2 })], SITE_ID).shipments;
    const twice = applyDeltas(once, [shipment({ version: 3 })], SITE_ID).shipments;
    expect(changesBetween(current, twice)).toBeNull();
    expect(changesBetween(current, mergeSnapshot([shipment({ version: 2 })], [], SITE_ID))).toBeNull();
  });
});
