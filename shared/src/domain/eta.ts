import { haversineMeters, type LatLon } from './geo';

/**
 * How the ETA is estimated. A truck's progress toward the site is measured in great-circle
 * metres per second while it moves (so detours and winding roads are in the figure), and its
 * stops as a share of its time; both start from a prior (the site's learned profile, else these
 * defaults) and move to what the truck itself shows, weighted by elapsed time, not by fix count.
 */
export interface EtaRules {
  /** Typical road speed close to the site (streets, junctions, the gate), in m/s. Default 8.3 m/s (30 km/h). */
  nearSpeedMps: number;
  /** Typical road speed on long legs (trunk roads, motorways), in m/s. Default 23.6 m/s (85 km/h). */
  farSpeedMps: number;
  /** Great-circle distance over which the typical speed goes from near to far, in metres. Default 10 km. */
  speedScaleM: number;
  /** The truck's own recent pace is trusted for this much driving ahead; beyond it the typical speeds take over, in ms. Default 40 min. */
  localHorizonMs: number;
  /** A stretch between fixes slower than this counts as standing, in m/s. Default 1.5. */
  movingThresholdMps: number;
  /** Stretches faster than this are GPS noise and ignored, in m/s. Default 45 (162 km/h). */
  maxPlausibleSpeedMps: number;
  /** Time constant of the truck's recent pace: how much of its latest driving counts, in ms. Default 5 min. */
  progressTimeConstantMs: number;
  /** Driving time the prior counts as, against the truck's own pace, in ms. Default 3 min. */
  priorWeightMs: number;
  /** A stretch longer than this with no fix is a data gap: it counts neither as driving nor as standing, in ms. Default 10 min. */
  maxStretchMs: number;
}

export const DEFAULT_ETA_RULES: EtaRules = {
  nearSpeedMps: 30 / 3.6,
  farSpeedMps: 85 / 3.6,
  speedScaleM: 10_000,
  localHorizonMs: 40 * 60_000,
  movingThresholdMps: 1.5,
  maxPlausibleSpeedMps: 45,
  progressTimeConstantMs: 5 * 60_000,
  priorWeightMs: 3 * 60_000,
  maxStretchMs: 10 * 60_000,
};

/** The site's detour factor over great-circle distance when none is configured or learned. */
export const DEFAULT_ROAD_FACTOR = 1.3;

/** What a site's completed arrivals teach about trucks coming to it (or the configured defaults). */
export interface ArrivalProfile {
  /** Road distance over great-circle distance. */
  roadFactor: number;
  /** Trucks' trip time over what the typical speeds predict (1: as predicted, 1.2: 20 % slower). */
  pace: number;
  /** Completed arrivals the profile was learned from; 0 for the configured defaults. */
  samples: number;
}

/** The prior a site without history gets: the site's configured road factor, the typical speeds as they are. */
export function defaultProfile(roadFactor: number): ArrivalProfile {
  return { roadFactor, pace: 1, samples: 0 };
}

/**
 * What one shipment's fixes have shown so far. Pure data, stored with the shipment; `updateEstimator`
 * moves it on with each fix.
 */
export interface EtaEstimator {
  /** Great-circle progress toward the site while moving, time-weighted average, in m/s. */
  progressMps: number;
  /** When the first fix was taken. */
  startTs: number;
  /** Driving time observed, in ms (how far the average has moved from the prior). */
  movingMs: number;
  /** Standing time observed, in ms. */
  stoppedMs: number;
  /** Since when the truck stands, or null while it moves. */
  stoppedSince: number | null;
  /** The fix the last stretch ended at. */
  lastTs: number;
  lastLat: number;
  lastLon: number;
  /** Where the trip started (its first driving fix): the origin area its lane is learned under. Absent on estimators stored before lanes were learned. */
  startLat?: number;
  startLon?: number;
  /** Road length driven (sum of stretches) and great-circle distance covered toward the site, in metres: what a completed trip teaches the site. */
  pathM: number;
  startDistanceM: number;
  /** Longest stretch without a fix seen, in ms: widens the band. */
  maxGapMs: number;
  /**
   * Road distance over great-circle distance for the rest of this trip, from a routing engine
   * (when one is configured), and when it was measured; absent: the site's road factor.
   */
  route?: { factor: number; at: number };
}

export interface EstimatorFix extends LatLon {
  ts: number;
  /** Reported GPS speed, m/s, when known. */
  speed: number | null;
}

/** Great-circle metres still to go before the geofence. */
export function remainingMeters(position: LatLon, site: LatLon & { geofenceRadiusM: number }): number {
  return Math.max(0, haversineMeters(position, site) - site.geofenceRadiusM);
}

/** The profile for one trip: a road factor the routing engine measured for it replaces the site's. */
function tripProfile(e: EtaEstimator, profile: ArrivalProfile): ArrivalProfile {
  return e.route ? { ...profile, roadFactor: e.route.factor } : profile;
}

