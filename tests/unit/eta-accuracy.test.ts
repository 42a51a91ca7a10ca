import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { etaAccuracy, type ArrivalEtaRecord } from '@dockwatch/shared';

const MIN = 60_000;
const ARRIVED = Date.parse('2025-03-04T10:00:00Z');
/** `minutes` before the arrival, as epoch ms. */
const before = (minutes: number) => ARRIVED - minutes * MIN;

/** An arrival whose ETA said `eta` (minutes relative to the arrival) from `at` minutes before it. */
const arrival = (...entries: [at: number, eta: number | null][]): ArrivalEtaRecord => ({
  arrivedAt: ARRIVED,
  history: entries.map(([at, eta]) => ({ at: before(at), eta: eta === null ? null : ARRIVED + eta * MIN })),
});

describe('etaAccuracy', () => {
  it('scores each lead by the ETA on record at that lead before the arrival', () => {
    // 20 min late at 3 h out, 12 min late from 90 min, 4 min early from 40 min, spot on from 10 min.
    const figures = etaAccuracy([arrival([180, 20], [90, 12], [40, -4], [10, 0])]);
    expect(figures['120']).toEqual({ n: 1, medianAbsMin: 20, p90AbsMin: 20, within15Share: 0 });
    expect(figures['60']).toEqual({ n: 1, medianAbsMin: 12, p90AbsMin: 12, within15Share: 1 });
    expect(figures['30']).toEqual({ n: 1, medianAbsMin: 4, p90AbsMin: 4, within15Share: 1 });
    expect(figures['15']).toEqual({ n: 1, medianAbsMin: 4, p90AbsMin: 4, within15Share: 1 });
  });

  it('takes an entry written exactly at the lead, and not one written a moment after it', () => {
    expect(etaAccuracy([arrival([60, 30], [59.99, 0])], [60])['60']).toMatchObject({ medianAbsMin: 30 });
    expect(etaAccuracy([arrival([60, 30], [60, 5])], [60])['60']).toMatchObject({ medianAbsMin: 5 });
  });

  it('leaves out arrivals tracked for less than the lead or without an ETA then', () => {
    const figures = etaAccuracy([arrival([45, 10]), arrival([150, null], [20, 3])]);
    expect(figures['120']).toEqual({ n: 0, medianAbsMin: null, p90AbsMin: null, within15Share: null });
    expect(figures['60']).toMatchObject({ n: 0 });
    expect(figures['30']).toEqual({ n: 1, medianAbsMin: 10, p90AbsMin: 10, within15Share: 1 });
    expect(figures['15']).toMatchObject({ n: 2, medianAbsMin: 6.5 });
  });

  it('reports the median, the 90th percentile and the share within ±15 min over arrivals', () => {
    const errors = [2, -5, 8, 14, -16, 20, 30, -40, 1, 15];
    const figures = etaAccuracy(errors.map((e) => arrival([100, e])), [60])['60']!;
    // Sorted |errors|: 1 2 5 8 14 15 16 20 30 40.
    expect(figures).toEqual({ n: 10, medianAbsMin: 14.5, p90AbsMin: 31, within15Share: 0.6 });
  });

  it('does not care in which order the history comes', () => {
    const entry = fc.record({ at: fc.integer({ min: 0, max: 300 }), eta: fc.option(fc.integer({ min: -120, max: 240 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(entry, { selector: (e) => e.at, maxLength: 12 }), { maxLength: 8 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (histories, noise) => {
        const sorted = histories.map((h) => arrival(...h.map((e): [number, number | null] => [e.at, e.eta])));
        const shuffled = sorted.map((a) => ({ ...a, history: [...a.history].sort(() => noise.next().value - 0.5) }));
        expect(etaAccuracy(shuffled)).toEqual(etaAccuracy(sorted));
      }),
    );
  });

  it('keeps its figures in range: n never above the arrivals, median ≤ p90, shares 0–1, and a perfect ETA scores 0', () => {
    const entry = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.option(fc.integer({ min: -120, max: 240 }), { nil: null }));
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 10 }), { maxLength: 20 }), (histories) => {
        const arrivals = histories.map((h) => arrival(...h));
        for (const f of Object.values(etaAccuracy(arrivals))) {
          expect(f.n).toBeLessThanOrEqual(arrivals.length);
          if (f.n === 0) {
            expect(f).toEqual({ n: 0, medianAbsMin: null, p90AbsMin: null, within15Share: null });
            continue;
          }
          expect(f.medianAbsMin!).toBeGreaterThanOrEqual(0);
          expect(f.medianAbsMin!).toBeLessThanOrEqual(f.p90AbsMin!);
          expect(f.within15Share!).toBeGreaterThanOrEqual(0);
          expect(f.within15Share!).toBeLessThanOrEqual(1);
        }
        const perfect = etaAccuracy(arrivals.map((a) => ({ ...a, history: a.history.map((e) => ({ ...e, eta: a.arrivedAt })) })));
        for (const f of Object.values(perfect)) if (f.n > 0) expect(f).toMatchObject({ medianAbsMin: 0, p90AbsMin: 0, within15Share: 1 });
      }),
    );
  });

  it('counts an arrival at a longer lead only if it also counts at every shorter one (the history only grows towards the arrival)', () => {
    const entry = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: -120, max: 240 }));
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 10 }), { maxLength: 20 }), (histories) => {
        const f = etaAccuracy(histories.map((h) => arrival(...h)));
        expect(f['120']!.n).toBeLessThanOrEqual(f['60']!.n);
        expect(f['60']!.n).toBeLessThanOrEqual(f['30']!.n);
        expect(f['30']!.n).toBeLessThanOrEqual(f['15']!.n);
      }),
    );
  });
});
