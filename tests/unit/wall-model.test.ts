import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doorView, nextArrivals, pageAt, pagePlan, wallCounts } from '../../client/src/wall/wall-model';
import { shipment } from './shipment-fixture';

const NOW = Date.parse('2026-03-04T10:00:00Z');
const at = (m: number) => new Date(NOW + m * 60_000).toISOString();

describe('wall screen model', () => {
  it('counts late, at risk, due in 30 min and on the yard', () => {
    const board = [
      shipment({ id: 'a', windowStatus: 'late', eta: at(50), status: 'in_transit' }),
      shipment({ id: 'b', windowStatus: 'at_risk', eta: at(20), status: 'in_transit' }),
      shipment({ id: 'c', windowStatus: 'on_time', eta: at(31), status: 'in_transit' }),
      shipment({ id: 'd', windowStatus: 'on_time', status: 'at_dock', arrivedAt: at(-10) }),
      shipment({ id: 'e', windowStatus: 'late', status: 'exception', arrivedAt: at(-5) }),
    ];
    expect(wallCounts(board, NOW)).toEqual({ late: 1, atRisk: 1, next30: 1, onYard: 2 });
  });

  it('lists the next arrivals by ETA, loads without one last', () => {
    const board = [
      shipment({ id: 'x', eta: null, windowStart: at(5) }),
      shipment({ id: 'y', eta: at(40) }),
      shipment({ id: 'z', eta: at(10) }),
      shipment({ id: 'here', eta: null, arrivedAt: at(-1), status: 'arrived' }),
    ];
    expect(nextArrivals(board, 5).map((s) => s.id)).toEqual(['z', 'y', 'x']);
  });

  it('shows per door the truck at it, the next one, and since when it is free', () => {
    const lastBusy = new Map<string, number>();
    const busy = [shipment({ id: 'u', dock: 'D1', status: 'unloading', arrivedAt: at(-30) }), shipment({ id: 'n', dock: 'D1', eta: at(15) }), shipment({ id: 'w', dock: 'D2', status: 'arrived', arrivedAt: at(-2) })];
    const [d1, d2, d3] = doorView(['D1', 'D2', 'D3'], busy, NOW, lastBusy);
    expect([d1!.atDoor?.id, d1!.next?.id, d1!.freeSince]).toEqual(['u', 'n', null]);
    expect([d2!.atDoor, d2!.next?.id]).toEqual([null, 'w']);
    expect([d3!.atDoor, d3!.next, d3!.freeSince]).toEqual([null, null, null]);
    // The truck leaves the door: free since the screen last saw it there.
    const [later] = doorView(['D1'], [busy[1]!], NOW + 5 * 60_000, lastBusy);
    expect(later!.freeSince).toBe(NOW);
  });

  it("puts a priority partner's truck first in a door's yard queue, the others by window", () => {
    const yard = [
      shipment({ id: 'early', dock: 'D1', status: 'arrived', arrivedAt: at(-20), windowStart: at(-30) }),
      shipment({ id: 'gold', dock: 'D1', status: 'arrived', arrivedAt: at(-5), windowStart: at(10), carrierId: 'gold-carrier' }),
      shipment({ id: 'later', dock: 'D1', status: 'arrived', arrivedAt: at(-1), windowStart: at(20) }),
    ];
    expect(doorView(['D1'], yard, NOW, new Map())[0]!.next?.id).toBe('early');
    expect(doorView(['D1'], yard, NOW, new Map(), (s) => s.carrierId === 'gold-carrier')[0]!.next?.id).toBe('gold');
    expect(doorView(['D1'], yard.slice(0, 1).concat(yard.slice(2)), NOW, new Map(), (s) => s.carrierId === 'gold-carrier')[0]!.next?.id).toBe('early');
  });

  it('pages so that every row shows at least once a minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 10_000_000 }), (rows, perPage, since) => {
        const plan = pagePlan(rows, perPage);
        // Enough pages for every row, all of them shown within the minute, the first one first.
        expect(plan.pages * perPage).toBeGreaterThanOrEqual(rows);
        expect(plan.pages * plan.pageMs).toBeLessThanOrEqual(60_000);
        for (let p = 0; p < plan.pages; p++) expect(pageAt(since + p * plan.pageMs, since, plan)).toBe(p);
        expect(pageAt(since + plan.pages * plan.pageMs, since, plan)).toBe(0);
      }),
    );
  });
});
