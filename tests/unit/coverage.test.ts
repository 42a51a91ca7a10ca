import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coverageOf,
  demandBetween,
  firstBelow,
  onHandAt,
  projectStock,
  safetyAt,
  statusHoldsUntil,
  type DemandBucket,
  type InboundDelivery,
  type ProjectionInput,
} from '@dockwatch/shared';

const H = 3_600_000;
const NOW = Date.UTC(2025, 2, 4, 8, 0, 0);

/** Hourly buckets of `perHour` from `fromH` to `toH` hours after NOW. */
const hourly = (perHour: number, fromH = -24, toH = 24 * 28): DemandBucket[] =>
  Array.from({ length: toH - fromH }, (_, i) => ({ from: NOW + (fromH + i) * H, to: NOW + (fromH + i + 1) * H, quantity: perHour }));

const delivery = (id: string, quantity: number, etaH: number, opts: Partial<InboundDelivery> = {}): InboundDelivery => ({
  shipmentId: id,
  quantity,
  windowEnd: NOW + etaH * H,
  expectedAt: NOW + etaH * H,
  earliestAt: NOW + etaH * H,
  latestAt: NOW + etaH * H,
  ...opts,
});

const input = (overrides: Partial<ProjectionInput> = {}): ProjectionInput => ({
  stock: { quantity: 100, countedAt: NOW },
  receipts: [],
  demand: hourly(10),
  inbound: [],
  safety: { quantity: null, hours: null },
  now: NOW,
  until: NOW + 48 * H,
  ...overrides,
});

describe('demand and stock on hand', () => {
  it('spreads a bucket evenly over its span', () => {
    const demand = [{ from: NOW, to: NOW + 4 * H, quantity: 40 }];
    expect(demandBetween(demand, NOW, NOW + H)).toBeCloseTo(10);
    expect(demandBetween(demand, NOW - H, NOW + 8 * H)).toBeCloseTo(40);
    expect(demandBetween(demand, NOW + 2 * H, NOW + H)).toBe(0);
  });

  it('is the count, plus receipts after it, less the demand since', () => {
    const stock = { quantity: 100, countedAt: NOW - 3 * H };
    const receipts = [
      { at: NOW - 4 * H, quantity: 500 }, // before the count: already in it
      { at: NOW - H, quantity: 50 },
      { at: NOW + H, quantity: 70 }, // later than now
    ];
    expect(onHandAt({ stock, receipts, demand: hourly(10) }, NOW)).toBeCloseTo(100 + 50 - 30);
    expect(onHandAt({ stock: null, receipts, demand: hourly(10) }, NOW)).toBeNull();
  });
});

describe('projectStock', () => {
  it('falls with demand and steps up at each delivery’s arrival', () => {
    const line = projectStock(input({ inbound: [delivery('s1', 200, 5)] }), 'expected');
    const at = (h: number) => line.filter((p) => p.t === NOW + h * H).map((p) => p.quantity);
    expect(at(0)).toEqual([100]);
    expect(at(5)[0]).toBeCloseTo(50);
    expect(at(5)[1]).toBeCloseTo(250);
    expect(line.at(-1)!.t).toBe(NOW + 48 * H);
    expect(line.at(-1)!.quantity).toBeCloseTo(100 + 200 - 480);
  });

  it('places a delivery at its early edge, best estimate or late edge by outlook, and one already due at now', () => {
    const d = delivery('s1', 100, 6, { earliestAt: NOW + 4 * H, latestAt: NOW + 9 * H });
    const stepAt = (outlook: 'optimistic' | 'expected' | 'pessimistic') => {
      const line = projectStock(input({ inbound: [d] }), outlook);
      return (line.find((p, i) => i > 0 && p.t === line[i - 1]!.t)!.t - NOW) / H;
    };
    expect([stepAt('optimistic'), stepAt('expected'), stepAt('pessimistic')]).toEqual([4, 6, 9]);
    const overdue = projectStock(input({ inbound: [delivery('s2', 100, -2)] }), 'pessimistic');
    expect(overdue.slice(0, 2).map((p) => p.quantity)).toEqual([100, 200]);
  });

  it('is empty for a material never counted', () => {
    expect(projectStock(input({ stock: null }), 'expected')).toEqual([]);
  });
});

describe('safety stock and run-out', () => {
  it('takes a fixed safety quantity, or the demand of the next hours', () => {
    expect(safetyAt({ safety: { quantity: 30, hours: 5 }, demand: hourly(10) }, NOW)).toBe(30);
    expect(safetyAt({ safety: { quantity: null, hours: 5 }, demand: hourly(10) }, NOW)).toBeCloseTo(50);
    expect(safetyAt({ safety: { quantity: null, hours: null }, demand: hourly(10) }, NOW)).toBe(0);
  });

  it('finds the first crossing between points, and a line that starts below at its start', () => {
    const line = [
      { t: 0, quantity: 100 },
      { t: 10, quantity: 0 },
    ];
    expect(firstBelow(line, () => 50)).toBeCloseTo(5);
    expect(firstBelow(line, () => 200)).toBe(0);
    expect(firstBelow(line, () => -1)).toBeNull();
  });
});