/** Typical great-circle progress toward the site at `distance` metres from it, in m/s. */
function typicalProgressMps(distance: number, profile: ArrivalProfile, rules: EtaRules): number {
  const road = rules.nearSpeedMps + (rules.farSpeedMps - rules.nearSpeedMps) * (1 - Math.exp(-distance / rules.speedScaleM));
  return road / Math.max(1, profile.roadFactor) / Math.max(0.2, profile.pace);
}

/** Driving time (ms) from `from` down to `to` metres before the site at the typical speeds (midpoint rule, 16 steps). */
export function typicalDrivingMs(from: number, to: number, profile: ArrivalProfile, rules: EtaRules = DEFAULT_ETA_RULES): number {
  if (from <= to) return 0;
  const steps = 16;
  const h = (from - to) / steps;
  let seconds = 0;
  for (let i = 0; i < steps; i++) seconds += h / typicalProgressMps(to + h * (i + 0.5), profile, rules);
  return seconds * 1000;
}

/**
 * The estimator after one more fix. The first fix starts it from the profile's prior; each later
 * stretch either drives (its progress toward the site joins the average, weighted by its
 * duration against the time constant) or stands (its time joins the standing share). Fixes at or
 * before the last one change nothing. Pure.
 */
export function updateEstimator(
  previous: EtaEstimator | null,
  fix: EstimatorFix,
  site: LatLon & { geofenceRadiusM: number },
  profile: ArrivalProfile,
  rules: EtaRules = DEFAULT_ETA_RULES,
): EtaEstimator {
  const distance = remainingMeters(fix, site);
  if (previous === null) {
    return {
      progressMps: typicalProgressMps(distance, profile, rules),
      startTs: fix.ts,
      startLat: fix.lat,
      startLon: fix.lon,
      movingMs: 0,
      stoppedMs: 0,
      stoppedSince: fix.speed !== null && fix.speed < rules.movingThresholdMps ? fix.ts : null,
      lastTs: fix.ts,
      lastLat: fix.lat,
      lastLon: fix.lon,
      pathM: 0,
      startDistanceM: distance,
      maxGapMs: 0,
    };
  }
  const dt = fix.ts - previous.lastTs;
  if (dt <= 0) return previous;
  const moved = haversineMeters({ lat: previous.lastLat, lon: previous.lastLon }, fix);
  const stretchSpeed = moved / (dt / 1000);
  const next: EtaEstimator = { ...previous, lastTs: fix.ts, lastLat: fix.lat, lastLon: fix.lon, maxGapMs: Math.max(previous.maxGapMs, dt) };
  if (stretchSpeed > rules.maxPlausibleSpeedMps) return next;
  const previousDistance = remainingMeters({ lat: previous.lastLat, lon: previous.lastLon }, site);
  next.pathM = previous.pathM + moved;
  if (dt > rules.maxStretchMs) {
    // Nobody knows how a long silence split between driving and standing: only the progress is kept.
    next.stoppedSince = null;
    return next;
  }
  if (stretchSpeed < rules.movingThresholdMps) {
    if (previous.movingMs === 0) {
      // Still waiting to leave (at the yard, at the gate): the trip starts when the truck first drives.
      return { ...next, startTs: fix.ts, startLat: fix.lat, startLon: fix.lon, startDistanceM: distance, pathM: 0, stoppedSince: previous.stoppedSince ?? previous.lastTs };
    }
    next.stoppedMs = previous.stoppedMs + dt;
    next.stoppedSince = previous.stoppedSince ?? previous.lastTs;
    return next;
  }
  const sample = (previousDistance - distance) / (dt / 1000);
  const weight = 1 - Math.exp(-dt / rules.progressTimeConstantMs);
  next.progressMps = previous.progressMps + weight * (sample - previous.progressMps);
  next.movingMs = previous.movingMs + dt;
  next.stoppedSince = null;
  return next;
}

/** An ETA with its band, all epoch ms. */
export interface EtaBand {
  eta: number;
  earliest: number;
  latest: number;
  /**
   * The truck is overdue: the arrival its last fix predicted has passed without it, so the ETA
   * is held at now (or later) and moves forward with the clock.
   */
  overdue: boolean;
}

/** How wide the band is: quantiles of the ratio actual ÷ predicted remaining time, and a floor. */
export interface BandRules {
  /** The band's early edge as a share of the predicted remaining time (about p10). Default 0.6. */
  earlyRatio: number;
  /** The band's late edge as a share of the predicted remaining time (about p90). Default 1.6. */
  lateRatio: number;
  /** The band is at least this wide on each side, in ms. Default 3 min. */
  minHalfWidthMs: number;
  /** Each minute of the longest gap between fixes widens the late edge by this many minutes. Default 0.5. */
  gapWidening: number;
  /** Each minute the truck has stood on this trip widens the late edge by this many minutes (at most half the time still to drive). Default 0.5. */
  stopWidening: number;
}

