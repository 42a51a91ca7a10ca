import { haversineMeters, type LatLon } from './geo';

export interface EtaRules {
  /** Speed assumed when no moving speed has been observed yet, in m/s. Default 15 m/s (54 km/h). */
  fallbackSpeedMps: number;
  /** Below this a fix counts as stopped and does not feed the speed estimate, in m/s. Default 1. */
  movingThresholdMps: number;
  /** Weight of the newest moving sample in the smoothed speed (0..1). Default 0.3. */
  smoothing: number;
  /** Speeds above this are treated as GPS noise and ignored, in m/s. Default 45 (162 km/h). */
  maxPlausibleSpeedMps: number;
}

export const DEFAULT_ETA_RULES: EtaRules = {
  fallbackSpeedMps: 15,
  movingThresholdMps: 1,
  smoothing: 0.3,
  maxPlausibleSpeedMps: 45,
};

/** The site's detour factor over great-circle distance when none is configured. */
export const DEFAULT_ROAD_FACTOR = 1.3;

/**
 * Exponentially smoothed moving speed. Stopped or implausible samples leave the estimate as it
 * was, so a truck waiting at a light does not suddenly get an infinite ETA.
 */
export function smoothSpeed(previous: number | null, sample: number | null, rules: EtaRules = DEFAULT_ETA_RULES): number | null {
  if (sample === null || !Number.isFinite(sample)) return previous;
  if (sample < rules.movingThresholdMps || sample > rules.maxPlausibleSpeedMps) return previous;
  if (previous === null) return sample;
  return previous + rules.smoothing * (sample - previous);
}

export interface EtaInput {
  position: LatLon;
  /** When the position was observed (epoch ms). */
  positionTs: number;
  destination: LatLon;
  roadFactor: number;
  /** Smoothed moving speed, or null when none is known. */
  speedMps: number | null;
  /** The time the ETA is computed at (epoch ms); the ETA is never before it. */
  now: number;
}

/** Expected time of arrival (epoch ms): remaining road distance ÷ expected speed, never before now. */
export function computeEta(input: EtaInput, rules: EtaRules = DEFAULT_ETA_RULES): number {
  const speed = input.speedMps !== null && input.speedMps >= rules.movingThresholdMps ? input.speedMps : rules.fallbackSpeedMps;
  const roadMeters = haversineMeters(input.position, input.destination) * Math.max(1, input.roadFactor);
  const travelMs = (roadMeters / speed) * 1000;
  return Math.max(input.now, input.positionTs + travelMs);
}
