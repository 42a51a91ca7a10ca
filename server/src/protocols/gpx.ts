import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { StoredFix } from '../repositories/pings';
import { ProtocolError, isRecord, knownOrNull, readNumber, requireNumber, storableTime } from './device-report';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: false,
  isArray: (name) => name === 'trk' || name === 'trkseg' || name === 'trkpt',
});

/** A day's drive at one fix a second is 86,400 points; a file with more is not a track of one load. */
export const MAX_GPX_POINTS = 100_000;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : isRecord(value) && typeof value['#text'] === 'string' ? value['#text'] : undefined);

/** Speed and course from GPX 1.0 elements or the Garmin TrackPointExtension of GPX 1.1. */
function extension(point: Record<string, unknown>, name: string): string | undefined {
  const direct = text(point[name]);
  if (direct !== undefined) return direct;
  const ext = point.extensions;
  if (!isRecord(ext)) return undefined;
  const tpx = ext.TrackPointExtension;
  return text(ext[name]) ?? (isRecord(tpx) ? text(tpx[name]) : undefined);
}

/**
 * The track points of a GPX file (1.0 or 1.1), every segment of every track, as fixes. Each
 * point needs lat, lon and a time: a backfill without times cannot be placed. Elevation is
 * kept as altitude; speed (m/s) and course come from GPX 1.0 or Garmin's extension.
 */
export function parseGpx(xml: string): StoredFix[] {
  let doc: unknown;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new ProtocolError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    doc = parser.parse(xml);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    // Entity declarations, tag names the parser will not take (`__proto__`), nesting too deep to walk.
    throw new ProtocolError(`the XML cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(doc) || !isRecord(doc.gpx)) throw new ProtocolError('not a GPX document (no <gpx> root)');
  const tracks = Array.isArray(doc.gpx.trk) ? doc.gpx.trk : [];
  const fixes: StoredFix[] = [];
  tracks.forEach((trk: unknown, t) => {
    const segments = isRecord(trk) && Array.isArray(trk.trkseg) ? trk.trkseg : [];
    segments.forEach((seg: unknown, s) => {
      const points = isRecord(seg) && Array.isArray(seg.trkpt) ? seg.trkpt : [];
      if (fixes.length + points.length > MAX_GPX_POINTS) throw new ProtocolError(`the GPX file has more than ${MAX_GPX_POINTS} track points`);
      points.forEach((pt: unknown, p) => {
        const where = `trk[${t}]/trkseg[${s}]/trkpt[${p}]`;
        if (!isRecord(pt)) throw new ProtocolError(`${where} is empty`, where);
        const time = text(pt.time);
        const ts = time === undefined ? Number.NaN : Date.parse(time);
        if (!Number.isFinite(ts)) throw new ProtocolError(`${where} has no valid <time>`, where);
        storableTime(ts, `${where}/time`);
        const ele = readNumber(text(pt.ele), `${where}/ele`);
        fixes.push({
          ts,
          lat: requireNumber(pt['@lat'], `${where}@lat`),
          lon: requireNumber(pt['@lon'], `${where}@lon`),
          speed: knownOrNull(readNumber(extension(pt, 'speed'), `${where}/speed`)),
          heading: knownOrNull(readNumber(extension(pt, 'course'), `${where}/course`)),
          accuracy: null,
          attributes: ele === null ? null : { altitude: ele },
        });
      });
    });
  });
  if (fixes.length === 0) throw new ProtocolError('the GPX file has no track points');
  return fixes;
}
