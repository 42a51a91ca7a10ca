import type { StoredFix } from '../repositories/pings';
import {
  NOTHING_ELSE,
  ProtocolError,
  fractionToPercent,
  isRecord,
  keptAttributes,
  knownOrNull,
  parseDeviceTime,
  readNumber,
  requireBatchSize,
  requireNumber,
  type DeviceReport,
} from './device-report';

/** Location fields that become attributes of the stored fix when present. */
const KEPT = ['is_moving', 'odometer', 'event', 'activity', 'mock'] as const;

function toFix(location: unknown, path: string, now: number): StoredFix {
  if (!isRecord(location) || !isRecord(location.coords)) throw new ProtocolError(`${path}.coords is missing`, `${path}.coords`);
  const c = location.coords;
  // The activity is an object ({type, confidence}); its type is what says anything.
  const attributes = keptAttributes(KEPT.map((key) => [key, key === 'activity' && isRecord(location.activity) ? location.activity.type : location[key]]));
  const altitude = readNumber(c.altitude, `${path}.coords.altitude`);
  if (altitude !== null) attributes.altitude = altitude;
  return {
    ts: parseDeviceTime(location.timestamp, now, `${path}.timestamp`),
    lat: requireNumber(c.latitude, `${path}.coords.latitude`),
    lon: requireNumber(c.longitude, `${path}.coords.longitude`),
    speed: knownOrNull(readNumber(c.speed, `${path}.coords.speed`)),
    heading: knownOrNull(readNumber(c.heading, `${path}.coords.heading`)),
    accuracy: knownOrNull(readNumber(c.accuracy, `${path}.coords.accuracy`)),
    attributes: Object.keys(attributes).length > 0 ? attributes : null,
  };
}

/**
 * Traccar Client 9+ JSON: `{device_id, location: {timestamp, coords: {...}, battery, ...}}`
 * (the background-geolocation record; `location` may also be a list). Speed is m/s and a
 * negative speed or heading means unknown.
 */
export function parseTraccarJson(body: unknown, now: number): DeviceReport {
  if (!isRecord(body)) throw new ProtocolError('body must be a JSON object');
  const token = typeof body.device_id === 'string' && body.device_id !== '' ? body.device_id : null;
  const locations = Array.isArray(body.location) ? body.location : [body.location];
  requireBatchSize(locations.length, 'location');
  const fixes = locations.map((l, i) => toFix(l, Array.isArray(body.location) ? `location[${i}]` : 'location', now));
  const last = locations.at(-1);
  const battery = isRecord(last) && isRecord(last.battery) ? last.battery : null;
  const level = battery ? fractionToPercent(readNumber(battery.level, 'location.battery.level')) : null;
  const charging = battery && typeof battery.is_charging === 'boolean' ? battery.is_charging : null;
  return { protocol: 'traccar', token, fixes, battery: battery ? { level, charging } : null, ...NOTHING_ELSE };
}
