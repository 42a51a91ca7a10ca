import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_RULES, windowDeltaMinutes, windowStatusOf, type ArrivalOutlook, type WindowRules, type WindowStatus } from '@dockwatch/shared';

const MIN = 60_000;
// A 30-minute receiving window, 10:00–10:30 UTC, seen from 09:00 unless a test says otherwise.
const START = Date.UTC(2025, 2, 4, 10, 0, 0);
const END = START + 30 * MIN;
const NOW = START - 60 * MIN;
const at = (minutesAfterStart: number): number => START + minutesAfterStart * MIN;

/** How bad a status is for the plant; a later arrival or band must never rank lower. */
const RANK: Record<Exclude<WindowStatus, 'unknown'>, number> = { early: 0, on_time: 1, at_risk: 2, late: 3 };
const rank = (status: WindowStatus): number => {
  if (status === 'unknown') throw new Error('a known arrival time gave an unknown window status');
  return RANK[status];
};

/** The status of a truck that arrived at `arrivedAt`. */
const arrived = (arrivedAt: number, start = START, end = END, rules: WindowRules = DEFAULT_WINDOW_RULES): WindowStatus =>
  windowStatusOf({ eta: arrivedAt, arrivedAt }, start, end, arrivedAt, rules);

/** The status of a truck on the road with this band (minutes after the window start), at 09:00. */
const onRoad = (earliest: number, eta: number, latest: number, now = NOW): WindowStatus =>
  windowStatusOf({ eta: at(eta), etaEarliest: at(earliest), etaLatest: at(latest), arrivedAt: null }, START, END, now);

const windowArb = fc
  .tuple(fc.integer({ min: START - 86_400_000, max: START + 86_400_000 }), fc.integer({ min: 0, max: 8 * 60 * MIN }))
  .map(([start, length]) => ({ start, end: start + length }));
const rulesArb: fc.Arbitrary<WindowRules> = fc.record({
  earlyToleranceMs: fc.integer({ min: 0, max: 2 * 60 * MIN }),
  atRiskFraction: fc.double({ min: 0, max: 1, noNaN: true }),
});
const timeNear = (w: { start: number; end: number }) => fc.integer({ min: w.start - 4 * 60 * MIN, max: w.end + 4 * 60 * MIN });
/** A band around a window: earliest ≤ eta ≤ latest. */
const bandNear = (w: { start: number; end: number }) =>
  fc.tuple(timeNear(w), fc.integer({ min: 0, max: 3 * 60 * MIN }), fc.integer({ min: 0, max: 3 * 60 * MIN })).map(([earliest, toEta, toLatest]) => ({
    earliest,
    eta: earliest + toEta,
    latest: earliest + toEta + toLatest,
  }));
const outlook = (b: { earliest: number; eta: number; latest: number }): ArrivalOutlook => ({ eta: b.eta, etaEarliest: b.earliest, etaLatest: b.latest, arrivedAt: null });

describe('windowStatusOf: after arrival', () => {
  it('is early only beyond the early tolerance (15 min by default)', () => {
    expect(arrived(at(-60))).toBe('early');
    expect(arrived(at(-15) - 1)).toBe('early');
    expect(arrived(at(-15))).toBe('on_time');
    expect(arrived(at(-5))).toBe('on_time');
  });

  it('is on time from the window start up to and including its end, and late after it', () => {
    expect(arrived(START)).toBe('on_time');
    expect(arrived(at(29))).toBe('on_time');
    expect(arrived(END)).toBe('on_time');
    expect(arrived(END + 1)).toBe('late');
    expect(arrived(at(90))).toBe('late');
  });

  it('judges the arrival, whatever the ETA said and whenever it is asked', () => {
    const late = { eta: at(10), etaEarliest: at(5), etaLatest: at(20), arrivedAt: at(45) };
    expect(windowStatusOf(late, START, END, NOW)).toBe('late');
    expect(windowStatusOf({ ...late, arrivedAt: at(10) }, START, END, at(300))).toBe('on_time');
  });

  it('follows the early tolerance in the rules it is given', () => {
    const strict: WindowRules = { earlyToleranceMs: 0, atRiskFraction: 0 };
    expect(arrived(START - 1, START, END, strict)).toBe('early');
    expect(arrived(START, START, END, strict)).toBe('on_time');
  });

  it('never gives a better status for a later arrival, and is late / early exactly outside the window and tolerance', () => {
    fc.assert(
      fc.property(
        windowArb.chain((w) => fc.tuple(fc.constant(w), timeNear(w), timeNear(w))),
        rulesArb,
        ([w, a, b], rules) => {
          const [earlier, later] = a <= b ? [a, b] : [b, a];
          expect(rank(arrived(earlier, w.start, w.end, rules))).toBeLessThanOrEqual(rank(arrived(later, w.start, w.end, rules)));
          const status = arrived(a, w.start, w.end, rules);
          expect(status === 'late').toBe(a > w.end);
          expect(status === 'early').toBe(a < w.start - rules.earlyToleranceMs);
          expect(status).not.toBe('at_risk');
        },
      ),
    );
  });
});

