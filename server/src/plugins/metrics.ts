import fp from 'fastify-plugin';
import { Metrics } from '../metrics/metrics';

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's Prometheus metrics, exported at `/metrics`. */
    metrics: Metrics;
  }
}

/** Routes devices report through: the API's ping route and the tracker apps' endpoints. */
const INGEST_ROUTES = new Set(['/api/v1/pings', '/api/v1/driver/pings', '/osmand', '/osmand/app', '/owntracks', '/overland']);

/** One registry per app; the other plugins record into it and fill in its scrape-time sources. */
export default fp(
  async (app) => {
    const metrics = new Metrics();
    app.decorate('metrics', metrics);
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      if (route !== undefined && INGEST_ROUTES.has(route)) metrics.ingestRequests.inc({ route, status: String(reply.statusCode) });
    });
  },
  { name: 'metrics', dependencies: ['config'] },
);
