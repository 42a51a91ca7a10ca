/**
 * Partner scorecards: what each closed load shows about its carrier and supplier (`loadFacts`),
 * a tally of loads that adds up day by day (`tallyOf`, `mergeTallies`), and the measures read
 * from a tally (`measuresOf`). Pure: the server gathers the recorded facts and stores tallies.
 */

const MIN = 60_000;

/** The rules a load is judged by. */
export interface ScorecardRules {
  /** A trip counts as tracked when no gap between positions (from dispatch to arrival) is longer. Default 30 min. */
  trackedMaxGapMinutes: number;
  /** ETA accuracy compares the ETA this long before arrival with the arrival. Default 60 min. */
  etaHorizonMinutes: number;
}

export const DEFAULT_SCORECARD_RULES: ScorecardRules = { trackedMaxGapMinutes: 30, etaHorizonMinutes: 60 };

/** What was recorded about one load, as the server reads it. Times are epoch ms. */
export interface LoadRecord {
  shipmentId: string;
  reference: string;
  siteId: string;
  carrierId: string;
  supplier: string;
  /** The site's IANA time zone: a load counts for the site's local day of its window start. */
  timeZone: string;
  windowStart: number;
  windowEnd: number;
  arrivedAt: number | null;
  /** Lifecycle steps in time order. */
  events: readonly { type: string; ts: number }[];
  /** Times of the positions the load's devices sent, ascending. */
  pingTimes: readonly number[];
  /** When the first late_predicted alert was raised, if ever. */
  lateAlertAt: number | null;
  /** The ETA history in time order. */
  etaHistory: readonly { at: number; eta: number | null }[];
  /** The standing receipt's lines; null when not received. */
  receipt: { receivedAt: number; lines: readonly { expectedQuantity: number | null; quantity: number }[] } | null;
}

/** What one load shows, stored per load and tallied per day. Minutes are whole or fractional. */
export interface LoadFacts {
  shipmentId: string;
  reference: string;
  siteId: string;
  carrierId: string;
  supplier: string;
  /** The site's local day of the window start, `YYYY-MM-DD`: the day the load counts for. */
  day: string;
  windowStart: number;
  arrived: boolean;
  /** Minutes outside the window at arrival: negative early, positive late, 0 inside. Null before arrival. */
  offsetMinutes: number | null;
  /** Null without a receipt of announced quantities. */
  inFull: boolean | null;
  /** A counted line below its announced quantity. */
  short: boolean;
  /** Null before arrival. */
  tracked: boolean | null;
  neverTracked: boolean | null;
  medianPingGapMinutes: number | null;
  /** For a load that arrived late: minutes before the window end its lateness was first known (0: not before). */
  noticeMinutes: number | null;
  /** |ETA `etaHorizonMinutes` before arrival − arrival|, minutes. */
  etaErrorMinutes: number | null;
  /** Arrived → at dock, split into the part after window start (the plant's) and before (the partner's, for arriving early). */
  yardMinutes: number | null;
  plantWaitMinutes: number | null;
  /** At dock → received. */
  dockMinutes: number | null;
  exception: boolean;
}

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in an IANA time zone, `YYYY-MM-DD` (a Berlin 00:30 is that day, not the UTC day before). */
export function siteDay(ms: number, timeZone: string): string {
  if (timeZone === 'UTC') return utcDay(ms);
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(ms);
}

