import type { StoredFix } from '../repositories/pings';
import { ProtocolError, fractionToPercent, isRecord, keptAttributes, requireBatchSize, knownOrNull, parseDeviceTime, readNumber, requireNumber, type DeviceReport } from './device-report';

/** Properties with a meaning of their own; the rest (motion, activity, wifi, ...) is kept as attributes. */
const KNOWN = new Set(['timestamp', 'speed', 'course', 'horizontal_accuracy', 'battery_level', 'battery_state', 'altitude']);

/**
 * Overland queues more than locations: with "include tracking stats" on, log records
 * (`properties.action`, e.g. `paused_location_updates`, with the last location as geometry or
 * none) and visits (`action: visit`); trip records (`properties.type: trip`) carry the trip's end
 * point. None of them is a fix of its own, so they are skipped, never stored as positions.
 */
const isLocationRecord = (record: Record<string, unknown>) => {
  const p = isRecord(record.properties) ? record.properties : {};
  return record.geometry !== null && record.geometry !== undefined && p.action === undefined && p.type === undefined;
};

function toFix(feature: Record<string, unknown>, path: string, now: number): StoredFix {
  const geometry = feature.geometry;
  if (!isRecord(geometry) || geometry.type !== 'Point' || !Array.isArray(geometry.coordinates)) {
    throw new ProtocolError(`${path} is not a GeoJSON Point feature`, path);
  }
  const [lon, lat] = geometry.coordinates as unknown[];
  const p = isRecord(feature.properties) ? feature.properties : {};
  const attributes = keptAttributes(Object.entries(p).filter(([key]) => !KNOWN.has(key)));
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

function batteryOf(feature: Record<string, unknown> | undefined): DeviceReport['battery'] {
  const p = feature && isRecord(feature.properties) ? feature.properties : {};
  const level = fractionToPercent(readNumber(p.battery_level, 'battery_level'));
  const state = typeof p.battery_state === 'string' ? p.battery_state : null;
  const charging = state === 'charging' || state === 'full' ? true : state === 'unplugged' ? false : null;
  return level === null && charging === null ? null : { level, charging };
}

/**
 * Overland (iOS): `{locations: [GeoJSON features], current?, trip?}`, in batches of up to the
 * app's "points per batch" (500 at most), oldest first but not guaranteed. Speed m/s, `course`
 * degrees, `battery_level` 0..1, negative values unknown. While the phone drains a backlog it adds
 * `current`, its newest location (not in the batch): stored too, so the board shows where the
 * phone is now rather than where the backlog has got to. The token comes from the request.
 */
export function parseOverland(body: unknown, token: string | null, now: number): DeviceReport {
  if (!isRecord(body) || !Array.isArray(body.locations)) throw new ProtocolError('body must be {"locations": [...]}', 'locations');
  requireBatchSize(body.locations.length, 'locations');
  const records: Record<string, unknown>[] = body.locations.map((record: unknown, i) => {
    if (!isRecord(record)) throw new ProtocolError(`locations[${i}] is not a GeoJSON feature`, `locations[${i}]`);
    return record;
  });
  const fixes: StoredFix[] = [];
  let newest: Record<string, unknown> | undefined;
  records.forEach((record, i) => {
    if (!isLocationRecord(record)) return;
    fixes.push(toFix(record, `locations[${i}]`, now));
    newest = record;
  });
  const current = isRecord(body.current) && isLocationRecord(body.current) ? body.current : undefined;
  if (current) fixes.push(toFix(current, 'current', now));
  // Log records carry the battery too: a batch of them alone still tells it.
  newest = current ?? newest ?? records.at(-1);
  return { protocol: 'overland', token, fixes, battery: batteryOf(newest), heartbeat: fixes.length === 0, unreadable: [] };
}
