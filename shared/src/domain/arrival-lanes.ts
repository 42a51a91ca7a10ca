import { learnFromArrival, MIN_LEARNED_SAMPLES, type ArrivalProfile, type EtaEstimator, type EtaRules } from './eta';

/**
 * Trips that start in the same cell of this many degrees (about 28 km north–south, 18 km
 * east–west at 50° N) come from the same origin area.
 */
export const ORIGIN_CELL_DEG = 0.25;

/** How specific a learned profile is: one carrier from one origin area, any carrier from it, or the whole site. */
export type LaneScope = 'carrier_lane' | 'origin' | 'site';

export interface LaneKey {
  scope: LaneScope;
  /** The key the profile is stored under for its site ('' for the site itself). */
  key: string;
}

/** The site-wide profile's key. */
export const SITE_LANE = '';

/** The origin cell of a position, as `row:column` of ORIGIN_CELL_DEG cells. */
export function originCell(lat: number, lon: number): string {
  return `${Math.floor(lat / ORIGIN_CELL_DEG)}:${Math.floor(lon / ORIGIN_CELL_DEG)}`;
}

/**
 * The keys a trip's profile is learned under and looked up by, most specific first: the
 * carrier's lane from the trip's origin area, the origin area, the site. A trip whose start is
 * unknown (an estimator stored before lanes) has the site only.
 */
export function laneKeys(carrierId: string, trip: EtaEstimator | Pick<EtaEstimator, 'startLat' | 'startLon'> | null): LaneKey[] {
  const site: LaneKey = { scope: 'site', key: SITE_LANE };
  if (trip?.startLat === undefined || trip.startLon === undefined) return [site];
  const cell = originCell(trip.startLat, trip.startLon);
  return [{ scope: 'carrier_lane', key: `carrier:${carrierId}:${cell}` }, { scope: 'origin', key: `origin:${cell}` }, site];
}

/** The profile a trip's ETA uses, and where it comes from. */
export interface ProfileChoice {
  profile: ArrivalProfile;
  /** The lane it was learned on, or 'default' for the configured defaults. */
  scope: LaneScope | 'default';
}

/**
 * The most specific learned profile with enough arrivals behind it (MIN_LEARNED_SAMPLES) among
 * the trip's keys, else the configured defaults. Pure.
 */
export function chooseProfile(learned: ReadonlyMap<string, ArrivalProfile>, keys: readonly LaneKey[], configured: ArrivalProfile): ProfileChoice {
  for (const { scope, key } of keys) {
    const profile = learned.get(key);
    if (profile !== undefined && profile.samples >= MIN_LEARNED_SAMPLES) return { profile, scope };
  }
  return { profile: configured, scope: 'default' };
}

/**
 * What one completed trip teaches each of its lanes (the profile after it, per key); keys the
 * trip teaches nothing (too short, implausible) are absent. Pure.
 */
export function learnLanes(
  learned: ReadonlyMap<string, ArrivalProfile>,
  keys: readonly LaneKey[],
  trip: EtaEstimator,
  arrivedAt: number,
  configured: ArrivalProfile,
  rules?: EtaRules,
): Map<string, ArrivalProfile> {
  const next = new Map<string, ArrivalProfile>();
  for (const { key } of keys) {
    const profile = learnFromArrival(learned.get(key) ?? null, trip, arrivedAt, configured, rules);
    if (profile !== null) next.set(key, profile);
  }
  return next;
}