/** A calendar day `days` on from `day` (negative: before), `YYYY-MM-DD`. */
export const addDays = (day: string, days: number): string => utcDay(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const firstOf = (events: LoadRecord['events'], types: readonly string[]): number | null => events.find((e) => types.includes(e.type))?.ts ?? null;

/** Minutes outside the window: negative before its start, positive after its end, 0 inside. */
export function windowOffsetMinutes(at: number, windowStart: number, windowEnd: number): number {
  if (at < windowStart) return (at - windowStart) / MIN;
  if (at > windowEnd) return (at - windowEnd) / MIN;
  return 0;
}

/** The per-load facts every measure is tallied from. */
export function loadFacts(r: LoadRecord, rules: ScorecardRules = DEFAULT_SCORECARD_RULES): LoadFacts {
  const arrivedAt = r.arrivedAt;
  const offset = arrivedAt === null ? null : windowOffsetMinutes(arrivedAt, r.windowStart, r.windowEnd);

  // Tracking: positions from dispatch (or the first position) to arrival.
  let tracked: boolean | null = null;
  let neverTracked: boolean | null = null;
  let medianGap: number | null = null;
  if (arrivedAt !== null) {
    const from = firstOf(r.events, ['dispatched', 'in_transit']) ?? r.pingTimes[0] ?? arrivedAt;
    const trip = r.pingTimes.filter((t) => t >= from && t <= arrivedAt);
    neverTracked = trip.length === 0;
    const gaps = trip.slice(1).map((t, i) => (t - trip[i]!) / MIN);
    medianGap = median(gaps);
    const edges = trip.length === 0 ? [] : [(trip[0]! - from) / MIN, (arrivedAt - trip[trip.length - 1]!) / MIN];
    tracked = trip.length > 0 && Math.max(0, ...gaps, ...edges) <= rules.trackedMaxGapMinutes;
  }

  // Notice: when lateness was first known, by the alert or by an ETA past the window end.
  let notice: number | null = null;
  if (arrivedAt !== null && arrivedAt > r.windowEnd) {
    const etaPast = r.etaHistory.find((h) => h.eta !== null && h.eta > r.windowEnd)?.at ?? null;
    const known = [r.lateAlertAt, etaPast].filter((t): t is number => t !== null);
    notice = known.length === 0 ? 0 : Math.max(0, (r.windowEnd - Math.min(...known)) / MIN);
  }

  let etaError: number | null = null;
  if (arrivedAt !== null) {
    const horizon = arrivedAt - rules.etaHorizonMinutes * MIN;
    const before = r.etaHistory.filter((h) => h.at <= horizon && h.eta !== null);
    const last = before[before.length - 1];
    if (last) etaError = Math.abs(last.eta! - arrivedAt) / MIN;
  }

  const atDock = firstOf(r.events, ['at_dock', 'unloading']);
  const yard = arrivedAt !== null && atDock !== null && atDock >= arrivedAt ? (atDock - arrivedAt) / MIN : null;
  const plantWait = yard === null ? null : Math.max(0, (atDock! - Math.max(arrivedAt!, r.windowStart)) / MIN);
  // The received step's own time (a clerk may record it after the fact), the receipt's booking time without one.
  const receivedAt = r.receipt === null ? null : ([...r.events].reverse().find((e) => e.type === 'received')?.ts ?? r.receipt.receivedAt);
  const dock = atDock !== null && receivedAt !== null && receivedAt >= atDock ? (receivedAt - atDock) / MIN : null;

  const announced = r.receipt?.lines.filter((l) => l.expectedQuantity !== null) ?? [];
  const short = announced.some((l) => l.quantity < l.expectedQuantity!);

  return {
    shipmentId: r.shipmentId,
    reference: r.reference,
    siteId: r.siteId,
    carrierId: r.carrierId,
    supplier: r.supplier,
    day: siteDay(r.windowStart, r.timeZone),
    windowStart: r.windowStart,
    arrived: arrivedAt !== null,
    offsetMinutes: offset,
    inFull: r.receipt === null || announced.length === 0 ? null : !short,
    short,
    tracked,
    neverTracked,
    medianPingGapMinutes: medianGap,
    noticeMinutes: notice,
    etaErrorMinutes: etaError,
    yardMinutes: yard,
    plantWaitMinutes: plantWait,
    dockMinutes: dock,
    exception: r.events.some((e) => e.type === 'exception'),
  };
}

/**
 * Bucket edges (minutes) of the histograms medians are read from: a median is exact to its
 * bucket and interpolated inside it, which keeps a day's tally a fixed size however many loads.
 */
export const MINUTE_EDGES = [0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440, 2880] as const;

/** The early/late distribution's buckets: minutes outside the window (negative early). */
export const OFFSET_BUCKETS = [
  { key: 'early_120', upTo: -120 },
  { key: 'early_60', upTo: -60 },
  { key: 'early_30', upTo: -30 },
  { key: 'early_15', upTo: -15 },
  { key: 'early_0', upTo: -Number.MIN_VALUE },
  { key: 'in_window', upTo: 0 },
  { key: 'late_0', upTo: 15 },
  { key: 'late_15', upTo: 30 },
  { key: 'late_30', upTo: 60 },
  { key: 'late_60', upTo: 120 },
  { key: 'late_120', upTo: Number.POSITIVE_INFINITY },
] as const;
export type OffsetBucket = (typeof OFFSET_BUCKETS)[number]['key'];

type Histogram = number[];
const emptyHistogram = (): Histogram => new Array<number>(MINUTE_EDGES.length).fill(0);

function minuteBucket(minutes: number): number {
  let i = MINUTE_EDGES.length - 1;
  while (i > 0 && minutes < MINUTE_EDGES[i]!) i--;
  return i;
}

/** The median of a minute histogram, interpolated inside its bucket; null when empty. */
export function histogramMedian(h: readonly number[]): number | null {
  const total = h.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = total / 2;
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    const count = h[i] ?? 0;
    if (count > 0 && seen + count >= half) {
      const low = MINUTE_EDGES[i]!;
      const high = MINUTE_EDGES[i + 1] ?? low;
      return low + ((half - seen) / count) * (high - low);
    }
    seen += count;
  }
  return MINUTE_EDGES[MINUTE_EDGES.length - 1]!;
}

