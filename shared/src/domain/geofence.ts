import { haversineMeters, type LatLon } from './geo';

/** How sure the pipeline must be before a geofence entry counts as an arrival. */
export interface ArrivalRules {
  /** Consecutive fixes inside the geofence that confirm an arrival. */
  minFixes: number;
  /** Or: time inside since the first of them that confirms it, in ms; 0 turns the time rule off. */
  minDwellMs: number;
  /** Fixes less accurate than this neither count towards an arrival nor break one off, in metres; null counts all. */
  maxAccuracyM: number | null;
  /** Leaving needs a fix beyond the radius times this (≥ 1): a fix in the band between keeps the count. */
  exitFactor: number;
}

/** One fix inside arrives, as before rules existed: what a context without rules gets. */
export const IMMEDIATE_ARRIVAL: ArrivalRules = { minFixes: 1, minDwellMs: 0, maxAccuracyM: null, exitFactor: 1 };

/** The server's defaults: three fixes or a minute inside, fixes within 150 m, leave beyond 1.2 × radius. */
export const DEFAULT_ARRIVAL_RULES: ArrivalRules = { minFixes: 3, minDwellMs: 60_000, maxAccuracyM: 150, exitFactor: 1.2 };

/** A truck inside the geofence whose arrival is not yet confirmed. */
export interface Approach {
  /** Time of the first fix of this stay inside. */
  since: number;
  /** Fixes inside since then. */
  fixes: number;
}

export interface GeofenceFix extends LatLon {
  ts: number;
  accuracy?: number | null;
}

export interface ApproachStep {
  approach: Approach | null;
  /** Arrival time (the first fix of the stay) once confirmed, else null. */
  arrivedAt: number | null;
}

/**
 * One fix of a truck that has not arrived yet: inside the radius counts towards arrival,
 * beyond the exit radius starts over, in between (and any fix too inaccurate to judge) keeps
 * what was counted. Arrival is confirmed by `minFixes` fixes or `minDwellMs` inside, and dated
 * at the first fix of the stay. Pure.
 */
export function advanceApproach(approach: Approach | null, fix: GeofenceFix, site: LatLon & { geofenceRadiusM: number }, rules: ArrivalRules): ApproachStep {
  if (rules.maxAccuracyM !== null && fix.accuracy != null && fix.accuracy > rules.maxAccuracyM) return { approach, arrivedAt: null };
  const distance = haversineMeters(fix, site);
  if (distance <= site.geofenceRadiusM) {
    const next = { since: approach?.since ?? fix.ts, fixes: (approach?.fixes ?? 0) + 1 };
    const dwelled = rules.minDwellMs > 0 && fix.ts - next.since >= rules.minDwellMs;
    return next.fixes >= rules.minFixes || dwelled ? { approach: null, arrivedAt: next.since } : { approach: next, arrivedAt: null };
  }
  if (distance > site.geofenceRadiusM * rules.exitFactor) return { approach: null, arrivedAt: null };
  return { approach, arrivedAt: null };
}

export interface DepartureStep {
  leaving: Approach | null;
  /** Departure time (the first fix of the stay outside) once confirmed, else null. */
  departedAt: number | null;
}

/**
 * One fix of a truck that is done at the site: beyond the exit radius counts towards a
 * departure, inside the radius starts over, the band between (and any fix too inaccurate to
 * judge) keeps the count. Confirmed by `minFixes` fixes or `minDwellMs` outside, dated at the
 * first fix outside. The mirror image of `advanceApproach`. Pure.
 */
export function advanceDeparture(leaving: Approach | null, fix: GeofenceFix, site: LatLon & { geofenceRadiusM: number }, rules: ArrivalRules): DepartureStep {
  if (rules.maxAccuracyM !== null && fix.accuracy != null && fix.accuracy > rules.maxAccuracyM) return { leaving, departedAt: null };
  const distance = haversineMeters(fix, site);
  if (distance > site.geofenceRadiusM * rules.exitFactor) {
    const next = { since: leaving?.since ?? fix.ts, fixes: (leaving?.fixes ?? 0) + 1 };
    const dwelled = rules.minDwellMs > 0 && fix.ts - next.since >= rules.minDwellMs;
    return next.fixes >= rules.minFixes || dwelled ? { leaving: null, departedAt: next.since } : { leaving: next, departedAt: null };
  }
  if (distance <= site.geofenceRadiusM) return { leaving: null, departedAt: null };
  return { leaving, departedAt: null };
}
