import { haversineMeters, type Fix } from '@dockwatch/shared';
import type { Journey } from './journeys';

/** When a tracker app sends a fix: after `intervalS` seconds or `distanceM` metres moved since the last one sent. */
export interface DeviceProfile {
  intervalS: number;
  distanceM: number;
}

/** Traccar Client as the README recommends it: every 30 s or 100 m. */
export const TRACCAR_CLIENT_PROFILE: DeviceProfile = { intervalS: 30, distanceM: 100 };

/**
 * The fixes a device with this profile would have sent along a recorded journey, each with the
 * GPS speed the recording gives at that point (distance from the recorded point before it over
 * the time between them). Times in epoch ms.
 */
export function deviceFixes(journey: Journey, profile: DeviceProfile = TRACCAR_CLIENT_PROFILE): Fix[] {
  const fixes: Fix[] = [];
  const { points } = journey;
  let last: (typeof points)[number] | null = null;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const due = last === null || p.ts - last.ts >= profile.intervalS || haversineMeters(last, p) >= profile.distanceM;
    if (!due) continue;
    const before = points[i - 1];
    const speed = before ? haversineMeters(before, p) / (p.ts - before.ts) : null;
    fixes.push({ ts: p.ts * 1000, lat: p.lat, lon: p.lon, speed, heading: null, accuracy: null });
    last = p;
  }
  return fixes;
}
