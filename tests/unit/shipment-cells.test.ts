import { effect, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { Shipment } from '@dockwatch/shared';
import { ShipmentCells } from '../../client/src/board/shipment-cells';
import { sameItems, stableComputed } from '../../client/src/board/stable-computed';
import { shipment, shipmentId } from './shipment-fixture';

const boardOf = (...rows: Shipment[]): Map<string, Shipment> => new Map(rows.map((s) => [s.id, s]));

/** Counts how often each cell's readers are woken. */
function watch(cells: ShipmentCells, board: ReadonlyMap<string, Shipment>, ids: string[]): Map<string, number> {
  const runs = new Map<string, number>();
  for (const id of ids) {
    const cell = cells.cell(id, board);
    effect(() => {
      void cell.value;
      runs.set(id, (runs.get(id) ?? 0) + 1);
    });
  }
  return runs;
}

describe('ShipmentCells', () => {
  const a = shipmentId(1);
  const b = shipmentId(2);

  it('wakes only the rows of shipments a delta batch changed', () => {
    const cells = new ShipmentCells();
    const board = boardOf(shipment({ id: a, version: 1 }), shipment({ id: b, version: 1 }));
    const runs = watch(cells, board, [a, b]);
    const next = new Map(board).set(a, shipment({ id: a, version: 2, eta: '2025-03-04T11:00:00.000Z' }));
    cells.sync(next, [a]);
    expect(cells.cell(a, next).value).toMatchObject({ version: 2, eta: '2025-03-04T11:00:00.000Z' });
    expect(Object.fromEntries(runs)).toEqual({ [a]: 2, [b]: 1 });
  });

  it('empties the cell of a shipment that left the board, and forgets it at the next snapshot', () => {
    const cells = new ShipmentCells();
    const board = boardOf(shipment({ id: a }), shipment({ id: b }));
    cells.cell(a, board);
    cells.cell(b, board);
    const withoutA = boardOf(shipment({ id: b }));
    cells.sync(withoutA, [a]);
    expect(cells.cell(a, withoutA).value).toBeUndefined();
    expect(cells.size).toBe(2);
    cells.sync(withoutA);
    expect(cells.size).toBe(1);
  });

  it('takes every shipment of a snapshot, changed or not', () => {
    const cells = new ShipmentCells();
    const board = boardOf(shipment({ id: a, version: 3 }), shipment({ id: b, version: 7 }));
    cells.cell(a, board);
    cells.cell(b, board);
    cells.sync(boardOf(shipment({ id: a, version: 9 }), shipment({ id: b, version: 12 })));
    expect([cells.cell(a, board).value?.version, cells.cell(b, board).value?.version]).toEqual([9, 12]);
  });
});

describe('stableComputed', () => {
  it('keeps handing out the previous value while nothing it compares changed', () => {
    const source = signal([3, 1, 2]);
    const sorted = stableComputed(() => [...source.value].sort(), sameItems);
    const first = sorted.value;
    let wakes = 0;
    effect(() => {
      void sorted.value;
      wakes++;
    });
    source.value = [2, 3, 1];
    expect(sorted.value).toBe(first);
    source.value = [4, 1, 2];
    expect(sorted.value).toEqual([1, 2, 4]);
    expect(wakes).toBe(2);
  });
});
