import { KNOTS_TO_MPS, ProtocolError, knownOrNull, parseDeviceTime, readNumber, requireNumber, type DeviceReport } from './device-report';

/** Keys the OsmAnd protocol defines; everything else the app sends is kept as an attribute. */
const KNOWN_KEYS = new Set(['id', 'deviceid', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing', 'heading', 'accuracy', 'batt', 'charge']);

const truthy = (value: string | undefined) => (value === undefined ? null : value === 'true' || value === '1');

/**
 * The OsmAnd protocol as Traccar Client (up to 8) and OsmAnd's live tracking send it: one fix
 * as query or form parameters. `id`/`deviceid` carries the device token; `speed` is knots.
 */
export function parseOsmAndParams(params: Record<string, string | undefined>, now: number): DeviceReport {
  const token = params.id || params.deviceid || null;
  let lat: number;
  let lon: number;
  if (params.location) {
    const [latText, lonText, extra] = params.location.split(',');
    if (extra !== undefined) throw new ProtocolError('location must be lat,lon', 'location');
    lat = requireNumber(latText, 'location');
    lon = requireNumber(lonText, 'location');
  } else {
    lat = requireNumber(params.lat, 'lat');
    lon = requireNumber(params.lon, 'lon');
  }
  const speedKnots = readNumber(params.speed, 'speed');
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (!KNOWN_KEYS.has(key) && value !== undefined) attributes[key] = value;
  const altitude = readNumber(params.altitude, 'altitude');
  if (altitude !== null) attributes.altitude = altitude;
  const battery = readNumber(params.batt, 'batt');
  const charging = truthy(params.charge);
  return {
    protocol: 'osmand',
    token,
    fixes: [
      {
        ts: parseDeviceTime(params.timestamp, now),
        lat,
        lon,
        speed: knownOrNull(speedKnots === null ? null : speedKnots * KNOTS_TO_MPS),
        heading: knownOrNull(readNumber(params.bearing ?? params.heading, 'bearing')),
        accuracy: knownOrNull(readNumber(params.accuracy, 'accuracy')),
        attributes: Object.keys(attributes).length > 0 ? attributes : null,
      },
    ],
    battery: battery === null && charging === null ? null : { level: battery, charging },
  };
}
