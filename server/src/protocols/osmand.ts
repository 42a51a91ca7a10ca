import type { DeviceProtocol } from '@dockwatch/shared';
import type { StoredFix } from '../repositories/pings';
import { KNOTS_TO_MPS, NOTHING_ELSE, ProtocolError, isRecord, keptAttributes, requireBatchSize, knownOrNull, parseDeviceTime, readNumber, requireNumber, type DeviceReport } from './device-report';

/** Keys the OsmAnd protocol defines; everything else the app sends is kept as an attribute. */
const KNOWN_KEYS = new Set(['id', 'deviceid', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing', 'heading', 'accuracy', 'batt', 'charge', 'valid']);

const truthy = (value: string | undefined) => (value === undefined || value === '' ? null : value === 'true' || value === '1');

/** Who sends the parameters, which decides their units. */
export interface OsmAndDialect {
  protocol: DeviceProtocol;
  /** `knots` for Traccar Client and OsmAnd-protocol devices; `mps` for the OsmAnd app, which fills `{5}` with Android's m/s. */
  speed: 'knots' | 'mps';
  /** Read `hdop` as the accuracy in metres: the OsmAnd app fills `{3}` with Android's accuracy, whatever the key is called. */
  hdopIsAccuracy: boolean;
}

/** Traccar Client (every version that sends parameters) and devices speaking the OsmAnd protocol. */
export const TRACCAR_DIALECT: OsmAndDialect = { protocol: 'osmand', speed: 'knots', hdopIsAccuracy: false };
/** OsmAnd's own online tracking, through the address template the README gives. */
export const OSMAND_APP_DIALECT: OsmAndDialect = { protocol: 'osmand_app', speed: 'mps', hdopIsAccuracy: true };

function readPosition(params: Record<string, string | undefined>): { lat: number; lon: number } | null {
  if (params.location) {
    const [latText, lonText, extra] = params.location.split(',');
    if (extra !== undefined) throw new ProtocolError('location must be lat,lon', 'location');
    return { lat: requireNumber(latText, 'location'), lon: requireNumber(lonText, 'location') };
  }
  const lat = readNumber(params.lat, 'lat');
  const lon = readNumber(params.lon, 'lon');
  if (lat === null && lon === null) return null;
  if (lat === null) throw new ProtocolError('lat is missing (lon was sent)', 'lat');
  if (lon === null) throw new ProtocolError('lon is missing (lat was sent)', 'lon');
  return { lat, lon };
}

/**
 * One fix (or none) as query or form parameters: Traccar Client 10 posts them as a form, older
 * versions in the query string of a POST, OsmAnd and hardware trackers as a GET. `id`/`deviceid`
 * carries the device token. A report without `lat`/`lon` is a heartbeat (Traccar Client with no
 * GPS fix, cell or Wi-Fi only reports): it tells battery and last seen, and stores no fix.
 * `valid=false` (or a negative accuracy, iOS's "no position") marks a fix taken without a GPS lock.
 */
export function parseOsmAndParams(params: Record<string, string | undefined>, now: number, dialect: OsmAndDialect = TRACCAR_DIALECT): DeviceReport {
  const token = params.id || params.deviceid || null;
  const battery = readNumber(params.batt, 'batt');
  const charging = truthy(params.charge);
  const report = { protocol: dialect.protocol, token, battery: battery === null && charging === null ? null : { level: battery, charging } };
  const position = readPosition(params);
  if (position === null) return { ...report, fixes: [], heartbeat: true, unreadable: [] };

  const attributes = keptAttributes(Object.entries(params).filter(([key, value]) => !KNOWN_KEYS.has(key) && value !== undefined && !(dialect.hdopIsAccuracy && key === 'hdop')));
  const altitude = readNumber(params.altitude, 'altitude');
  if (altitude !== null) attributes.altitude = altitude;
  const speed = readNumber(params.speed, 'speed');
  const accuracy = readNumber(params.accuracy ?? (dialect.hdopIsAccuracy ? params.hdop : undefined), params.accuracy !== undefined ? 'accuracy' : 'hdop');
  const marked = truthy(params.valid);
  const fix: StoredFix = {
    ts: parseDeviceTime(params.timestamp, now),
    ...position,
    speed: knownOrNull(speed === null || dialect.speed === 'mps' ? speed : speed * KNOTS_TO_MPS),
    heading: knownOrNull(readNumber(params.bearing ?? params.heading, 'bearing')),
    accuracy: knownOrNull(accuracy),
    attributes: Object.keys(attributes).length > 0 ? attributes : null,
  };
  if (marked === false || (accuracy !== null && accuracy < 0)) fix.valid = false;
  return { ...report, fixes: [fix], ...NOTHING_ELSE };
}

const paramText = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);

/**
 * The same parameters as JSON, as Traccar's client SDK posts them with its JSON upload on: a list
 * of flat objects `[{id, lat, lon, timestamp, speed (knots), ...}]` (or one such object), queued
 * positions in one request. The token is the first record's `id`.
 */
export function parseOsmAndJson(body: unknown, now: number): DeviceReport {
  const records = Array.isArray(body) ? body : [body];
  if (records.length === 0) throw new ProtocolError('the list of positions is empty');
  requireBatchSize(records.length, 'positions');
  const reports = records.map((record, i) => {
    if (!isRecord(record)) throw new ProtocolError(`[${i}] is not a JSON object`, `[${i}]`);
    const params = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, paramText(v)]));
    try {
      return parseOsmAndParams(params, now);
    } catch (error) {
      if (error instanceof ProtocolError && Array.isArray(body)) throw new ProtocolError(`[${i}]: ${error.message}`, `[${i}].${error.field ?? ''}`);
      throw error;
    }
  });
  const last = reports.at(-1)!;
  const fixes = reports.flatMap((r) => r.fixes);
  return { protocol: 'osmand', token: reports[0]!.token, fixes, battery: last.battery, heartbeat: fixes.length === 0, unreadable: [] };
}