describe('windowStatusOf: on the road, judged by the band', () => {
  it('is unknown without an ETA while the window is still open', () => {
    expect(windowStatusOf({ eta: null, arrivedAt: null }, START, END, NOW)).toBe('unknown');
    expect(windowStatusOf({ eta: Number.NaN, arrivedAt: null }, START, END, NOW)).toBe('unknown');
    expect(windowStatusOf({ eta: Number.POSITIVE_INFINITY, arrivedAt: null }, START, END, NOW)).toBe('unknown');
  });

  it('is late when even the early edge of the band misses the window end', () => {
    expect(onRoad(31, 40, 60)).toBe('late');
    expect(onRoad(30, 40, 60)).toBe('at_risk');
  });

  it('is at risk when the late edge misses the window end and the ETA is in the last quarter of the window or past it', () => {
    // The last quarter of 10:00–10:30 starts at 10:22:30.
    expect(onRoad(10, 25, 40)).toBe('at_risk');
    expect(onRoad(10, 35, 40)).toBe('at_risk');
    expect(onRoad(10, 22.5, 40)).toBe('on_time');
    expect(onRoad(10, 20, 60)).toBe('on_time');
  });

  it('is on time while the late edge is inside the window, even with the ETA in its last minutes', () => {
    expect(onRoad(20, 29, 30)).toBe('on_time');
    expect(onRoad(-40, 5, 25)).toBe('on_time');
  });

  it('is early only when even the late edge is before the window start by more than the tolerance', () => {
    expect(onRoad(-90, -60, -16)).toBe('early');
    expect(onRoad(-90, -60, -15)).toBe('on_time');
    expect(onRoad(-90, -60, 5)).toBe('on_time');
  });

  it('reads an ETA without a band as a band of zero width', () => {
    const point = (eta: number) => windowStatusOf({ eta, arrivedAt: null }, START, END, NOW);
    expect(point(END)).toBe('on_time');
    expect(point(END + 1)).toBe('late');
    expect(point(at(-16))).toBe('early');
    expect(windowStatusOf({ eta: at(25), etaEarliest: null, etaLatest: at(40), arrivedAt: null }, START, END, NOW)).toBe('at_risk');
  });

  it('is late once the window has closed with the truck still on the road, whatever the ETA says', () => {
    const after = END + 1;
    expect(windowStatusOf({ eta: after, etaEarliest: after, etaLatest: after + 5 * MIN, arrivedAt: null }, START, END, after)).toBe('late');
    expect(windowStatusOf({ eta: null, arrivedAt: null }, START, END, after)).toBe('late');
    // Up to the end itself the band decides.
    expect(windowStatusOf({ eta: END, etaEarliest: END, etaLatest: END, arrivedAt: null }, START, END, END)).toBe('on_time');
  });

  it('follows the fraction in the rules it is given', () => {
    const band = { eta: at(5), etaEarliest: at(0), etaLatest: at(40), arrivedAt: null };
    expect(windowStatusOf(band, START, END, NOW)).toBe('on_time');
    expect(windowStatusOf(band, START, END, NOW, { ...DEFAULT_WINDOW_RULES, atRiskFraction: 1 })).toBe('at_risk');
  });

  it('never gives a better status for a later band (early < on_time < at_risk < late)', () => {
    fc.assert(
      fc.property(
        windowArb.chain((w) => fc.tuple(fc.constant(w), bandNear(w), fc.integer({ min: 0, max: 3 * 60 * MIN }), fc.nat({ max: 2 }))),
        rulesArb,
        fc.integer({ min: -6 * 60 * MIN, max: 0 }),
        ([w, band, shift, edge], rules, nowOffset) => {
          const now = w.end + nowOffset;
          // Move the whole band later, or only one of its edges (keeping earliest ≤ eta ≤ latest).
          const later =
            edge === 0
              ? { earliest: band.earliest + shift, eta: band.eta + shift, latest: band.latest + shift }
              : edge === 1
                ? { ...band, latest: band.latest + shift }
                : { ...band, earliest: Math.min(band.eta, band.earliest + shift) };
          expect(rank(windowStatusOf(outlook(band), w.start, w.end, now, rules))).toBeLessThanOrEqual(rank(windowStatusOf(outlook(later), w.start, w.end, now, rules)));
        },
      ),
    );
  });

  it('is late exactly when the early edge misses the window or the window has closed, and at risk only when the late edge misses it', () => {
    fc.assert(
      fc.property(
        windowArb.chain((w) => fc.tuple(fc.constant(w), bandNear(w), timeNear(w))),
        rulesArb,
        ([w, band, now], rules) => {
          const status = windowStatusOf(outlook(band), w.start, w.end, now, rules);
          expect(status === 'late').toBe(now > w.end || band.earliest > w.end);
          if (status === 'at_risk') expect(band.latest).toBeGreaterThan(w.end);
          if (status === 'early') expect(band.latest).toBeLessThan(w.start - rules.earlyToleranceMs);
          expect(status).not.toBe('unknown');
        },
      ),
    );
  });
});

