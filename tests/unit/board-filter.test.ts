import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shipment } from '@dockwatch/shared';
import { boardRows, docksInUse, NO_FILTERS, visibleShipments, type BoardFilters } from '../../client/src/board/board-filter';
import { applyDeltas, changesBetween } from '../../client/src/board/board-model';
import { shipment, shipmentId, SITE_ID } from './shipment-fixture';

const ALPEN = '00000000-0000-4000-8000-00000000c0a1';
const RHINE = '00000000-0000-4000-8000-00000000c0a2';
const CARRIER_NAMES: Record<string, string> = { [ALPEN]: 'Alpen Logistik', [RHINE]: 'Rhine Cargo' };
const carrierName = (id: string): string => CARRIER_NAMES[id] ?? 'Unknown carrier';

const BOARD: Shipment[] = [
  shipment({
    id: shipmentId(1),
    reference: 'ASN-2001',
    supplier: 'Bosch Rexroth',
    carrierId: ALPEN,
    dock: 'A1',
    windowStart: '2025-03-04T11:00:00.000Z',
    windowEnd: '2025-03-04T11:30:00.000Z',
    windowStatus: 'late',
    items: [{ sku: 'HYD-220', description: 'Hydraulic valve block', quantity: 40 }],
  }),
  shipment({
    id: shipmentId(2),
    reference: 'ASN-2002',
    supplier: 'ZF Friedrichshafen',
    carrierId: RHINE,
    dock: 'B2',
    windowStart: '2025-03-04T09:00:00.000Z',
    windowEnd: '2025-03-04T09:30:00.000Z',
    windowStatus: 'on_time',
    items: [{ sku: 'BRK-118', description: 'Brake caliper, front left', quantity: 120 }],
  }),
  shipment({
    id: shipmentId(3),
    reference: 'ASN-2003',
    supplier: 'Continental',
    carrierId: ALPEN,
    dock: null,
    windowStart: '2025-03-04T10:00:00.000Z',
    windowEnd: '2025-03-04T11:00:00.000Z',
    windowStatus: 'early',
    items: [{ sku: 'SEN-041', quantity: 800 }],
  }),
  shipment({
    id: shipmentId(4),
    reference: 'ASN-1999',
    supplier: 'Schaeffler',
    carrierId: RHINE,
    dock: 'A1',
    windowStart: '2025-03-04T11:00:00.000Z',
    windowEnd: '2025-03-04T12:00:00.000Z',
    windowStatus: 'late',
    items: [],
  }),
];

const refs = (f: Partial<BoardFilters>, rows: Iterable<Shipment> = BOARD): string[] =>
  visibleShipments(rows, { ...NO_FILTERS, ...f }, carrierName).map((s) => s.reference);

