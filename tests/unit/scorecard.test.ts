import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyTally,
  histogramMedian,
  loadFacts,
  measuresOf,
  mergeTallies,
  MINUTE_EDGES,
  periodDays,
  scoreOf,
  sumTallies,
  tallyOf,
  weeklySeries,
  weekOf,
  windowOffsetMinutes,
  type LoadFacts,
  type LoadRecord,
} from '@dockwatch/shared';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const WINDOW = { windowStart: T0, windowEnd: T0 + 30 * MIN };

const record = (over: Partial<LoadRecord> = {}): LoadRecord => ({
  shipmentId: '00000000-0000-4000-8000-000000000001',
  reference: 'PO-1',
  siteId: '00000000-0000-4000-8000-0000000000a1',
  carrierId: '00000000-0000-4000-8000-0000000000c1',
  supplier: 'Acme',
  timeZone: 'Europe/Berlin',
  ...WINDOW,
  arrivedAt: T0 + 10 * MIN,
  events: [{ type: 'dispatched', ts: T0 - 120 * MIN }],
  pingTimes: Array.from({ length: 13 }, (_, i) => T0 - 120 * MIN + i * 10 * MIN),
  lateAlertAt: null,
  etaHistory: [],
  receipt: null,
  ...over,
});

/** A load that arrived `offset` minutes after window start (window 30 min), otherwise well behaved. */
const arrivedAt = (offset: number): LoadFacts => loadFacts(record({ arrivedAt: T0 + offset * MIN, pingTimes: [] }));

describe('load facts', () => {
  it('rates arrival against the window: minutes early before it, late after it, 0 inside', () => {
    expect(windowOffsetMinutes(T0 - 20 * MIN, WINDOW.windowStart, WINDOW.windowEnd)).toBe(-20);
    expect(windowOffsetMinutes(T0 + 30 * MIN, WINDOW.windowStart, WINDOW.windowEnd)).toBe(0);
    expect(windowOffsetMinutes(T0 + 45 * MIN, WINDOW.windowStart, WINDOW.windowEnd)).toBe(15);
  });

  it('counts a trip as tracked when positions cover it from dispatch to arrival without a long gap', () => {
    const facts = loadFacts(record());
    expect(facts).toMatchObject({ tracked: true, neverTracked: false, medianPingGapMinutes: 10 });
    const gap = loadFacts(record({ pingTimes: [T0 - 120 * MIN, T0 - 110 * MIN, T0 - 20 * MIN, T0] }));
    expect(gap).toMatchObject({ tracked: false, neverTracked: false });
    expect(loadFacts(record({ pingTimes: [] }))).toMatchObject({ tracked: false, neverTracked: true, medianPingGapMinutes: null });
  });

  it('measures advance notice of a late load from the first late alert or ETA past the window end, whichever came first', () => {
    const late = { arrivedAt: T0 + 75 * MIN };
    expect(loadFacts(record({ ...late, lateAlertAt: T0 - 60 * MIN })).noticeMinutes).toBe(90);
    expect(loadFacts(record({ ...late, lateAlertAt: T0, etaHistory: [{ at: T0 - 30 * MIN, eta: T0 + 40 * MIN }] })).noticeMinutes).toBe(60);
    // Known only after the window end: no notice at all.
    expect(loadFacts(record({ ...late, lateAlertAt: T0 + 40 * MIN })).noticeMinutes).toBe(0);
    expect(loadFacts(record(late)).noticeMinutes).toBe(0);
    // On time: notice does not apply.
    expect(loadFacts(record()).noticeMinutes).toBeNull();
  });

  it('takes the ETA an hour before arrival for accuracy', () => {
    // Arrived T0 + 10: the ETA at T0 - 55 (the last one at least an hour before) said T0 + 12; the later one is not judged.
    const facts = loadFacts(record({ etaHistory: [{ at: T0 - 90 * MIN, eta: T0 + 30 * MIN }, { at: T0 - 55 * MIN, eta: T0 + 12 * MIN }, { at: T0 - 30 * MIN, eta: T0 + 60 * MIN }] }));
    expect(facts.etaErrorMinutes).toBe(2);
  });

  it("splits the yard wait into the partner's (arrived early) and the plant's (after window start), and times the dock", () => {
    const facts = loadFacts(
      record({
        arrivedAt: T0 - 20 * MIN,
        events: [{ type: 'arrived', ts: T0 - 20 * MIN }, { type: 'at_dock', ts: T0 + 15 * MIN }],
        receipt: { receivedAt: T0 + 45 * MIN, lines: [] },
      }),
    );
    expect(facts).toMatchObject({ yardMinutes: 35, plantWaitMinutes: 15, dockMinutes: 30, inFull: null });
  });

  it('judges in full from the counted quantities against the notice', () => {
    const counted = (quantity: number) => loadFacts(record({ receipt: { receivedAt: T0 + 40 * MIN, lines: [{ expectedQuantity: 10, quantity }, { expectedQuantity: null, quantity: 3 }] } }));
    expect(counted(10)).toMatchObject({ inFull: true, short: false });
    expect(counted(12)).toMatchObject({ inFull: true, short: false });
    expect(counted(9)).toMatchObject({ inFull: false, short: true });
  });
});

