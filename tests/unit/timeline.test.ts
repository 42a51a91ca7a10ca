import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shipment } from '@dockwatch/shared';
import { barLabel, dockRows, placeBands, TIMELINE_SPAN_MS, type DockRow } from '../../client/src/board/timeline';
import { shipment, shipmentId } from './shipment-fixture';

const MIN = 60_000;
const DAY = Date.UTC(2025, 2, 4);
const clock = (hh: number, mm = 0): number => DAY + (hh * 60 + mm) * MIN;
const FROM = clock(8);
const TO = clock(22);

let nextId = 1;
/** A shipment at `dock` with a window from hh:mm for `minutes`. */
const windowAt = (dock: string | null, hh: number, mm: number, minutes: number, reference = `ASN-${nextId}`): Shipment =>
  shipment({
    id: shipmentId(nextId++),
    reference,
    dock,
    windowStart: new Date(clock(hh, mm)).toISOString(),
    windowEnd: new Date(clock(hh, mm) + minutes * MIN).toISOString(),
  });

const rowOf = (rows: DockRow[], dock: string | null): DockRow => {
  const row = rows.find((r) => r.dock === dock);
  if (!row) throw new Error(`no row for dock ${dock}`);
  return row;
};
const lanesByRef = (row: DockRow): Record<string, number> => Object.fromEntries(row.bars.map((b) => [b.shipment.reference, b.lane]));

describe('dockRows', () => {
  it('stacks overlapping windows at a dock into separate lanes', () => {
    const rows = dockRows(['A1'], [windowAt('A1', 10, 0, 30, 'first'), windowAt('A1', 10, 15, 45, 'overlaps')], FROM, TO);
    expect(lanesByRef(rowOf(rows, 'A1'))).toEqual({ first: 0, overlaps: 1 });
    expect(rowOf(rows, 'A1').lanes).toBe(2);
  });

  it('keeps back-to-back and separate windows in lane 0', () => {
    const rows = dockRows(['A1'], [windowAt('A1', 9, 0, 30, 'nine'), windowAt('A1', 9, 30, 30, 'half-nine'), windowAt('A1', 12, 0, 60, 'noon')], FROM, TO);
    expect(lanesByRef(rowOf(rows, 'A1'))).toEqual({ nine: 0, 'half-nine': 0, noon: 0 });
    expect(rowOf(rows, 'A1').lanes).toBe(1);
  });

  it('reuses the lowest free lane once an earlier window has ended', () => {
    const rows = dockRows(
      ['A1'],
      [windowAt('A1', 10, 0, 30, 'a'), windowAt('A1', 10, 10, 60, 'b'), windowAt('A1', 10, 20, 60, 'c'), windowAt('A1', 10, 30, 30, 'd')],
      FROM,
      TO,
    );
    // `d` starts when `a` ends, so it drops back into lane 0 while `b` and `c` are still open.
    expect(lanesByRef(rowOf(rows, 'A1'))).toEqual({ a: 0, b: 1, c: 2, d: 0 });
    expect(rowOf(rows, 'A1').lanes).toBe(3);
  });

  it('orders bars by window start whatever order the shipments come in', () => {
    const rows = dockRows(['A1'], [windowAt('A1', 14, 0, 30, 'late'), windowAt('A1', 9, 0, 30, 'early'), windowAt('A1', 11, 0, 30, 'middle')], FROM, TO);
    expect(rowOf(rows, 'A1').bars.map((b) => b.shipment.reference)).toEqual(['early', 'middle', 'late']);
  });

  it('leaves out windows entirely outside the visible range and keeps ones that overlap its edges', () => {
    const rows = dockRows(
      ['A1'],
      [
        windowAt('A1', 7, 0, 30, 'ended before'),
        windowAt('A1', 7, 45, 30, 'runs into view'),
        windowAt('A1', 21, 45, 30, 'runs out of view'),
        windowAt('A1', 22, 30, 30, 'starts after'),
      ],
      FROM,
      TO,
    );
    expect(rowOf(rows, 'A1').bars.map((b) => b.shipment.reference)).toEqual(['runs into view', 'runs out of view']);
  });

  it('lists every dock in the given order, with an empty lane for a dock without windows', () => {
    const rows = dockRows(['C3', 'A1', 'B2'], [windowAt('A1', 10, 0, 30)], FROM, TO);
    expect(rows.map((r) => r.dock)).toEqual(['C3', 'A1', 'B2']);
    expect(rowOf(rows, 'C3')).toEqual({ dock: 'C3', bars: [], lanes: 1 });
  });

  it('adds a No dock row after the docks only when a shipment in view has no dock', () => {
    expect(dockRows(['A1'], [windowAt('A1', 10, 0, 30)], FROM, TO).map((r) => r.dock)).toEqual(['A1']);
    expect(dockRows(['A1'], [windowAt(null, 7, 0, 30)], FROM, TO).map((r) => r.dock)).toEqual(['A1']);
    const rows = dockRows(['A1'], [windowAt(null, 10, 0, 30, 'unassigned'), windowAt('A1', 10, 0, 30)], FROM, TO);
    expect(rows.map((r) => r.dock)).toEqual(['A1', null]);
    expect(rowOf(rows, null).bars.map((b) => b.shipment.reference)).toEqual(['unassigned']);
  });

  it('adds a row for a dock in use that the list does not name', () => {
    const rows = dockRows(['A1'], [windowAt('Z9', 10, 0, 30, 'elsewhere')], FROM, TO);
    expect(rows.map((r) => r.dock)).toEqual(['A1', 'Z9']);
  });

  it('never puts overlapping windows in one lane and uses no more lanes than the busiest moment needs', () => {
    const windowArb = fc.record({
      dock: fc.constantFrom('A1', 'B2', null),
      startMinute: fc.integer({ min: 6 * 60, max: 23 * 60 }).map((m) => m - (m % 5)),
      minutes: fc.constantFrom(15, 30, 45, 60, 90),
    });
    fc.assert(
      fc.property(fc.array(windowArb, { maxLength: 25 }), (specs) => {
        const list = specs.map((w) => windowAt(w.dock, 0, w.startMinute, w.minutes));
        const inView = list.filter((s) => Date.parse(s.windowEnd) >= FROM && Date.parse(s.windowStart) <= TO);
        const rows = dockRows(['A1', 'B2'], list, FROM, TO);
        expect(rows.flatMap((r) => r.bars.map((b) => b.shipment.id)).sort()).toEqual(inView.map((s) => s.id).sort());
        for (const row of rows) {
          const span = row.bars.map((b) => ({ lane: b.lane, start: Date.parse(b.shipment.windowStart), end: Date.parse(b.shipment.windowEnd) }));
          for (const [i, a] of span.entries()) {
            for (const b of span.slice(i + 1)) {
              if (a.lane === b.lane) expect(a.end <= b.start || b.end <= a.start).toBe(true);
            }
          }
          // The busiest moment is always some window's start.
          const busiest = Math.max(1, ...span.map((p) => span.filter((q) => q.start <= p.start && p.start < q.end).length));
          expect(row.lanes).toBe(busiest);
          expect(Math.max(0, ...span.map((p) => p.lane))).toBeLessThan(row.lanes);
        }
      }),
    );
  });
});