describe('windowDeltaMinutes', () => {
  it('is null without an arrival time', () => {
    expect(windowDeltaMinutes(null, START, END)).toBeNull();
  });

  it('is negative minutes before the start when early', () => {
    expect(windowDeltaMinutes(at(-20), START, END)).toBe(-20);
    expect(windowDeltaMinutes(at(-1), START, END)).toBe(-1);
  });

  it('is positive minutes after the end when late', () => {
    expect(windowDeltaMinutes(END + 5 * MIN, START, END)).toBe(5);
    expect(windowDeltaMinutes(END + 90 * MIN, START, END)).toBe(90);
  });

  it('is 0 inside the window, including both edges', () => {
    expect(windowDeltaMinutes(START, START, END)).toBe(0);
    expect(windowDeltaMinutes(at(15), START, END)).toBe(0);
    expect(windowDeltaMinutes(END, START, END)).toBe(0);
  });

  it('reads a few seconds outside the window as a minute outside, matching the window status', () => {
    // 10 s past the end is "late" on the chip; the board must not say "in window" beside it.
    expect(windowDeltaMinutes(END + 10_000, START, END)).toBe(1);
    expect(arrived(END + 10_000)).toBe('late');
    expect(windowDeltaMinutes(START - 10_000, START, END)).toBe(-1);
    expect(Object.is(windowDeltaMinutes(START, START, END), 0)).toBe(true);
  });

  it('has the sign of the side of the window the arrival is on, and grows with the arrival', () => {
    fc.assert(
      fc.property(windowArb.chain((w) => fc.tuple(fc.constant(w), timeNear(w), timeNear(w))), ([w, a, b]) => {
        const da = windowDeltaMinutes(a, w.start, w.end);
        const db = windowDeltaMinutes(b, w.start, w.end);
        if (da === null || db === null) return false;
        const signOk = a < w.start ? da <= 0 : a > w.end ? da >= 0 : Object.is(da, 0);
        const monotonic = a <= b ? da <= db : db <= da;
        return signOk && monotonic && !Object.is(da, -0);
      }),
    );
  });
});
