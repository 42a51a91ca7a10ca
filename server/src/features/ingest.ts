import { IngestBody, IngestResult, MAX_PINGS_PER_BATCH, type PingInput } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HttpError } from '../errors';
import type { StoredFix } from '../repositories/pings';
import { errors } from './schemas';

/** Validates times the schema cannot and converts wire pings to fixes (epoch ms, m/s). */
export function toFixes(pings: readonly PingInput[], now: number, maxFutureSkewMs: number): StoredFix[] {
  const problems: { path: string; message: string }[] = [];
  const fixes = pings.map((p, i): StoredFix => {
    const ts = Date.parse(p.ts);
    if (!Number.isFinite(ts)) problems.push({ path: `/body/pings/${i}/ts`, message: 'not a valid date-time' });
    else if (ts > now + maxFutureSkewMs) {
      problems.push({ path: `/body/pings/${i}/ts`, message: `more than ${maxFutureSkewMs / 1000} s in the future` });
    }
    return { ts, lat: p.lat, lon: p.lon, speed: p.speed ?? null, heading: p.heading ?? null, accuracy: p.accuracy ?? null };
  });
  if (problems.length > 0) {
    throw new HttpError(400, 'invalid_timestamp', `${problems.length} ping(s) have an invalid timestamp; nothing was stored`, problems);
  }
  return fixes;
}

const ingest: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/pings',
    {
      config: { access: 'ping:ingest' },
      onRequest: app.limits.ingest,
      schema: {
        tags: ['ingest'],
        summary: 'Post location pings from a device',
        description: `One ping or {pings: [...]} (up to ${MAX_PINGS_PER_BATCH}, any order), authenticated by the device token. 202 only after the pings are committed; a repeated device + ts counts as a duplicate. 503 means the database is unavailable: retry.`,
        security: [{ bearerAuth: [] }],
        body: IngestBody,
        response: { 202: IngestResult, ...errors(400, 401, 403, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind !== 'device') throw new HttpError(403, 'forbidden', 'Only device tokens may post pings');
      const body = request.body;
      const pings = 'pings' in body ? body.pings : [body];
      const fixes = toFixes(pings, Date.now(), app.config.tracking.maxFutureSkewMs);
      const { accepted, duplicates } = await app.tracking.ingest(principal.device, fixes, { protocol: 'api', tokenHash: principal.device.tokenHash });
      return reply.code(202).send({ accepted, duplicates });
    },
  );
};

export default ingest;
