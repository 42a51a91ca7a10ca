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

/** Whole minutes between the arrival (or ETA) and the window, rounded away from it: negative early, positive late, 0 inside. */
export function windowDeltaMinutes(arrivalMs: number | null, windowStartMs: number, windowEndMs: number): number | null {
  if (arrivalMs === null) return null;
  // Rounded up: a few seconds past the window end is late (as the window status says), never "in window".
  if (arrivalMs > windowEndMs) return Math.ceil((arrivalMs - windowEndMs) / 60_000);
  if (arrivalMs < windowStartMs) return -Math.ceil((windowStartMs - arrivalMs) / 60_000);
  return 0;
}