describe('measures', () => {
  it('reads shares and medians from a tally', () => {
    const m = measuresOf(tallyOf([arrivedAt(10), arrivedAt(20), arrivedAt(45), arrivedAt(-40)]));
    expect(m.onTimeShare).toEqual({ value: 0.5, loads: 4 });
    expect(m.lateShare.value).toBe(0.25);
    expect(m.earlyShare.value).toBe(0.25);
    expect(m.inFullShare).toEqual({ value: null, loads: 0 });
  });

  it('gives a median within its histogram bucket', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { minLength: 1, maxLength: 40 }), (values) => {
        const h = new Array<number>(MINUTE_EDGES.length).fill(0);
        for (const v of values) {
          let i = MINUTE_EDGES.length - 1;
          while (i > 0 && v < MINUTE_EDGES[i]!) i--;
          h[i]! += 1;
        }
        const sorted = [...values].sort((a, b) => a - b);
        const lower = sorted[Math.floor((sorted.length - 1) / 2)]!;
        const upper = sorted[Math.ceil((sorted.length - 1) / 2)]!;
        const m = histogramMedian(h)!;
        const bucketLow = (v: number) => MINUTE_EDGES.filter((e) => e <= v).at(-1)!;
        const bucketHigh = (v: number) => MINUTE_EDGES.find((e) => e > v) ?? MINUTE_EDGES.at(-1)!;
        expect(m).toBeGreaterThanOrEqual(bucketLow(lower));
        expect(m).toBeLessThanOrEqual(bucketHigh(upper));
      }),
    );
  });

  const offsets = fc.array(fc.integer({ min: -300, max: 300 }), { maxLength: 30 });

  it('never lowers the on-time rate (or the score) with one more on-time arrival', () => {
    fc.assert(
      fc.property(offsets, fc.integer({ min: 0, max: 30 }), (before, onTime) => {
        const loads = before.map(arrivedAt);
        const was = tallyOf(loads);
        const now = tallyOf([...loads, arrivedAt(onTime)]);
        expect(measuresOf(now).onTimeShare.value!).toBeGreaterThanOrEqual(measuresOf(was).onTimeShare.value ?? 0);
        if (was.loads > 0) expect(scoreOf(now)!).toBeGreaterThanOrEqual(scoreOf(was)! - 1e-9);
      }),
    );
  });

  it('never raises the on-time rate with one more late arrival', () => {
    fc.assert(
      fc.property(offsets, fc.integer({ min: 31, max: 600 }), (before, late) => {
        const loads = before.map(arrivedAt);
        const was = measuresOf(tallyOf(loads)).onTimeShare.value ?? 1;
        expect(measuresOf(tallyOf([...loads, arrivedAt(late)])).onTimeShare.value!).toBeLessThanOrEqual(was);
      }),
    );
  });

  it('adds up: the tally of two sets of loads is the merge of their tallies, in any order', () => {
    fc.assert(
      fc.property(offsets, offsets, (a, b) => {
        const ta = tallyOf(a.map(arrivedAt));
        const tb = tallyOf(b.map(arrivedAt));
        expect(mergeTallies(ta, tb)).toEqual(tallyOf([...a, ...b].map(arrivedAt)));
        expect(mergeTallies(ta, tb)).toEqual(mergeTallies(tb, ta));
        expect(mergeTallies(ta, emptyTally())).toEqual(ta);
        expect(sumTallies([ta, tb, emptyTally()])).toEqual(mergeTallies(ta, tb));
      }),
    );
  });

  it('keeps every share between 0 and 1 and the score between 0 and 100', () => {
    fc.assert(
      fc.property(offsets, (values) => {
        const m = measuresOf(tallyOf(values.map(arrivedAt)));
        for (const k of ['onTimeShare', 'earlyShare', 'lateShare', 'trackedShare', 'exceptionShare'] as const) {
          if (m[k].value !== null) expect(m[k].value! * (1 - m[k].value!)).toBeGreaterThanOrEqual(0);
        }
        if (m.score.value !== null) expect(m.score.value * (100 - m.score.value)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('periods and weeks', () => {
  it('ends a period today and groups days into ISO weeks, empty weeks included', () => {
    const now = Date.parse('2026-03-12T10:00:00Z'); // a Thursday
    expect(periodDays('week', now)).toEqual({ from: '2026-03-06', to: '2026-03-12' });
    expect(weekOf('2026-03-12')).toBe('2026-03-09');
    expect(weekOf('2026-03-08')).toBe('2026-03-02');
    const series = weeklySeries([{ day: '2026-03-10', tally: tallyOf([arrivedAt(0)]) }], '2026-02-25', '2026-03-12');
    expect(series.map((w) => w.week)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(series.map((w) => w.tally.loads)).toEqual([0, 0, 1]);
    expect(sumTallies(series.map((w) => w.tally)).loads).toBe(1);
  });

  it("counts a load for the site's local day of its window start, not the UTC day", () => {
    // 00:30 in Berlin on Tuesday 3 March is 23:30 UTC on Monday.
    const justAfterMidnight = Date.parse('2026-03-02T23:30:00Z');
    const late = loadFacts(record({ windowStart: justAfterMidnight, windowEnd: justAfterMidnight + 30 * MIN, arrivedAt: justAfterMidnight }));
    expect(late.day).toBe('2026-03-03');
    expect(loadFacts(record({ timeZone: 'UTC', windowStart: justAfterMidnight, windowEnd: justAfterMidnight + 30 * MIN, arrivedAt: justAfterMidnight })).day).toBe('2026-03-02');
    // West of UTC the other way round: 19:00 in Chicago on 2 March is 01:00 UTC on the 3rd.
    const evening = Date.parse('2026-03-03T01:00:00Z');
    expect(loadFacts(record({ timeZone: 'America/Chicago', windowStart: evening, windowEnd: evening + 30 * MIN, arrivedAt: evening })).day).toBe('2026-03-02');
  });

  it("ends a period on the site's today, across a daylight-saving change", () => {
    // 00:30 on Sunday 29 March in Berlin (summer time starts at 02:00 that day) is 23:30 UTC on the 28th.
    const now = Date.parse('2026-03-28T23:30:00Z');
    expect(periodDays('week', now, 'Europe/Berlin')).toEqual({ from: '2026-03-23', to: '2026-03-29' });
    expect(periodDays('week', now)).toEqual({ from: '2026-03-22', to: '2026-03-28' });
    expect(periodDays('90d', Date.parse('2026-10-25T22:30:00Z'), 'Europe/Berlin')).toEqual({ from: '2026-07-28', to: '2026-10-25' });
  });
});