describe('visibleShipments', () => {
  it('shows every shipment without filters, by window start then reference', () => {
    // ASN-1999 and ASN-2001 share the 11:00 window start.
    expect(refs({})).toEqual(['ASN-2002', 'ASN-2003', 'ASN-1999', 'ASN-2001']);
  });

  it('keeps the same order whatever order the board holds the shipments in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(BOARD, { minLength: BOARD.length, maxLength: BOARD.length }), (shuffled) => {
        expect(refs({}, shuffled)).toEqual(['ASN-2002', 'ASN-2003', 'ASN-1999', 'ASN-2001']);
      }),
    );
  });

  it('takes any iterable, such as the values of the board map', () => {
    expect(refs({}, new Map(BOARD.map((s) => [s.id, s])).values())).toHaveLength(4);
  });

  it('filters by window status', () => {
    expect(refs({ windowStatus: 'late' })).toEqual(['ASN-1999', 'ASN-2001']);
    expect(refs({ windowStatus: 'at_risk' })).toEqual([]);
  });

  it('filters by dock', () => {
    expect(refs({ dock: 'A1' })).toEqual(['ASN-1999', 'ASN-2001']);
    expect(refs({ dock: 'B2' })).toEqual(['ASN-2002']);
  });

  it('filters by carrier', () => {
    expect(refs({ carrierId: ALPEN })).toEqual(['ASN-2003', 'ASN-2001']);
  });

  it('combines filters', () => {
    expect(refs({ dock: 'A1', carrierId: RHINE, windowStatus: 'late' })).toEqual(['ASN-1999']);
    expect(refs({ dock: 'B2', carrierId: ALPEN })).toEqual([]);
  });

  it('finds text in the reference, supplier, carrier name, dock, part number and part description', () => {
    expect(refs({ text: 'asn-2002' })).toEqual(['ASN-2002']);
    expect(refs({ text: 'continental' })).toEqual(['ASN-2003']);
    expect(refs({ text: 'rhine' })).toEqual(['ASN-2002', 'ASN-1999']);
    expect(refs({ text: 'b2' })).toEqual(['ASN-2002']);
    expect(refs({ text: 'SEN-041' })).toEqual(['ASN-2003']);
    expect(refs({ text: 'valve' })).toEqual(['ASN-2001']);
  });

  it('matches text case-insensitively, ignoring surrounding spaces', () => {
    expect(refs({ text: '  BRAKE Caliper ' })).toEqual(['ASN-2002']);
    expect(refs({ text: '   ' })).toHaveLength(4);
  });

  it('requires every word of the search, in any field and any order', () => {
    expect(refs({ text: 'alpen hydraulic' })).toEqual(['ASN-2001']);
    expect(refs({ text: 'hydraulic   alpen' })).toEqual(['ASN-2001']);
    expect(refs({ text: 'alpen brake' })).toEqual([]);
  });

  it('never shows a shipment that fails a filter, and never hides one that passes all', () => {
    const filters = fc.record({
      windowStatus: fc.constantFrom('all', 'late', 'on_time', 'early', 'unknown') as fc.Arbitrary<BoardFilters['windowStatus']>,
      dock: fc.constantFrom('all', 'A1', 'B2'),
      carrierId: fc.constantFrom('all', ALPEN, RHINE),
      text: fc.constantFrom('', 'alpen', 'asn', 'brake', 'zzz'),
    });
    fc.assert(
      fc.property(filters, (f) => {
        const shown = new Set(refs(f));
        for (const s of BOARD) {
          const passes =
            (f.windowStatus === 'all' || s.windowStatus === f.windowStatus) &&
            (f.dock === 'all' || s.dock === f.dock) &&
            (f.carrierId === 'all' || s.carrierId === f.carrierId);
          if (!passes) expect(shown.has(s.reference)).toBe(false);
          if (passes && f.text === '') expect(shown.has(s.reference)).toBe(true);
        }
      }),
    );
  });
});

