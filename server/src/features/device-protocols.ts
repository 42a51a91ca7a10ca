import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/tokens';
import { HttpError } from '../errors';
import { isRecord, ProtocolError, type DeviceReport } from '../protocols/device-report';
import { OSMAND_APP_DIALECT, parseOsmAndJson, parseOsmAndParams, TRACCAR_DIALECT, type OsmAndDialect } from '../protocols/osmand';
import { parseOverland } from '../protocols/overland';
import { parseOwnTracks } from '../protocols/owntracks';
import { parseTraccarJson } from '../protocols/traccar-json';
import { reachOf } from '../plugins/device-credentials';
import { errors } from './schemas';

const AnyBody = Type.Unknown({ description: "The app's own payload, exactly as it sends it." });
const QueryParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));

/** The password of an `Authorization: Basic` header (any user name), or null. */
export function basicPassword(header: string | undefined): string | null {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : null;
}

const flatten = (params: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(';') : String(v)]));

const isJson = (request: FastifyRequest) => (request.headers['content-type'] ?? '').includes('json');

/**
 * The tracker apps' own protocols, each a thin adapter into the one ingest pipeline: the
 * device token is taken where each app can put a secret, fixes are filtered, and the answer
 * is what the app expects, sent only after the commit.
 */
const deviceProtocols: FastifyPluginAsyncTypebox = async (app) => {
  // Traccar Client posts its parameters as a form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // OwnTracks posts a zero-length JSON body (a cleared contact) and resends it until it gets a 2xx:
  // here an empty body is "no message", not malformed JSON. Only inside this plugin.
  // Anything else goes to Fastify's own parser, with its prototype-poisoning guard.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, null);
    return jsonParser.call(app, request, body as string, done);
  });

  const ingest = async (request: FastifyRequest, read: () => DeviceReport) => {
    let report: DeviceReport;
    try {
      report = read();
    } catch (error) {
      if (error instanceof ProtocolError) throw new HttpError(400, 'invalid_report', error.message, error.field ? { field: error.field } : undefined);
      throw error;
    }
    if (report.token === null) throw new HttpError(401, 'unauthorized', 'Missing device token', undefined, { 'www-authenticate': 'Basic realm="dockwatch"' });
    await app.limits.ingestToken(request, report.token);
    const credential = await app.resolveDeviceCredential(report.token, { forIngest: true });
    // Unknown, revoked and expired tokens alike: nothing is created for a device we do not know.
    if (credential === null) throw new HttpError(401, 'unknown_device', 'Unknown, revoked or expired device token');
    const { device } = credential;
    const outcome = await app.tracking.ingest(device, report.fixes, {
      ...reachOf(credential.link),
      protocol: report.protocol,
      battery: report.battery,
      filter: app.config.tracking.filter,
      heartbeat: report.heartbeat,
      unreadable: report.unreadable,
      ...(credential.link === null ? { tokenHash: device.tokenHash } : {}),
    });
    if (outcome.rejected.length > 0) app.log.info({ deviceId: device.id, rejected: outcome.rejected }, 'fixes rejected by filters');
    return outcome;
  };

  const osmand = async (request: FastifyRequest, dialect: OsmAndDialect) => {
    const now = Date.now();
    if (dialect === TRACCAR_DIALECT && isJson(request) && request.body !== null) {
      // Traccar Client 9 sends the background-geolocation record; the client SDK's JSON upload, flat OsmAnd records.
      const body = request.body;
      const traccar9 = isRecord(body) && ('location' in body || 'device_id' in body);
      return ingest(request, () => (traccar9 ? parseTraccarJson(body, now) : parseOsmAndJson(body, now)));
    }
    const form = isRecord(request.body) ? request.body : {};
    const params = flatten({ ...(request.query as Record<string, unknown>), ...form });
    if (!params.id && !params.deviceid) throw new HttpError(400, 'missing_device_id', 'Send the device token as id (or deviceid)');
    return ingest(request, () => parseOsmAndParams(params, now, dialect));
  };

  const osmandSchema = {
    tags: ['devices'],
    summary: 'Traccar Client and OsmAnd-protocol devices (query, form or JSON)',
    description:
      'OsmAnd protocol: id (the device token), lat, lon or location=lat,lon, timestamp (epoch s or ms, or ISO-8601; missing = now), speed (knots), bearing/heading, altitude, accuracy (m), batt (%), charge, valid; other keys are kept. Without lat/lon the report is a heartbeat: battery and last seen, no fix. A fix with valid=false is kept as rejected and moves nothing. Or Traccar Client 9 JSON {device_id, location: {...}}, or a list of flat OsmAnd records as JSON. 200 with an empty body after the commit.',
    querystring: QueryParams,
    response: { 200: Type.String(), ...errors(400, 401, 413, 429, 503) },
  };
  app.get('/osmand', { onRequest: app.limits.ingestAddress, schema: osmandSchema }, async (request, reply) => {
    await osmand(request, TRACCAR_DIALECT);
    return reply.code(200).type('text/plain').send('');
  });
  app.post('/osmand', { onRequest: app.limits.ingestAddress, schema: { ...osmandSchema, body: AnyBody } }, async (request, reply) => {
    await osmand(request, TRACCAR_DIALECT);
    return reply.code(200).type('text/plain').send('');
  });

  const osmandAppSchema = {
    tags: ['devices'],
    summary: "OsmAnd's online tracking (its own address template)",
    description:
      'The OsmAnd app fills its placeholders with Android units: {2} epoch ms, {3} accuracy in metres (sent as accuracy or hdop), {5} speed in m/s, {6} bearing. Otherwise as /osmand. 200 with an empty body after the commit.',
    querystring: QueryParams,
    response: { 200: Type.String(), ...errors(400, 401, 413, 429, 503) },
  };
  app.get('/osmand/app', { onRequest: app.limits.ingestAddress, schema: osmandAppSchema }, async (request, reply) => {
    await osmand(request, OSMAND_APP_DIALECT);
    return reply.code(200).type('text/plain').send('');
  });

  app.post(
    '/owntracks',
    {
      onRequest: app.limits.ingestAddress,
      schema: {
        tags: ['devices'],
        summary: 'OwnTracks HTTP mode',
        description:
          'One OwnTracks JSON message; the device token is the HTTP Basic password (any user name) or, failing that, the X-Limit-D device id. `location` messages are fixes; `encrypted` messages (encryption on in the app) cannot be read: answered [] and kept as rejected (reason encrypted) for the Devices screen; other types and an empty body are accepted and ignored. Answers [] after the commit.',
        body: AnyBody,
        response: { 200: Type.Array(Type.Unknown()), ...errors(400, 401, 413, 429, 503) },
      },
    },
    async (request) => {
      const header = request.headers['x-limit-d'];
      const token = basicPassword(request.headers.authorization) ?? (typeof header === 'string' && header !== '' ? header : null);
      if (request.body === null || request.body === undefined) {
        // A zero-length body carries no message: the app only needs its 2xx. The token is still checked.
        if (token === null) throw new HttpError(401, 'unauthorized', 'Missing device token', undefined, { 'www-authenticate': 'Basic realm="dockwatch"' });
        await app.limits.ingestToken(request, token);
        if ((await app.resolveDeviceCredential(token)) === null) throw new HttpError(401, 'unknown_device', 'Unknown, revoked or expired device token');
        return [];
      }
      const now = Date.now();
      await ingest(request, () => parseOwnTracks(request.body, token, now));
      return [];
    },
  );

  app.post(
    '/overland',
    {
      onRequest: app.limits.ingestAddress,
      schema: {
        tags: ['devices'],
        summary: 'Overland (iOS)',
        description:
          'A batch {locations: [GeoJSON features], current?, trip?} with Authorization: Bearer <device token>. Records that are not locations (tracking-stats log records, visits, trips) are skipped; `current`, the phone\'s newest location while it drains a backlog, is stored too. Answers exactly {"result":"ok"} only after the whole batch is committed, so the app drops its queue only when nothing is lost.',
        body: AnyBody,
        response: { 200: Type.Object({ result: Type.Literal('ok') }), ...errors(400, 401, 413, 429, 503) },
      },
    },
    async (request) => {
      const now = Date.now();
      await ingest(request, () => parseOverland(request.body, bearerToken(request.headers.authorization), now));
      return { result: 'ok' as const };
    },
  );
};

export default deviceProtocols;