/** Counts of a set of loads, the unit of the daily rollups: tallies add up. */
export interface Tally {
  loads: number;
  arrived: number;
  onTime: number;
  early: number;
  late: number;
  offsets: Record<OffsetBucket, number>;
  /** Receipts of announced quantities. */
  received: number;
  inFull: number;
  short: number;
  tracked: number;
  neverTracked: number;
  pingGaps: Histogram;
  notice: Histogram;
  /** Late loads warned of before the window end. */
  warned: number;
  etaErrors: Histogram;
  yard: Histogram;
  dock: Histogram;
  yardMinutes: number;
  plantWaitMinutes: number;
  exceptions: number;
}

export function emptyTally(): Tally {
  return {
    loads: 0,
    arrived: 0,
    onTime: 0,
    early: 0,
    late: 0,
    offsets: Object.fromEntries(OFFSET_BUCKETS.map((b) => [b.key, 0])) as Record<OffsetBucket, number>,
    received: 0,
    inFull: 0,
    short: 0,
    tracked: 0,
    neverTracked: 0,
    pingGaps: emptyHistogram(),
    notice: emptyHistogram(),
    warned: 0,
    etaErrors: emptyHistogram(),
    yard: emptyHistogram(),
    dock: emptyHistogram(),
    yardMinutes: 0,
    plantWaitMinutes: 0,
    exceptions: 0,
  };
}

const addTo = (h: Histogram, minutes: number | null) => {
  if (minutes !== null) h[minuteBucket(minutes)]! += 1;
};

export const offsetBucketOf = (minutes: number): OffsetBucket => OFFSET_BUCKETS.find((b) => minutes <= b.upTo)!.key;

/** The tally of a set of loads. */
export function tallyOf(loads: readonly LoadFacts[]): Tally {
  const t = emptyTally();
  for (const f of loads) {
    t.loads += 1;
    if (f.exception) t.exceptions += 1;
    if (f.inFull !== null) {
      t.received += 1;
      if (f.inFull) t.inFull += 1;
      if (f.short) t.short += 1;
    }
    if (!f.arrived || f.offsetMinutes === null) continue;
    t.arrived += 1;
    if (f.offsetMinutes === 0) t.onTime += 1;
    else if (f.offsetMinutes < 0) t.early += 1;
    else t.late += 1;
    t.offsets[offsetBucketOf(f.offsetMinutes)] += 1;
    if (f.tracked) t.tracked += 1;
    if (f.neverTracked) t.neverTracked += 1;
    addTo(t.pingGaps, f.medianPingGapMinutes);
    if (f.noticeMinutes !== null) {
      addTo(t.notice, f.noticeMinutes);
      if (f.noticeMinutes > 0) t.warned += 1;
    }
    addTo(t.etaErrors, f.etaErrorMinutes);
    addTo(t.yard, f.yardMinutes);
    addTo(t.dock, f.dockMinutes);
    t.yardMinutes += f.yardMinutes ?? 0;
    t.plantWaitMinutes += f.plantWaitMinutes ?? 0;
  }
  return t;
}

