export const WINDOW_STATUSES = ['unknown', 'early', 'on_time', 'at_risk', 'late'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];

export interface WindowRules {
  /** Arriving (or expected) more than this before window start counts as early. Default 15 min. */
  earlyToleranceMs: number;
  /**
   * At risk when the best estimate falls in this last fraction of the window (or past it) while
   * the band's late edge misses the window. Default 0.25.
   */
  atRiskFraction: number;
}

export const DEFAULT_WINDOW_RULES: WindowRules = { earlyToleranceMs: 15 * 60_000, atRiskFraction: 0.25 };

/** What the window status looks at (epoch ms; null where unknown). */
export interface ArrivalOutlook {
  eta: number | null;
  /** The band's edges; absent or null: the ETA alone (a band of zero width). */
  etaEarliest?: number | null;
  etaLatest?: number | null;
  arrivedAt: number | null;
}

/**
 * Where a shipment stands against its receiving window: the one truth the board chip, the
 * alerts and the portal share. After arrival it is the arrival time against the window. Before
 * it, lateness is judged against the ETA band: `late` when even the early edge misses the window
 * (or the window has closed with the truck still on the road), `at_risk` when the late edge
 * misses it and the best estimate is in the window's last part or past it, `early` when the late
 * edge is before the window by more than the tolerance.
 */
export function windowStatusOf(o: ArrivalOutlook, windowStartMs: number, windowEndMs: number, now: number, rules: WindowRules = DEFAULT_WINDOW_RULES): WindowStatus {
  if (o.arrivedAt !== null) {
    if (o.arrivedAt > windowEndMs) return 'late';
    if (o.arrivedAt < windowStartMs - rules.earlyToleranceMs) return 'early';
    return 'on_time';
  }
  if (now > windowEndMs) return 'late';
  if (o.eta === null || !Number.isFinite(o.eta)) return 'unknown';
  const earliest = o.etaEarliest ?? o.eta;
  const latest = o.etaLatest ?? o.eta;
  if (earliest > windowEndMs) return 'late';
  const atRiskFrom = windowEndMs - (windowEndMs - windowStartMs) * rules.atRiskFraction;
  if (latest > windowEndMs && o.eta > atRiskFrom) return 'at_risk';
  if (latest < windowStartMs - rules.earlyToleranceMs) return 'early';
  return 'on_time';
}

/** Whole minutes between the arrival (or ETA) and the window, rounded away from it: negative early, positive late, 0 inside. */
export function windowDeltaMinutes(arrivalMs: number | null, windowStartMs: number, windowEndMs: number): number | null {
  if (arrivalMs === null) return null;
  // Rounded up: a few seconds past the window end is late (as the window status says), never "in window".
  if (arrivalMs > windowEndMs) return Math.ceil((arrivalMs - windowEndMs) / 60_000);
  if (arrivalMs < windowStartMs) return -Math.ceil((windowStartMs - arrivalMs) / 60_000);
  return 0;
}
