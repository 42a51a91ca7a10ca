import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_RULES, windowDeltaMinutes, windowStatusAt, type WindowRules, type WindowStatus } from '@dockwatch/shared';

const MIN = 60_000;
// A 30-minute receiving window, 10:00–10:30 UTC.
const START = Date.UTC(2025, 2, 4, 10, 0, 0);
const END = START + 30 * MIN;
const at = (minutesAfterStart: number): number => START + minutesAfterStart * MIN;

/** How bad a status is for the plant; a later arrival must never rank lower. */
const RANK: Record<Exclude<WindowStatus, 'unknown'>, number> = { early: 0, on_time: 1, at_risk: 2, late: 3 };
const rank = (status: WindowStatus): number => {
  if (status === 'unknown') throw new Error('a known arrival time gave an unknown window status');
  return RANK[status];
};

const windowArb = fc
  .tuple(fc.integer({ min: START - 86_400_000, max: START + 86_400_000 }), fc.integer({ min: 0, max: 8 * 60 * MIN }))
  .map(([start, length]) => ({ start, end: start + length }));
const rulesArb: fc.Arbitrary<WindowRules> = fc.record({
  earlyToleranceMs: fc.integer({ min: 0, max: 2 * 60 * MIN }),
  atRiskFraction: fc.double({ min: 0, max: 1, noNaN: true }),
});
const arrivalNear = (w: { start: number; end: number }) => fc.integer({ min: w.start - 4 * 60 * MIN, max: w.end + 4 * 60 * MIN });

describe('windowStatusAt', () => {
  it('is unknown without an arrival time', () => {
    expect(windowStatusAt(null, START, END)).toBe('unknown');
    expect(windowStatusAt(Number.NaN, START, END)).toBe('unknown');
    expect(windowStatusAt(Number.POSITIVE_INFINITY, START, END)).toBe('unknown');
  });

  it('is early only beyond the early tolerance (15 min by default)', () => {
    expect(windowStatusAt(at(-60), START, END)).toBe('early');
    expect(windowStatusAt(at(-15) - 1, START, END)).toBe('early');
    expect(windowStatusAt(at(-15), START, END)).toBe('on_time');
    expect(windowStatusAt(at(-5), START, END)).toBe('on_time');
  });

  it('is on time from the window start until the last quarter of the window', () => {
    expect(windowStatusAt(START, START, END)).toBe('on_time');
    expect(windowStatusAt(at(10), START, END)).toBe('on_time');
    // The last quarter of 30 minutes starts at 22.5 minutes.
    expect(windowStatusAt(at(22.5), START, END)).toBe('on_time');
  });

  it('is at risk in the last quarter of the window, up to and including its end', () => {
    expect(windowStatusAt(at(22.5) + 1, START, END)).toBe('at_risk');
    expect(windowStatusAt(at(29), START, END)).toBe('at_risk');
    expect(windowStatusAt(END, START, END)).toBe('at_risk');
  });

  it('is late after the window end', () => {
    expect(windowStatusAt(END + 1, START, END)).toBe('late');
    expect(windowStatusAt(at(90), START, END)).toBe('late');
  });

  it('follows the tolerance and fraction in the rules it is given', () => {
    const strict: WindowRules = { earlyToleranceMs: 0, atRiskFraction: 0 };
    expect(windowStatusAt(START - 1, START, END, strict)).toBe('early');
    expect(windowStatusAt(END, START, END, strict)).toBe('on_time');
    const nervous: WindowRules = { ...DEFAULT_WINDOW_RULES, atRiskFraction: 1 };
    expect(windowStatusAt(START + 1, START, END, nervous)).toBe('at_risk');
  });

  it('never gives a better status for a later arrival (early < on_time < at_risk < late)', () => {
    fc.assert(
      fc.property(
        windowArb.chain((w) => fc.tuple(fc.constant(w), arrivalNear(w), arrivalNear(w))),
        rulesArb,
        ([w, a, b], rules) => {
          const [earlier, later] = a <= b ? [a, b] : [b, a];
          return rank(windowStatusAt(earlier, w.start, w.end, rules)) <= rank(windowStatusAt(later, w.start, w.end, rules));
        },
      ),
    );
  });

  it('is late exactly when the arrival is after the window end, early exactly when beyond the tolerance', () => {
    fc.assert(
      fc.property(
        windowArb.chain((w) => fc.tuple(fc.constant(w), arrivalNear(w))),
        rulesArb,
        ([w, arrival], rules) => {
          const status = windowStatusAt(arrival, w.start, w.end, rules);
          return (status === 'late') === arrival > w.end && (status === 'early') === arrival < w.start - rules.earlyToleranceMs;
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
    expect(windowStatusAt(END + 10_000, START, END)).toBe('late');
    expect(windowDeltaMinutes(START - 10_000, START, END)).toBe(-1);
    expect(Object.is(windowDeltaMinutes(START, START, END), 0)).toBe(true);
  });

  it('has the sign of the side of the window the arrival is on, and grows with the arrival', () => {
    fc.assert(
      fc.property(windowArb.chain((w) => fc.tuple(fc.constant(w), arrivalNear(w), arrivalNear(w))), ([w, a, b]) => {
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
