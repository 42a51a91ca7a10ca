import { haversineMeters, type LatLon } from '@dockwatch/shared';

/** A polyline a truck drives, with cumulative distances for interpolation. */
export interface Route {
  points: LatLon[];
  /** Distance from the start to each point, in metres. */
  cumulative: number[];
  lengthM: number;
}

const EARTH_M_PER_DEG_LAT = 111_320;

/** The point `distanceM` away from `from` on `bearingDeg` (flat-earth approximation, fine under ~200 km). */
export function offset(from: LatLon, bearingDeg: number, distanceM: number): LatLon {
  const b = (bearingDeg * Math.PI) / 180;
  const dLat = (distanceM * Math.cos(b)) / EARTH_M_PER_DEG_LAT;
  const dLon = (distanceM * Math.sin(b)) / (EARTH_M_PER_DEG_LAT * Math.cos((from.lat * Math.PI) / 180));
  return { lat: from.lat + dLat, lon: from.lon + dLon };
}

/**
 * A road-like route from `start` to `end`: the straight line bent by a few smooth sideways
 * offsets (deterministic for a given `seed`), as trunk roads wander around terrain and towns.
 */
export function planRoute(start: LatLon, end: LatLon, seed: number, legs = 24): Route {
  const random = mulberry32(seed);
  const straight = haversineMeters(start, end);
  const amplitude = straight * (0.04 + random() * 0.06);
  const phase = random() * Math.PI;
  const waves = 1 + Math.floor(random() * 2);
  const bearing = (Math.atan2(end.lon - start.lon, (end.lat - start.lat) / Math.cos((start.lat * Math.PI) / 180)) * 180) / Math.PI;
  const points: LatLon[] = [];
  for (let i = 0; i <= legs; i++) {
    const f = i / legs;
    const base = { lat: start.lat + (end.lat - start.lat) * f, lon: start.lon + (end.lon - start.lon) * f };
    // Zero at both ends so the route starts and ends exactly where asked.
    const side = amplitude * Math.sin(Math.PI * f) * Math.sin(waves * Math.PI * f + phase);
    // The ends are copied, not interpolated: `a + (b - a) * 1` can miss `b` by a rounding step.
    points.push(i === 0 ? { ...start } : i === legs ? { ...end } : offset(base, bearing + 90, side));
  }
  const cumulative = [0];
  for (let i = 1; i < points.length; i++) cumulative.push(cumulative[i - 1]! + haversineMeters(points[i - 1]!, points[i]!));
  return { points, cumulative, lengthM: cumulative.at(-1)! };
}

/** Position and heading after driving `distanceM` along the route (clamped to its ends). */
export function pointAlong(route: Route, distanceM: number): { position: LatLon; headingDeg: number } {
  const d = Math.max(0, Math.min(route.lengthM, distanceM));
  let i = 1;
  while (i < route.cumulative.length - 1 && route.cumulative[i]! < d) i++;
  const a = route.points[i - 1]!;
  const b = route.points[i]!;
  const segment = route.cumulative[i]! - route.cumulative[i - 1]!;
  const f = segment === 0 ? 0 : (d - route.cumulative[i - 1]!) / segment;
  const position = { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
  const heading = (Math.atan2((b.lon - a.lon) * Math.cos((a.lat * Math.PI) / 180), b.lat - a.lat) * 180) / Math.PI;
  return { position, headingDeg: (heading + 360) % 360 };
}

/** Small deterministic PRNG so a seeded demo looks the same every time. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
