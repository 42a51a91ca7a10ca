import type { StoredFix } from '../repositories/pings';
import { ProtocolError, fractionToPercent, isRecord, knownOrNull, parseDeviceTime, readNumber, requireNumber, type DeviceReport } from './device-report';

/** Properties with a meaning of their own; the rest (motion, activity, wifi, ...) is kept as attributes. */
const KNOWN = new Set(['timestamp', 'speed', 'course', 'horizontal_accuracy', 'battery_level', 'battery_state', 'altitude']);

function toFix(feature: unknown, i: number, now: number): StoredFix {
  const path = `locations[${i}]`;
  if (!isRecord(feature) || !isRecord(feature.geometry) || feature.geometry.type !== 'Point' || !Array.isArray(feature.geometry.coordinates)) {
    throw new ProtocolError(`${path} is not a GeoJSON Point feature`, path);
  }
  const [lon, lat] = feature.geometry.coordinates as unknown[];
  const p = isRecord(feature.properties) ? feature.properties : {};
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(p)) if (!KNOWN.has(key)) attributes[key] = value;
  const altitude = readNumber(p.altitude, `${path}.properties.altitude`);
  if (altitude !== null) attributes.altitude = altitude;
  return {
    ts: parseDeviceTime(p.timestamp, now, `${path}.properties.timestamp`),
    lat: requireNumber(lat, `${path}.geometry.coordinates[1]`),
    lon: requireNumber(lon, `${path}.geometry.coordinates[0]`),
    speed: knownOrNull(readNumber(p.speed, `${path}.properties.speed`)),
    heading: knownOrNull(readNumber(p.course, `${path}.properties.course`)),
    accuracy: knownOrNull(readNumber(p.horizontal_accuracy, `${path}.properties.horizontal_accuracy`)),
    attributes: Object.keys(attributes).length > 0 ? attributes : null,
  };
}

/**
 * Overland (iOS): `{locations: [GeoJSON Point features]}`, in batches of up to the app's
 * "points per batch" (500 at most), oldest first but not guaranteed. Speed m/s, `course`
 * degrees, `battery_level` 0..1, negative values unknown. The token comes from the request.
 */
export function parseOverland(body: unknown, token: string | null, now: number): DeviceReport {
  if (!isRecord(body) || !Array.isArray(body.locations)) throw new ProtocolError('body must be {"locations": [...]}', 'locations');
  const fixes = body.locations.map((f, i) => toFix(f, i, now));
  const latest = body.locations.at(-1) as { properties?: Record<string, unknown> } | undefined;
  const p = latest?.properties ?? {};
  const level = fractionToPercent(readNumber(p.battery_level, 'battery_level'));
  const state = typeof p.battery_state === 'string' ? p.battery_state : null;
  const charging = state === 'charging' || state === 'full' ? true : state === 'unplugged' ? false : null;
  return { protocol: 'overland', token, fixes, battery: level === null && charging === null ? null : { level, charging } };
}
