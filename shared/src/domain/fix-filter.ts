import { haversineMeters } from './geo';

/**
 * Why a fix was dropped before it could move a shipment. `marked_invalid`: the device itself said
 * the fix has no GPS lock (`valid=false`); `encrypted`: a message the server cannot read (OwnTracks
 * with encryption on), kept so an admin sees why the device moves nothing.
 */
export const FIX_REJECT_REASONS = ['future', 'invalid_coordinates', 'poor_accuracy', 'impossible_speed', 'marked_invalid', 'encrypted'] as const;
export type FixRejectReason = (typeof FIX_REJECT_REASONS)[number];

/** The filters trusted trackers apply to raw device fixes. */
export interface FixFilterRules {
  /** Fixes further than this ahead of the server clock are dropped, in ms. */
  maxFutureMs: number;
  /** Fixes whose reported accuracy is worse than this are dropped, in metres; null keeps them all. */
  maxAccuracyM: number | null;
  /** A fix that needs more than this speed from the fix before it is a jump, in m/s; null turns the check off. */
  maxSpeedMps: number | null;
  /** Jumps are only judged over at least this distance, so GPS jitter at a standstill passes, in metres. */
  minJumpM: number;
}

export const DEFAULT_FIX_FILTER_RULES: FixFilterRules = { maxFutureMs: 5 * 60_000, maxAccuracyM: 500, maxSpeedMps: 70, minJumpM: 1_000 };

export interface FilterableFix {
  ts: number;
  lat: number;
  lon: number;
  accuracy: number | null;
  /** False when the device marked the fix as taken without a GPS lock; absent means valid. */
  valid?: boolean;
}

export interface FilterOutcome<F extends FilterableFix> {
  /** Fixes that pass, in time order. */
  accepted: F[];
  rejected: { fix: F; reason: FixRejectReason }[];
}

const validCoordinates = (f: FilterableFix) =>
  Number.isFinite(f.lat) && Number.isFinite(f.lon) && Math.abs(f.lat) <= 90 && Math.abs(f.lon) <= 180 && !(f.lat === 0 && f.lon === 0);

/**
 * Drops fixes the device itself marked invalid, and fixes no real truck could have produced: from the future, off the globe or at 0,0,
 * less accurate than allowed, or a jump from the last good fix that needs an impossible speed.
 * `previous` is the device's last stored fix before this batch, if any. Pure; fixes with the
 * same timestamp as the fix before them pass (the store counts them as duplicates).
 */
export function filterFixes<F extends FilterableFix>(
  fixes: readonly F[],
  previous: FilterableFix | null,
  now: number,
  rules: FixFilterRules,
): FilterOutcome<F> {
  const sorted = [...fixes].sort((a, b) => a.ts - b.ts);
  const accepted: F[] = [];
  const rejected: FilterOutcome<F>['rejected'] = [];
  let last: FilterableFix | null = previous;
  for (const fix of sorted) {
    const reason = rejectReason(fix, last, now, rules);
    if (reason !== null) {
      rejected.push({ fix, reason });
      continue;
    }
    accepted.push(fix);
    if (last === null || fix.ts > last.ts) last = fix;
  }
  return { accepted, rejected };
}

function rejectReason(fix: FilterableFix, last: FilterableFix | null, now: number, rules: FixFilterRules): FixRejectReason | null {
  if (fix.valid === false) return 'marked_invalid';
  if (fix.ts > now + rules.maxFutureMs) return 'future';
  if (!validCoordinates(fix)) return 'invalid_coordinates';
  if (rules.maxAccuracyM !== null && fix.accuracy !== null && fix.accuracy > rules.maxAccuracyM) return 'poor_accuracy';
  if (rules.maxSpeedMps !== null && last !== null && fix.ts > last.ts) {
    const distance = haversineMeters(last, fix);
    if (distance > rules.minJumpM && distance / ((fix.ts - last.ts) / 1000) > rules.maxSpeedMps) return 'impossible_speed';
  }
  return null;
}