export const DEFAULT_BAND_RULES: BandRules = { earlyRatio: 0.6, lateRatio: 1.6, minHalfWidthMs: 3 * 60_000, gapWidening: 0.5, stopWidening: 0.5 };

/** Least progress rate an ETA divides by, so a truck heading away gets a long but finite ETA, in m/s. */
const MIN_PROGRESS_MPS = 1;
/** No ETA is put further out than this after now. */
const MAX_HORIZON_MS = 48 * 3_600_000;

export interface PredictInput {
  estimator: EtaEstimator;
  site: LatLon & { geofenceRadiusM: number };
  profile: ArrivalProfile;
  /** The time the ETA is computed at (epoch ms): no edge of the band is before it. */
  now: number;
}

/**
 * The ETA and its band from where the truck was last seen. The next `localHorizonMs` of driving
 * go at the truck's recent pace (its own progress toward the site, blended with the typical
 * speed by how long it has been seen driving); the legs beyond at the typical speeds for their
 * distance from the site (the site's learned pace scales them). A truck standing now is due no earlier than now plus its driving time. A truck that has gone quiet is
 * assumed to have driven on at the early edge, to have stood since at the late edge, and half of
 * each in between, so a silent truck's ETA drifts later instead of freezing. Pure.
 */
export function predictArrival(input: PredictInput, rules: EtaRules = DEFAULT_ETA_RULES, band: BandRules = DEFAULT_BAND_RULES): EtaBand {
  const { estimator: e, site, now } = input;
  const profile = tripProfile(e, input.profile);
  const distance = remainingMeters({ lat: e.lastLat, lon: e.lastLon }, site);
  const w = e.movingMs / (e.movingMs + rules.priorWeightMs);
  const local = Math.max(MIN_PROGRESS_MPS, w * e.progressMps + (1 - w) * typicalProgressMps(distance, profile, rules));
  const near = Math.min(distance, local * (rules.localHorizonMs / 1000));
  // The next `near` metres go at the local pace; the legs from there to the site at the typical speeds.
  const drivingMs = (near / local) * 1000 + typicalDrivingMs(distance - near, 0, profile, rules);
  const remainingMs = Math.min(MAX_HORIZON_MS, drivingMs);
  const from = e.lastTs;
  const silentMs = Math.max(0, now - from);
  const halfMin = band.minHalfWidthMs;
  const earliest = Math.max(now, from + remainingMs * band.earlyRatio - halfMin);
  const eta = Math.max(earliest, now, from + remainingMs + silentMs / 2);
  // Gaps the truck's fixes have shown, and stops it has made, mean it may stand again before it arrives.
  const stops = Math.min(e.stoppedMs, remainingMs) * band.stopWidening;
  const latest = Math.max(eta, now + remainingMs * band.lateRatio + halfMin + e.maxGapMs * band.gapWidening + stops);
  return { eta, earliest, latest, overdue: from + remainingMs < now };
}

/** Arrivals a site needs before its learned profile replaces the configured defaults. */
export const MIN_LEARNED_SAMPLES = 5;
/** Trips shorter than this (great-circle, from the first fix) teach nothing: too little road to measure. */
const MIN_LEARNING_DISTANCE_M = 5_000;
/** Later arrivals weigh like this share of the profile at most, so it follows slow changes (road works, a new lane). */
const LEARNING_RATE_FLOOR = 0.05;

/**
 * The site's learned profile after one more completed arrival: its road factor (road driven over
 * great-circle distance) and pace (trip time over what the typical speeds predicted), each
 * averaged over arrivals, the latest weighing at least 5 %. Null when the trip teaches nothing
 * (too short, or implausible). Pure.
 */
export function learnFromArrival(
  learned: ArrivalProfile | null,
  trip: EtaEstimator,
  arrivedAt: number,
  configured: ArrivalProfile,
  rules: EtaRules = DEFAULT_ETA_RULES,
): ArrivalProfile | null {
  if (trip.startDistanceM < MIN_LEARNING_DISTANCE_M || arrivedAt <= trip.startTs) return null;
  const roadFactor = Math.min(3, Math.max(1, trip.pathM / trip.startDistanceM));
  const typical = typicalDrivingMs(trip.startDistanceM, 0, { roadFactor, pace: 1, samples: 0 }, rules);
  const pace = Math.min(3, Math.max(1 / 3, (arrivedAt - trip.startTs) / typical));
  const base = learned ?? { ...configured, pace: 1, samples: 0 };
  const samples = base.samples + 1;
  const rate = Math.max(LEARNING_RATE_FLOOR, 1 / samples);
  return {
    roadFactor: base.roadFactor + rate * (roadFactor - base.roadFactor),
    pace: base.pace + rate * (pace - base.pace),
    samples,
  };
}

/** The profile the ETA uses: the learned one once it has enough arrivals behind it, else the configured defaults. */
export function profileInUse(learned: ArrivalProfile | null, configured: ArrivalProfile): ArrivalProfile {
  return learned !== null && learned.samples >= MIN_LEARNED_SAMPLES ? learned : configured;
}
