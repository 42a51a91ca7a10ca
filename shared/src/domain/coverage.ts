/**
 * Material coverage: projected stock over time from the last count, what was received since,
 * the line's demand and the inbound deliveries at their ETAs, and from it hours of cover,
 * run-out times and the deliveries whose lateness makes a part run out. Pure; times are epoch
 * ms, quantities in the material's unit.
 */

/** Planned consumption: `quantity` used evenly between `from` and `to`. */
export interface DemandBucket {
  from: number;
  to: number;
  quantity: number;
}

/** Stock on hand as counted (an ERP export, a cycle count). */
export interface StockCount {
  quantity: number;
  countedAt: number;
}

/** A receipt booked into stock (a received shipment's quantity of this material). */
export interface StockReceipt {
  at: number;
  quantity: number;
}

/** A shipment on its way (or on the yard) carrying this material. */
export interface InboundDelivery {
  shipmentId: string;
  quantity: number;
  /** The end of its receiving window: when it was planned to be there at the latest. */
  windowEnd: number;
  /** Best estimate and band of its arrival; for a truck without an ETA, its window. */
  expectedAt: number;
  earliestAt: number;
  latestAt: number;
}

/** Safety stock: a fixed quantity, or enough for the next `hours` of demand (whichever is set; quantity wins). */
export interface SafetyStock {
  quantity: number | null;
  hours: number | null;
}

export interface ProjectionInput {
  /** Null: never counted, so nothing can be projected. */
  stock: StockCount | null;
  receipts: readonly StockReceipt[];
  demand: readonly DemandBucket[];
  inbound: readonly InboundDelivery[];
  safety: SafetyStock;
  now: number;
  /** The projection runs from now to here. */
  until: number;
}

/** Projected stock at moments; a delivery is a step (two points at the same time: before, after). */
export type StockLine = { t: number; quantity: number }[];

/** Which of a delivery's arrival times a line assumes. */
export type Outlook = 'optimistic' | 'expected' | 'pessimistic';

const arrivalFor = (d: InboundDelivery, outlook: Outlook): number => (outlook === 'optimistic' ? d.earliestAt : outlook === 'expected' ? d.expectedAt : d.latestAt);

/** Demand planned between `a` and `b` (each bucket spread evenly over its span). */
export function demandBetween(demand: readonly DemandBucket[], a: number, b: number): number {
  if (b <= a) return 0;
  let total = 0;
  for (const bucket of demand) {
    const span = bucket.to - bucket.from;
    if (span <= 0) continue;
    const overlap = Math.min(b, bucket.to) - Math.max(a, bucket.from);
    if (overlap > 0) total += (bucket.quantity * overlap) / span;
  }
  return total;
}

/**
 * Cumulative planned demand from the beginning of time to `t`: piecewise linear, with a kink at
 * every bucket edge. Built once per plan (O(n log n)), each lookup O(log n), so a projection
 * over 4 weeks of hourly buckets stays linear in its breakpoints instead of quadratic.
 */
function cumulativeDemand(demand: readonly DemandBucket[]): (t: number) => number {
  const slopeAt = new Map<number, number>();
  for (const b of demand) {
    const span = b.to - b.from;
    if (span <= 0) continue;
    const rate = b.quantity / span;
    slopeAt.set(b.from, (slopeAt.get(b.from) ?? 0) + rate);
    slopeAt.set(b.to, (slopeAt.get(b.to) ?? 0) - rate);
  }
  const edges = [...slopeAt.keys()].sort((a, b) => a - b);
  // At edges[i]: the total so far, and the rate from there to the next edge.
  const totals = new Float64Array(edges.length);
  const rates = new Float64Array(edges.length);
  let rate = 0;
  for (let i = 0; i < edges.length; i++) {
    if (i > 0) totals[i] = totals[i - 1]! + rate * (edges[i]! - edges[i - 1]!);
    rate += slopeAt.get(edges[i]!)!;
    // Rounding can leave a hair of rate after the last bucket ends.
    rates[i] = Math.abs(rate) < 1e-15 ? 0 : rate;
  }
  return (t: number) => {
    if (edges.length === 0 || t <= edges[0]!) return 0;
    let lo = 0;
    let hi = edges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return totals[lo]! + rates[lo]! * (t - edges[lo]!);
  };
}