const sumHistograms = (a: readonly number[], b: readonly number[]): Histogram => MINUTE_EDGES.map((_, i) => (a[i] ?? 0) + (b[i] ?? 0));

/** Two tallies as one (days into a period, partners into a site). */
export function mergeTallies(a: Tally, b: Tally): Tally {
  return {
    loads: a.loads + b.loads,
    arrived: a.arrived + b.arrived,
    onTime: a.onTime + b.onTime,
    early: a.early + b.early,
    late: a.late + b.late,
    offsets: Object.fromEntries(OFFSET_BUCKETS.map(({ key }) => [key, (a.offsets[key] ?? 0) + (b.offsets[key] ?? 0)])) as Record<OffsetBucket, number>,
    received: a.received + b.received,
    inFull: a.inFull + b.inFull,
    short: a.short + b.short,
    tracked: a.tracked + b.tracked,
    neverTracked: a.neverTracked + b.neverTracked,
    pingGaps: sumHistograms(a.pingGaps, b.pingGaps),
    notice: sumHistograms(a.notice, b.notice),
    warned: a.warned + b.warned,
    etaErrors: sumHistograms(a.etaErrors, b.etaErrors),
    yard: sumHistograms(a.yard, b.yard),
    dock: sumHistograms(a.dock, b.dock),
    yardMinutes: a.yardMinutes + b.yardMinutes,
    plantWaitMinutes: a.plantWaitMinutes + b.plantWaitMinutes,
    exceptions: a.exceptions + b.exceptions,
  };
}

/** Many tallies as one: `mergeTallies` over all of them, adding into one fresh tally (a 90-day scorecard sums thousands). */
export function sumTallies(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  const histograms = ['pingGaps', 'notice', 'etaErrors', 'yard', 'dock'] as const;
  const counts = ['loads', 'arrived', 'onTime', 'early', 'late', 'received', 'inFull', 'short', 'tracked', 'neverTracked', 'warned', 'yardMinutes', 'plantWaitMinutes', 'exceptions'] as const;
  for (const t of tallies) {
    for (const k of counts) total[k] += t[k];
    for (const b of OFFSET_BUCKETS) total.offsets[b.key] += t.offsets[b.key] ?? 0;
    for (const h of histograms) {
      const into = total[h];
      const from = t[h];
      for (let i = 0; i < into.length; i++) into[i]! += from[i] ?? 0;
    }
  }
  return total;
}

/** Every measure a scorecard shows, by its name on the wire. */
export const MEASURES = [
  'score',
  'onTimeShare',
  'earlyShare',
  'lateShare',
  'inFullShare',
  'shortShare',
  'trackedShare',
  'neverTrackedShare',
  'medianPingGapMinutes',
  'medianNoticeMinutes',
  'warnedShare',
  'medianEtaErrorMinutes',
  'medianYardMinutes',
  'plantWaitShare',
  'medianDockMinutes',
  'exceptionShare',
] as const;
export type MeasureName = (typeof MEASURES)[number];

/** A measure's value (null: no load to judge by) and how many loads it is judged by. */
export interface MeasureValue {
  value: number | null;
  loads: number;
}

const share = (part: number, whole: number): MeasureValue => ({ value: whole === 0 ? null : part / whole, loads: whole });
const histogramLoads = (h: readonly number[]) => h.reduce((a, b) => a + b, 0);
const medianOf = (h: readonly number[]): MeasureValue => ({ value: histogramMedian(h), loads: histogramLoads(h) });

/** How the score weighs the shares (missing ones are left out and the rest re-weighted). */
export const SCORE_WEIGHTS = { onTime: 0.4, inFull: 0.25, tracked: 0.2, noException: 0.15 } as const;

/**
 * The partner score, 0–100: on time 40 %, in full 25 %, tracked 20 %, without exception 15 %,
 * over the measures that have loads. Null without loads.
 */
