import { KMH_TO_MPS, NOTHING_ELSE, ProtocolError, isRecord, keptAttributes, knownOrNull, readNumber, requireNumber, storableTime, type DeviceReport } from './device-report';

/** Payload fields with a meaning of their own; the rest (tid, conn, topic, ...) is kept as attributes. */
const KNOWN = new Set(['_type', 'tst', 'lat', 'lon', 'acc', 'vel', 'cog', 'batt', 'bs', 'alt']);

/** OwnTracks `bs`: 0 unknown, 1 unplugged, 2 charging, 3 full. */
const charging = (bs: number | null) => (bs === 2 || bs === 3 ? true : bs === 1 ? false : null);

/**
 * OwnTracks HTTP mode: one JSON message per request. `_type: location` is a fix (`tst` epoch
 * seconds, `vel` km/h, `cog` degrees, `acc` metres); `_type: encrypted` (encryption switched on
 * in the app) cannot be read and is kept as an unreadable message; every other type (transition,
 * waypoint, lwt, card, ...) carries no fix and yields none. The token comes from the request.
 */
export function parseOwnTracks(body: unknown, token: string | null, now: number): DeviceReport {
  if (!isRecord(body)) throw new ProtocolError('body must be a JSON object');
  if (body._type === 'encrypted') return { protocol: 'owntracks', token, fixes: [], battery: null, heartbeat: false, unreadable: [{ reason: 'encrypted', ts: now }] };
  if (body._type !== 'location') return { protocol: 'owntracks', token, fixes: [], battery: null, ...NOTHING_ELSE };
  const attributes = keptAttributes(Object.entries(body).filter(([key]) => !KNOWN.has(key)));
  const altitude = readNumber(body.alt, 'alt');
  if (altitude !== null) attributes.altitude = altitude;
  const velocity = readNumber(body.vel, 'vel');
  const batt = readNumber(body.batt, 'batt');
  const bs = readNumber(body.bs, 'bs');
  return {
    protocol: 'owntracks',
    token,
    fixes: [
      {
        ts: storableTime(Math.round(requireNumber(body.tst, 'tst') * 1000), 'tst'),
        lat: requireNumber(body.lat, 'lat'),
        lon: requireNumber(body.lon, 'lon'),
        speed: knownOrNull(velocity === null ? null : velocity * KMH_TO_MPS),
        heading: knownOrNull(readNumber(body.cog, 'cog')),
        accuracy: knownOrNull(readNumber(body.acc, 'acc')),
        attributes: Object.keys(attributes).length > 0 ? attributes : null,
      },
    ],
    battery: batt === null && bs === null ? null : { level: batt, charging: charging(bs) },
    ...NOTHING_ELSE,
  };
}
