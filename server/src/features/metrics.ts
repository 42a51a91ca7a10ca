import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SESSION_COOKIE } from '../access/identity';
import { roleMay } from '../access/policy';
import { bearerToken, secretsEqual } from '../auth/tokens';
import { HttpError } from '../errors';

/**
 * `/metrics` in Prometheus' text format. Not public: the scraper sends `METRICS_TOKEN` as a
 * bearer token, or an admin bound to no site (the counts span every tenant) reads it signed in.
 */
const metrics: FastifyPluginAsyncTypebox = async (app) => {
  const scrapeToken = app.config.metricsToken;
  app.get(
    '/metrics',
    {
      config: { requestDeadline: false },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics of this instance',
        description: 'Text exposition format. Bearer METRICS_TOKEN, or an admin of every site.',
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const bearer = bearerToken(request.headers.authorization);
      const byToken = scrapeToken !== null && bearer !== null && secretsEqual(bearer, scrapeToken);
      if (!byToken) {
        const sessionCookie = request.cookies[SESSION_COOKIE] ?? null;
        if (bearer === null && sessionCookie === null) {
          throw new HttpError(401, 'unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>, or sign in as an admin', undefined, { 'www-authenticate': 'Bearer' });
        }
        const principal = await app.resolvePrincipal({ bearer, sessionCookie });
        if (principal === null) throw new HttpError(401, 'unauthorized', 'Unknown, expired or revoked credentials', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
        if (!roleMay(principal, 'metrics:read') || (principal.kind !== 'device' && principal.siteIds !== null)) {
          throw new HttpError(403, 'forbidden', 'Metrics are for the metrics token or an admin of every site');
        }
      }
      const body = await app.metrics.registry.metrics();
      return reply.type(app.metrics.registry.contentType).send(body);
    },
  );
};

export default metrics;