const curves = new WeakMap<readonly DemandBucket[], (t: number) => number>();
/** Demand planned between `a` and `b`, from the plan's cumulative curve (built once per plan array). */
function demandIn(demand: readonly DemandBucket[], a: number, b: number): number {
  if (b <= a) return 0;
  let curve = curves.get(demand);
  if (!curve) curves.set(demand, (curve = cumulativeDemand(demand)));
  return Math.max(0, curve(b) - curve(a));
}

/** Stock on hand at `now`: the count, plus what was received after it, less the demand since. Null without a count. */
export function onHandAt(input: Pick<ProjectionInput, 'stock' | 'receipts' | 'demand'>, now: number): number | null {
  const { stock } = input;
  if (stock === null) return null;
  const received = input.receipts.filter((r) => r.at > stock.countedAt && r.at <= now).reduce((sum, r) => sum + r.quantity, 0);
  return stock.quantity + received - demandIn(input.demand, stock.countedAt, now);
}

/** The moments a line needs: now, the horizon, demand bucket edges and (optionally shifted) in between. */
function breakpoints(input: ProjectionInput, arrivals: readonly number[], shiftMs = 0): number[] {
  const { now, until } = input;
  const ts = new Set<number>([now, until]);
  const add = (t: number) => {
    if (t > now && t < until) ts.add(t);
  };
  for (const b of input.demand) {
    add(b.from);
    add(b.to);
    if (shiftMs > 0) {
      add(b.from - shiftMs);
      add(b.to - shiftMs);
    }
  }
  for (const t of arrivals) add(t);
  return [...ts].sort((a, b) => a - b);
}

/**
 * Projected stock from now to `until` under one outlook: consumption between the breakpoints,
 * each delivery added at its arrival (one that is due already, on the yard or overdue, at now).
 * Empty without a stock count. Pure.
 */
export function projectStock(input: ProjectionInput, outlook: Outlook, override?: { shipmentId: string; at: number }): StockLine {
  let quantity = onHandAt(input, input.now);
  if (quantity === null) return [];
  const arrivalOf = (d: InboundDelivery) => Math.max(input.now, override?.shipmentId === d.shipmentId ? override.at : arrivalFor(d, outlook));
  const deliveries = input.inbound.map((d) => ({ at: arrivalOf(d), quantity: d.quantity })).filter((d) => d.at <= input.until);
  const shift = input.safety.quantity === null && input.safety.hours !== null ? input.safety.hours * 3_600_000 : 0;
  const line: StockLine = [];
  let previous = input.now;
  for (const t of breakpoints(input, deliveries.map((d) => d.at), shift)) {
    quantity -= demandIn(input.demand, previous, t);
    previous = t;
    line.push({ t, quantity });
    const arriving = deliveries.filter((d) => d.at === t).reduce((sum, d) => sum + d.quantity, 0);
    if (arriving > 0) {
      quantity += arriving;
      line.push({ t, quantity });
    }
  }
  return line;
}

/** The safety stock level at `t`: the fixed quantity, or the demand of the next `hours`; 0 when neither is set. */
export function safetyAt(input: Pick<ProjectionInput, 'safety' | 'demand'>, t: number): number {
  if (input.safety.quantity !== null) return input.safety.quantity;
  if (input.safety.hours !== null) return demandIn(input.demand, t, t + input.safety.hours * 3_600_000);
  return 0;
}

/**
 * The first moment the line is below `threshold(t)` (linear between its points), or null if it
 * never is. A line that starts below it runs out at its start.
 */
export function firstBelow(line: StockLine, threshold: (t: number) => number): number | null {
  if (line.length === 0) return null;
  const gap = (p: { t: number; quantity: number }) => p.quantity - threshold(p.t);
  if (gap(line[0]!) < 0) return line[0]!.t;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const ga = gap(a);
    const gb = gap(b);
    if (gb < 0) {
      if (b.t === a.t) return b.t;
      // At the threshold at `a` and falling: it goes below from there.
      if (ga <= 0) return a.t;
      return a.t + ((b.t - a.t) * ga) / (ga - gb);
    }
  }
  return null;
}

export const COVERAGE_STATUSES = ['critical', 'warning', 'covered', 'unknown'] as const;
/** critical: the pessimistic line runs out (below zero) within the horizon; warning: below safety stock; unknown: never counted. */
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

