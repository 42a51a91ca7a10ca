export const WINDOW_STATUSES = ['unknown', 'early', 'on_time', 'at_risk', 'late'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];

export interface WindowRules {
  /** Arriving more than this before window start counts as early. Default 15 min. */
  earlyToleranceMs: number;
  /** An ETA in the last fraction of the window is at risk. Default 0.25. */
  atRiskFraction: number;
}

export const DEFAULT_WINDOW_RULES: WindowRules = { earlyToleranceMs: 15 * 60_000, atRiskFraction: 0.25 };

/**
 * Where an expected (or actual) arrival time falls against a receiving window.
 * `arrivalMs` is the ETA before arrival and the actual arrival time after it; null means unknown.
 */
export function windowStatusAt(
  arrivalMs: number | null,
  windowStartMs: number,
  windowEndMs: number,
  rules: WindowRules = DEFAULT_WINDOW_RULES,
): WindowStatus {
  if (arrivalMs === null || !Number.isFinite(arrivalMs)) return 'unknown';
  if (arrivalMs > windowEndMs) return 'late';
  if (arrivalMs < windowStartMs - rules.earlyToleranceMs) return 'early';
  const atRiskFrom = windowEndMs - (windowEndMs - windowStartMs) * rules.atRiskFraction;
  if (arrivalMs > atRiskFrom) return 'at_risk';
  return 'on_time';
}

/** Minutes between the arrival (or ETA) and the window: negative early, positive late, 0 inside. */
export function windowDeltaMinutes(arrivalMs: number | null, windowStartMs: number, windowEndMs: number): number | null {
  if (arrivalMs === null) return null;
  if (arrivalMs > windowEndMs) return Math.round((arrivalMs - windowEndMs) / 60_000);
  // `|| 0`: under half a minute early rounds to -0, which toLocaleString shows as "-0".
  if (arrivalMs < windowStartMs) return -Math.round((windowStartMs - arrivalMs) / 60_000) || 0;
  return 0;
}