describe('coverageOf', () => {
  it('gives hours of cover and run-out from the expected line, status from the pessimistic one', () => {
    // 100 on hand at 10/h: out in 10 h; the truck with 300 is expected at 8 h but may come at 12 h.
    const c = coverageOf(input({ inbound: [delivery('late', 300, 8, { windowEnd: NOW + 7 * H, latestAt: NOW + 12 * H })] }));
    expect(c.onHand).toBe(100);
    // Expected: 20 left when it comes at 8 h, then 320 more hours' worth… 32 h: out at 40 h.
    expect(c.runOutAt).toBeCloseTo(NOW + 40 * H, -4);
    expect(c.coverHours).toBeCloseTo(40);
    expect(c.pessimisticRunOutAt).toBeCloseTo(NOW + 10 * H, -3);
    expect(c.status).toBe('critical');
    expect(c.lateCausesRunOut).toEqual(['late']);
    expect(c.nextInbound!.shipmentId).toBe('late');
  });

  it('calls a part covered when even the late edge keeps it above safety within the horizon, and warns below safety', () => {
    const covered = coverageOf(input({ stock: { quantity: 1_000, countedAt: NOW } }));
    expect(covered.status).toBe('covered');
    // 100 h of stock: no run-out within the 48 h projected.
    expect(covered.runOutAt).toBeNull();
    expect(covered.coverHours).toBeNull();
    const warned = coverageOf(input({ stock: { quantity: 600, countedAt: NOW }, safety: { quantity: 200, hours: null } }));
    // Below 200 after 40 h (inside 48 h), out of stock after 60 h (outside): a warning, not critical.
    expect(warned.status).toBe('warning');
    expect(warned.pessimisticBelowSafetyAt).toBeCloseTo(NOW + 40 * H, -3);
  });

  it('does not blame a late truck whose parts are covered anyway, nor one that comes by its window end', () => {
    const plenty = coverageOf(input({ stock: { quantity: 5_000, countedAt: NOW }, inbound: [delivery('late', 300, 8, { windowEnd: NOW + 7 * H, latestAt: NOW + 12 * H })] }));
    expect(plenty.lateCausesRunOut).toEqual([]);
    const onTime = coverageOf(input({ inbound: [delivery('ok', 50, 3, { latestAt: NOW + 3 * H, windowEnd: NOW + 4 * H })] }));
    expect(onTime.status).toBe('critical');
    expect(onTime.lateCausesRunOut).toEqual([]);
  });

  it('is unknown for a material never counted', () => {
    expect(coverageOf(input({ stock: null })).status).toBe('unknown');
  });
});

describe('coverage: properties', () => {
  const deliveryArb = fc.record({
    shipmentId: fc.uuid(),
    quantity: fc.integer({ min: 1, max: 1_000 }),
    windowEnd: fc.integer({ min: -5, max: 60 }).map((h) => NOW + h * H),
    expectedAt: fc.integer({ min: -5, max: 60 }).map((h) => NOW + h * H),
    spreadH: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 10 })),
  });
  const caseArb = fc.record({
    stock: fc.integer({ min: 0, max: 2_000 }),
    perHour: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 72 }),
    inbound: fc.array(deliveryArb, { maxLength: 5 }),
  });
  type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
  const build = (c: Case, scale = 1): ProjectionInput =>
    input({
      stock: { quantity: c.stock, countedAt: NOW },
      demand: c.perHour.map((q, i) => ({ from: NOW + i * H, to: NOW + (i + 1) * H, quantity: q * scale })),
      inbound: c.inbound.map((d) => ({
        shipmentId: d.shipmentId,
        quantity: d.quantity,
        windowEnd: d.windowEnd,
        expectedAt: d.expectedAt,
        earliestAt: d.expectedAt - d.spreadH[0] * H,
        latestAt: d.expectedAt + d.spreadH[1] * H,
      })),
      until: NOW + 72 * H,
    });

  it('conserves quantity: the end of every line is stock + deliveries − demand', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const i = build(c);
        const delivered = i.inbound.filter((d) => Math.max(NOW, d.expectedAt) <= i.until).reduce((s, d) => s + d.quantity, 0);
        const end = projectStock(i, 'expected').at(-1)!.quantity;
        expect(end).toBeCloseTo(c.stock + delivered - demandBetween(i.demand, NOW, i.until), 6);
      }),
    );
  });

  it('never gives more cover for more demand', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1, max: 3, noNaN: true }), (c, k) => {
        const low = coverageOf(build(c));
        const high = coverageOf(build(c, k));
        const cover = (x: number | null) => x ?? Number.POSITIVE_INFINITY;
        expect(cover(high.runOutAt)).toBeLessThanOrEqual(cover(low.runOutAt) + 1);
        expect(cover(high.pessimisticRunOutAt)).toBeLessThanOrEqual(cover(low.pessimisticRunOutAt) + 1);
      }),
    );
  });

  it('never gives more cover for a later ETA', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 0 }), fc.integer({ min: 1, max: 24 }), (c, idx, laterH) => {
        fc.pre(c.inbound.length > 0);
        const i = build(c);
        const later = { ...i, inbound: i.inbound.map((d, j) => (j === idx ? { ...d, expectedAt: d.expectedAt + laterH * H, latestAt: d.latestAt + laterH * H } : d)) };
        const cover = (x: number | null) => x ?? Number.POSITIVE_INFINITY;
        expect(cover(coverageOf(later).runOutAt)).toBeLessThanOrEqual(cover(coverageOf(i).runOutAt) + 1);
        expect(cover(coverageOf(later).pessimisticRunOutAt)).toBeLessThanOrEqual(cover(coverageOf(i).pessimisticRunOutAt) + 1);
      }),
    );
  });
});