describe('barLabel', () => {
  // Every character 7 px wide, the ellipsis 5 px; a bar loses 12 px to padding and border.
  const width = (char: string) => (char === '…' ? 5 : 7);

  it('shows the whole reference when the bar has room for it', () => {
    expect(barLabel('PO-00060', 12 + 8 * 7, width)).toBe('PO-00060');
  });

  it('keeps the end of a reference that does not fit, behind an ellipsis, since the end tells loads apart', () => {
    expect(barLabel('PO-00060', 12 + 8 * 7 - 1, width)).toBe('…O-00060');
    expect(barLabel('PO-00060', 12 + 5 + 4 * 7, width)).toBe('…0060');
    expect(barLabel('PO-00060', 12 + 5 + 4 * 7 - 1, width)).toBe('…060');
  });

  it('shows nothing rather than fewer than two characters', () => {
    expect(barLabel('PO-00060', 12 + 5 + 2 * 7, width)).toBe('…60');
    expect(barLabel('PO-00060', 12 + 5 + 2 * 7 - 1, width)).toBe('');
    expect(barLabel('PO-00060', 0, width)).toBe('');
  });

  it('never returns a label wider than the room it had', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 400 }), (reference, px) => {
        const label = barLabel(reference, px, width);
        const used = [...label].reduce((sum, c) => sum + width(c), 0);
        expect(label === '' || used <= px - 12).toBe(true);
        expect(label === reference || label === '' || (label.startsWith('…') && reference.endsWith(label.slice(1)))).toBe(true);
      }),
    );
  });
});

describe('placeBands', () => {
  const FROM = Date.parse('2025-03-04T08:00:00Z');
  // One percent of the 14 h span is 8.4 min.
  const pct = (p: number) => FROM + (p / 100) * TIMELINE_SPAN_MS;

  it('draws each band from its early to its late edge, overlapping bands each from its own start', () => {
    const places = placeBands(
      [
        { id: 'b', earliest: pct(30), latest: pct(35) },
        { id: 'a', earliest: pct(10), latest: pct(40) },
      ],
      FROM,
    );
    expect(places).toEqual([
      { id: 'a', gap: 10, width: 30 },
      { id: 'b', gap: 20, width: 5 },
    ]);
  });

  it('leaves out bands of a few minutes and clips bands to the drawn span', () => {
    expect(placeBands([{ id: 'x', earliest: pct(50), latest: pct(50.02) }], FROM)).toEqual([]);
    expect(placeBands([{ id: 'y', earliest: pct(-10), latest: pct(5) }], FROM)).toEqual([{ id: 'y', gap: 0, width: 5 }]);
  });

  it('puts every band where its early edge is: the gaps add up to each start', () => {
    const band = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 200 })).map(([s, w]) => ({ earliest: pct(s / 10), latest: pct((s + w) / 10) }));
    fc.assert(
      fc.property(fc.array(band, { maxLength: 20 }), (bands) => {
        const input = bands.map((b, i) => ({ id: String(i), ...b }));
        let at = 0;
        for (const p of placeBands(input, FROM)) {
          at += p.gap;
          const b = input[Number(p.id)]!;
          expect(at).toBeCloseTo(((b.earliest - FROM) / TIMELINE_SPAN_MS) * 100, 5);
          expect(p.width).toBeGreaterThan(0);
        }
      }),
    );
  });
});
