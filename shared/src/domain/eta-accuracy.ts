/** Lead times (minutes before the actual arrival) at which a site's ETA accuracy is measured. */
export const ACCURACY_LEAD_MINUTES = [120, 60, 30, 15] as const;
export type AccuracyLead = (typeof ACCURACY_LEAD_MINUTES)[number];

/** An ETA error this small (minutes, either way) counts as right for a planner. */
export const ACCURATE_WITHIN_MIN = 15;

/** One completed arrival and what the ETA said before it (epoch ms). */
export interface ArrivalEtaRecord {
  arrivedAt: number;
  /** Each time the ETA moved: from `at` on, it said `eta` (null: no ETA). Any order. */
  history: readonly { at: number; eta: number | null }[];
}

/** How far off the ETA was at one lead time, over the arrivals that had one then. */
export interface LeadAccuracy {
  /** Arrivals scored: those with an ETA on record at that lead. */
  n: number;
  /** Median absolute error in minutes (to 0.1); null when n is 0. */
  medianAbsMin: number | null;
  /** 90th percentile of the absolute error in minutes (to 0.1); null when n is 0. */
  p90AbsMin: number | null;
  /** Share (0–1) of errors within ±15 min; null when n is 0. */
  within15Share: number | null;
}

const MIN = 60_000;

/** Minutes to one decimal: six seconds is finer than any planner reads, and figures stay stable. */
const tenth = (m: number | null) => (m === null ? null : Math.round(m * 10) / 10);

/** The q-quantile (0–1) of sorted values, linear between neighbours (as `pnpm eval:eta` reports them). */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * What the ETA said at `cutoff`: the last history entry at or before it (of entries at the
 * same instant, the later one in the list); undefined when the history starts after it.
 */
function etaAsOf(history: ArrivalEtaRecord['history'], cutoff: number): number | null | undefined {
  let best: { at: number; eta: number | null } | undefined;
  for (const entry of history) {
    if (entry.at <= cutoff && (best === undefined || entry.at >= best.at)) best = entry;
  }
  return best?.eta;
}

/**
 * A site's ETA accuracy by lead time: for each lead L, every arrival whose ETA was on record at
 * arrival − L is scored by |arrival − that ETA|. An arrival tracked for less than L, or without
 * an ETA at that moment, does not count at that lead.
 */
export function etaAccuracy(arrivals: readonly ArrivalEtaRecord[], leads: readonly number[] = ACCURACY_LEAD_MINUTES): Record<string, LeadAccuracy> {
  const result: Record<string, LeadAccuracy> = {};
  for (const lead of leads) {
    const errors: number[] = [];
    for (const a of arrivals) {
      const eta = etaAsOf(a.history, a.arrivedAt - lead * MIN);
      if (eta !== null && eta !== undefined) errors.push(Math.abs(a.arrivedAt - eta) / MIN);
    }
    errors.sort((x, y) => x - y);
    result[String(lead)] = {
      n: errors.length,
      medianAbsMin: tenth(quantile(errors, 0.5)),
      p90AbsMin: tenth(quantile(errors, 0.9)),
      within15Share: errors.length === 0 ? null : errors.filter((e) => e <= ACCURATE_WITHIN_MIN).length / errors.length,
    };
  }
  return result;
}
