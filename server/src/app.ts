import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import http from 'node:http';
import type { AppConfig } from './config';
import { registerErrorHandling } from './errors';
import alertsFeature from './features/alerts';
import auditFeature from './features/audit';
import authFeature from './features/auth';
import carriers from './features/carriers';
import clientApp from './features/client-app';
import deviceProtocols from './features/device-protocols';
import etaAccuracy from './features/eta-accuracy';
import materialsFeature from './features/materials';
import scorecardsFeature from './features/scorecards';
import messagesFeature from './features/messages';
import asnFeature from './features/asn';
import noticesFeature from './features/notices';
import supplierDemandFeature from './features/supplier-demand';
import devices from './features/devices';
import deviceAssignment from './features/device-assignment';
import driver from './features/driver';
import gpxImport from './features/gpx-import';
import health from './features/health';
import metricsFeature from './features/metrics';
import ingest from './features/ingest';
import shipments from './features/shipments';
import sites from './features/sites';
import statusExport from './features/status-export';
import tokens from './features/tokens';
import trackingLinks from './features/tracking-links';
import users from './features/users';
import webhooks from './features/webhooks';
import alertSweepPlugin from './plugins/alert-sweep';
import authPlugin from './plugins/auth';
import busPlugin from './plugins/bus';
import configPlugin from './plugins/config';
import databasePlugin from './plugins/database';
import edgePlugin from './plugins/edge';
import metricsPlugin from './plugins/metrics';
import partitionMaintenancePlugin from './plugins/partition-maintenance';
import deviceCredentialsPlugin from './plugins/device-credentials';
import realtimePlugin from './plugins/realtime';
import redisPlugin from './plugins/redis';
import requestDeadlinePlugin from './plugins/request-deadline';
import repositoriesPlugin from './plugins/repositories';
import webhookWorkerPlugin from './plugins/webhook-worker';
import { refuseUnstorableText, registerValidation } from './validation';
import type { HostLookup } from './webhooks/destination';

export interface BuildAppOptions {
  /** Overrides for Fastify's logger (tests pass `false`). */
  logger?: FastifyServerOptions['logger'];
  /** The clock the services read (epoch ms), injectable for tests. Default `Date.now`. */
  now?: () => number;
  /** Resolves webhook receivers' host names (tests inject a stub). Default the system resolver. */
  lookup?: HostLookup;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Now, in epoch ms: the one clock the services read (see `BuildAppOptions.now`). */
    clock: () => number;
  }
}

/** Builds the whole app from config; `main.ts` and the tests both start here. */
export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    // Only believe X-Forwarded-For from configured proxies: rate limits key on the client address.
    trustProxy: config.access.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    forceCloseConnections: true,
    // A body trickling in a byte at a time is cut off (408) rather than holding a connection for ever.
    requestTimeout: config.requestTimeoutMs,
    serverFactory: (handler) =>
      http.createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(60_000, config.requestTimeoutMs),
          // Node looks for overdue requests this often (30 s by default, longer than a short timeout).
          connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(config.requestTimeoutMs / 4))),
        },
        handler,
      ),
  };
  const app = Fastify(serverOptions).withTypeProvider<TypeBoxTypeProvider>();

  registerValidation(app);
  registerErrorHandling(app);
  app.decorate('clock', options.now ?? Date.now);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Dockwatch API', version: '1.0.0', description: 'Real-time inbound shipment tracking: pings in, ETAs against receiving windows out.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' }, sessionCookie: { type: 'apiKey', in: 'cookie', name: 'dw_session' } } },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets inline styles as it renders; without this every visit logs a CSP violation.
    transformStaticCSP: (header) => header.replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'"),
  });

  await app.register(configPlugin, { config });
  await app.register(metricsPlugin);
  await app.register(databasePlugin);
  await app.register(partitionMaintenancePlugin);
  // Before every hook that may wait on the database (authentication, rate limits, handlers).
  await app.register(requestDeadlinePlugin);
  await app.register(redisPlugin);
  await app.register(edgePlugin);
  await app.register(busPlugin);
  await app.register(repositoriesPlugin);
  await app.register(webhookWorkerPlugin, { lookup: options.lookup });
  await app.register(authPlugin);
  await app.register(deviceCredentialsPlugin);
  await app.register(realtimePlugin);
  await app.register(alertSweepPlugin);

  await app.register(health);
  await app.register(metricsFeature);
  await app.register(clientApp);
  await app.register(deviceProtocols);
  await app.register(
    async (api) => {
      api.addHook('preValidation', refuseUnstorableText);
      await api.register(sites);
      await api.register(statusExport);
      await api.register(carriers);
      await api.register(devices);
      await api.register(shipments);
      await api.register(deviceAssignment);
      await api.register(gpxImport);
      await api.register(ingest);
      await api.register(trackingLinks);
      await api.register(driver);
      await api.register(webhooks);
      await api.register(alertsFeature);
      await api.register(etaAccuracy);
      await api.register(materialsFeature);
      await api.register(scorecardsFeature);
      await api.register(messagesFeature);
      await api.register(asnFeature);
      await api.register(noticesFeature);
      await api.register(supplierDemandFeature);
      await api.register(authFeature);
      await api.register(users);
      await api.register(tokens);
      await api.register(auditFeature);
    },
    { prefix: '/api/v1' },
  );
  return app;
}