export function scoreOf(t: Tally): number | null {
  const parts: [number, number | null][] = [
    [SCORE_WEIGHTS.onTime, t.arrived === 0 ? null : t.onTime / t.arrived],
    [SCORE_WEIGHTS.inFull, t.received === 0 ? null : t.inFull / t.received],
    [SCORE_WEIGHTS.tracked, t.arrived === 0 ? null : t.tracked / t.arrived],
    [SCORE_WEIGHTS.noException, t.loads === 0 ? null : 1 - t.exceptions / t.loads],
  ];
  const present = parts.filter((p): p is [number, number] => p[1] !== null);
  const weight = present.reduce((a, [w]) => a + w, 0);
  if (weight === 0) return null;
  return (100 * present.reduce((a, [w, v]) => a + w * v, 0)) / weight;
}

/** Every measure of a tally. */
export function measuresOf(t: Tally): Record<MeasureName, MeasureValue> {
  const late = histogramLoads(t.notice);
  return {
    score: { value: scoreOf(t), loads: t.loads },
    onTimeShare: share(t.onTime, t.arrived),
    earlyShare: share(t.early, t.arrived),
    lateShare: share(t.late, t.arrived),
    inFullShare: share(t.inFull, t.received),
    shortShare: share(t.short, t.received),
    trackedShare: share(t.tracked, t.arrived),
    neverTrackedShare: share(t.neverTracked, t.arrived),
    medianPingGapMinutes: medianOf(t.pingGaps),
    medianNoticeMinutes: medianOf(t.notice),
    warnedShare: share(t.warned, late),
    medianEtaErrorMinutes: medianOf(t.etaErrors),
    medianYardMinutes: medianOf(t.yard),
    plantWaitShare: { value: t.yardMinutes === 0 ? null : t.plantWaitMinutes / t.yardMinutes, loads: histogramLoads(t.yard) },
    medianDockMinutes: medianOf(t.dock),
    exceptionShare: share(t.exceptions, t.loads),
  };
}

/** Which loads stand behind a measure's figure (the click-through list). */
export function loadCounts(measure: MeasureName, f: LoadFacts): boolean {
  switch (measure) {
    case 'score':
    case 'exceptionShare':
      return true;
    case 'inFullShare':
    case 'shortShare':
      return f.inFull !== null;
    case 'medianPingGapMinutes':
      return f.medianPingGapMinutes !== null;
    case 'medianNoticeMinutes':
    case 'warnedShare':
      return f.noticeMinutes !== null;
    case 'medianEtaErrorMinutes':
      return f.etaErrorMinutes !== null;
    case 'medianYardMinutes':
    case 'plantWaitShare':
      return f.yardMinutes !== null;
    case 'medianDockMinutes':
      return f.dockMinutes !== null;
    default:
      return f.arrived;
  }
}

/** Scorecard periods: the last 7, 30 or 90 days up to and including the site's today. */
export const SCORECARD_PERIODS = ['week', '30d', '90d'] as const;
export type ScorecardPeriod = (typeof SCORECARD_PERIODS)[number];
export const PERIOD_DAYS: Record<ScorecardPeriod, number> = { week: 7, '30d': 30, '90d': 90 };

/** The first and last day of a period ending at `now`, as calendar days in the site's zone. */
export function periodDays(period: ScorecardPeriod, now: number, timeZone = 'UTC'): { from: string; to: string } {
  const to = siteDay(now, timeZone);
  return { from: addDays(to, -(PERIOD_DAYS[period] - 1)), to };
}

/** The Monday of a calendar day's ISO week, `YYYY-MM-DD`. */
export function weekOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Daily tallies grouped into weeks, oldest first, every week of the period present (empty ones too). */
export function weeklySeries(days: readonly { day: string; tally: Tally }[], from: string, to: string): { week: string; tally: Tally }[] {
  const weeks = new Map<string, Tally[]>();
  for (let ms = Date.parse(`${weekOf(from)}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 7 * 86_400_000) weeks.set(utcDay(ms), []);
  for (const d of days) {
    const week = weekOf(d.day);
    const list = weeks.get(week);
    if (list) list.push(d.tally);
    else weeks.set(week, [d.tally]);
  }
  return [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, tallies]) => ({ week, tally: sumTallies(tallies) }));
}