describe('coverage: when to look again', () => {
  const rules = { horizonHours: 48 };
  const caseArb = fc.record({
    stock: fc.integer({ min: 0, max: 3_000 }),
    perHour: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 24 * 5 }),
    safety: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    inbound: fc.array(
      fc.record({ quantity: fc.integer({ min: 1, max: 1_000 }), latestH: fc.integer({ min: -3, max: 100 }), spreadH: fc.integer({ min: 0, max: 4 }) }),
      { maxLength: 4 },
    ),
  });
  const at = (c: typeof caseArb extends fc.Arbitrary<infer T> ? T : never, now: number): ProjectionInput => ({
    stock: { quantity: c.stock, countedAt: NOW },
    receipts: [],
    demand: c.perHour.map((q, i) => ({ from: NOW + i * H, to: NOW + (i + 1) * H, quantity: q })),
    inbound: c.inbound.map((d, i) => ({
      shipmentId: `s${i}`,
      quantity: d.quantity,
      windowEnd: NOW + d.latestH * H,
      expectedAt: NOW + (d.latestH - d.spreadH) * H,
      earliestAt: NOW + (d.latestH - 2 * d.spreadH) * H,
      latestAt: NOW + d.latestH * H,
    })),
    safety: { quantity: c.safety, hours: null },
    now,
    until: now + 24 * 28 * H,
  });

  it('keeps the status it gave until the time it names, whatever the clock does in between', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0, max: 1, noNaN: true }), (c, f) => {
        const first = at(c, NOW);
        const coverage = coverageOf(first, rules);
        const holds = statusHoldsUntil(first, coverage, rules, 6 * H);
        expect(holds).toBeGreaterThanOrEqual(NOW);
        expect(holds).toBeLessThanOrEqual(NOW + 6 * H);
        const later = NOW + f * (holds - NOW);
        if (later < holds) expect(coverageOf(at(c, later), rules).status).toBe(coverage.status);
      }),
    );
  });

  it('waits no longer than the most it is given, and not at all while a delivery is due', () => {
    const calm = input({ demand: hourly(1), until: NOW + 24 * 28 * H });
    expect(statusHoldsUntil(calm, coverageOf(calm), rules, 15 * 60_000)).toBe(NOW + 15 * 60_000);
    const due = input({ inbound: [delivery('yard', 10, -1)], until: NOW + 24 * 28 * H });
    expect(statusHoldsUntil(due, coverageOf(due), rules, 15 * 60_000)).toBe(NOW);
    // 100 on hand at 10 an hour runs out in 10 h: inside the 48 h horizon already, so critical holds; a far one is named.
    const far = input({ stock: { quantity: 600, countedAt: NOW }, demand: hourly(10), until: NOW + 24 * 28 * H });
    const c = coverageOf(far);
    expect(c.status).toBe('covered');
    expect(statusHoldsUntil(far, c, rules, 24 * H)).toBe(c.pessimisticRunOutAt! - 48 * H);
  });
});

describe('coverage: demand over a span', () => {
  it('gives the same demand from the cumulative curve as bucket by bucket, overlapping buckets included', () => {
    const bucketArb = fc.record({ fromH: fc.integer({ min: -48, max: 700 }), spanH: fc.integer({ min: 0, max: 30 }), quantity: fc.integer({ min: 0, max: 500 }) });
    fc.assert(
      fc.property(fc.array(bucketArb, { maxLength: 40 }), fc.integer({ min: -60, max: 740 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 5_000 }), (buckets, aH, lenH, stock) => {
        const demand = buckets.map((b) => ({ from: NOW + b.fromH * H, to: NOW + (b.fromH + b.spanH) * H, quantity: b.quantity }));
        const a = NOW + aH * H;
        const b = a + lenH * H + 1_234;
        const counted = { stock: { quantity: stock, countedAt: a }, receipts: [], demand };
        // onHandAt takes the demand from the count to now off the count.
        expect(onHandAt(counted, b)).toBeCloseTo(stock - demandBetween(demand, a, b), 6);
      }),
    );
  });
});