export interface CoverageRules {
  /** Run-outs further out than this do not make a status (there is time to order), in hours. Default 48. */
  horizonHours: number;
}

export const DEFAULT_COVERAGE_RULES: CoverageRules = { horizonHours: 48 };

export interface Coverage {
  onHand: number | null;
  /** Hours until the expected line runs out (below zero); null if it does not within the projection. */
  coverHours: number | null;
  /** When the expected and the pessimistic line go below zero; null: not within the projection. */
  runOutAt: number | null;
  pessimisticRunOutAt: number | null;
  /** When the pessimistic line goes below safety stock. */
  pessimisticBelowSafetyAt: number | null;
  status: CoverageStatus;
  /** The next delivery by expected arrival. */
  nextInbound: InboundDelivery | null;
  /** Deliveries whose lateness makes the part run out: had they come by their window end, the pessimistic line would hold longer. */
  lateCausesRunOut: string[];
}

/** Cover, run-out times and status of one material from its projection input. Pure. */
export function coverageOf(input: ProjectionInput, rules: CoverageRules = DEFAULT_COVERAGE_RULES): Coverage {
  const onHand = onHandAt(input, input.now);
  const nextInbound = [...input.inbound].sort((a, b) => a.expectedAt - b.expectedAt || a.shipmentId.localeCompare(b.shipmentId))[0] ?? null;
  if (onHand === null) {
    return { onHand, coverHours: null, runOutAt: null, pessimisticRunOutAt: null, pessimisticBelowSafetyAt: null, status: 'unknown', nextInbound, lateCausesRunOut: [] };
  }
  const zero = () => 0;
  const safety = (t: number) => safetyAt(input, t);
  const expected = projectStock(input, 'expected');
  const pessimistic = projectStock(input, 'pessimistic');
  const runOutAt = firstBelow(expected, zero);
  const pessimisticRunOutAt = firstBelow(pessimistic, zero);
  const pessimisticBelowSafetyAt = firstBelow(pessimistic, safety);
  const horizon = input.now + rules.horizonHours * 3_600_000;
  const status: CoverageStatus =
    pessimisticRunOutAt !== null && pessimisticRunOutAt <= horizon ? 'critical' : pessimisticBelowSafetyAt !== null && pessimisticBelowSafetyAt <= horizon ? 'warning' : 'covered';
  const lateCausesRunOut: string[] = [];
  if (pessimisticRunOutAt !== null) {
    for (const d of input.inbound) {
      if (d.latestAt <= d.windowEnd) continue;
      const onTime = firstBelow(projectStock(input, 'pessimistic', { shipmentId: d.shipmentId, at: d.windowEnd }), zero);
      if (onTime === null || onTime > pessimisticRunOutAt) lateCausesRunOut.push(d.shipmentId);
    }
  }
  return {
    onHand,
    coverHours: runOutAt === null ? null : (runOutAt - input.now) / 3_600_000,
    runOutAt,
    pessimisticRunOutAt,
    pessimisticBelowSafetyAt,
    status,
    nextInbound,
    lateCausesRunOut,
  };
}

/**
 * Until when the clock alone cannot change a material's status, from the input and coverage at
 * `input.now`: the moment a pessimistic run-out or drop below safety stock comes within the
 * horizon, or a delivery's late edge passes (from then it is due at every moment), at the
 * latest `maxWaitMs` on. `input.now` itself while a delivery is due already (on the yard or
 * overdue: it comes "now", whenever now is). Run-out times are absolute, so nothing else moves
 * with the clock. Pure.
 */
export function statusHoldsUntil(input: ProjectionInput, coverage: Coverage, rules: CoverageRules, maxWaitMs: number): number {
  const { now } = input;
  if (input.inbound.some((d) => d.latestAt <= now)) return now;
  const horizonMs = rules.horizonHours * 3_600_000;
  let until = now + maxWaitMs;
  const consider = (t: number | null) => {
    if (t !== null && t > now) until = Math.min(until, t);
  };
  if (coverage.pessimisticRunOutAt !== null) consider(coverage.pessimisticRunOutAt - horizonMs);
  if (coverage.pessimisticBelowSafetyAt !== null) consider(coverage.pessimisticBelowSafetyAt - horizonMs);
  for (const d of input.inbound) consider(d.latestAt);
  return until;
}