describe('boardRows', () => {
  const boardOf = (rows: readonly Shipment[]) => new Map(rows.map((s) => [s.id, s]));
  /** A change to one board shipment: its window, status and dock. */
  const rowChange = {
    index: fc.nat(BOARD.length - 1),
    windowStart: fc.constantFrom('2025-03-04T09:00:00.000Z', '2025-03-04T11:00:00.000Z', '2025-03-04T13:00:00.000Z'),
    windowStatus: fc.constantFrom('early', 'on_time', 'late' as const),
    dock: fc.constantFrom('A1', 'B2', null),
  };
  const first = BOARD[0]!;
  const moved = (patch: Partial<Shipment>) => boardOf(BOARD.map((s) => (s.id === first.id ? { ...s, version: s.version + 1, ...patch } : s)));

  it('hands back the previous rows when a batch only moved trucks and ETAs', () => {
    const previous = boardRows(boardOf(BOARD), NO_FILTERS, carrierName, null);
    const next = moved({ eta: '2025-03-04T11:20:00.000Z', windowStatus: 'on_time' });
    expect(boardRows(next, NO_FILTERS, carrierName, previous)).toBe(previous);
  });

  it('orders afresh when a window moved, a dock changed, or a shipment came or went', () => {
    const previous = boardRows(boardOf(BOARD), NO_FILTERS, carrierName, null);
    const rowsAfter = (board: Map<string, Shipment>) => boardRows(board, NO_FILTERS, carrierName, previous);
    const earlier = rowsAfter(moved({ windowStart: '2025-03-04T08:00:00.000Z', windowEnd: '2025-03-04T08:30:00.000Z' }));
    expect(earlier).not.toBe(previous);
    expect(earlier[0]!.reference).toBe('ASN-2001');
    expect(rowsAfter(moved({ dock: 'B2' })).find((s) => s.id === first.id)?.dock).toBe('B2');
    expect(rowsAfter(boardOf(BOARD.slice(1)))).toHaveLength(BOARD.length - 1);
    expect(rowsAfter(boardOf([...BOARD, shipment({ id: shipmentId(99), reference: 'ASN-0001' })]))).toHaveLength(BOARD.length + 1);
  });

  it('drops a row that stops matching the filters, even though nothing moved', () => {
    const lateOnly = { ...NO_FILTERS, windowStatus: 'late' as const };
    const previous = boardRows(boardOf(BOARD), lateOnly, carrierName, null);
    expect(previous.map((s) => s.reference)).toContain('ASN-2001');
    const next = boardRows(moved({ windowStatus: 'on_time' }), lateOnly, carrierName, previous);
    expect(next.map((s) => s.reference)).not.toContain('ASN-2001');
  });

  it('agrees with a fresh sort for any sequence of changes', () => {
    const change = fc.record(rowChange);
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), fc.constantFrom<BoardFilters['windowStatus']>('all', 'late'), (changes, windowStatus) => {
        const f = { ...NO_FILTERS, windowStatus };
        let board = boardOf(BOARD);
        let rows = boardRows(board, f, carrierName, null);
        for (const c of changes) {
          const target = BOARD[c.index]!;
          board = new Map(board).set(target.id, { ...board.get(target.id)!, windowStart: c.windowStart, windowStatus: c.windowStatus, dock: c.dock });
          rows = boardRows(board, f, carrierName, rows);
          const fresh = visibleShipments(board.values(), f, carrierName);
          expect(rows.map((s) => [s.id, s.windowStart, s.dock])).toEqual(fresh.map((s) => [s.id, s.windowStart, s.dock]));
        }
      }),
    );
  });

  it('agrees with a fresh sort after delta batches when it looks only at the shipments each batch changed', () => {
    const change = fc.record({ ...rowChange, status: fc.constantFrom('in_transit', 'in_transit', 'received' as const) });
    fc.assert(
      fc.property(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), fc.constantFrom<BoardFilters['windowStatus']>('all', 'late'), (batches, windowStatus) => {
        const f = { ...NO_FILTERS, windowStatus };
        let board: ReadonlyMap<string, Shipment> = boardOf(BOARD);
        let rows = boardRows(board, f, carrierName, null);
        let departed = new Map<string, number>();
        for (const batch of batches) {
          const deltas = batch.flatMap((c) => {
            const known = board.get(BOARD[c.index]!.id);
            return known ? [{ ...known, version: known.version + 1, windowStart: c.windowStart, windowStatus: c.windowStatus, dock: c.dock, status: c.status }] : [];
          });
          const result = applyDeltas(board, deltas, SITE_ID, departed);
          departed = result.departed;
          const before = board;
          board = result.shipments;
          rows = boardRows(board, f, carrierName, rows, { before, changed: changesBetween(before, board)! });
          const fresh = visibleShipments(board.values(), f, carrierName);
          expect(rows.map((s) => [s.id, s.windowStart, s.dock])).toEqual(fresh.map((s) => [s.id, s.windowStart, s.dock]));
        }
      }),
    );
  });
});

describe('docksInUse', () => {
  it('lists the site docks in their own order even when no shipment uses them', () => {
    expect(docksInUse(['B2', 'A1', 'C3'], [])).toEqual(['B2', 'A1', 'C3']);
  });

  it('adds docks that shipments use but the site does not list, sorted, once each', () => {
    const rows = [shipment({ dock: 'Z9' }), shipment({ dock: 'A1' }), shipment({ dock: 'X7' }), shipment({ dock: 'Z9' }), shipment({ dock: null })];
    expect(docksInUse(['B2', 'A1'], rows)).toEqual(['B2', 'A1', 'X7', 'Z9']);
  });
});
