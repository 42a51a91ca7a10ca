import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { bearerToken, hashToken } from '../auth/tokens';
import { HttpError } from '../errors';

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest limiters for the routes that face the internet hardest. */
    limits: {
      /** Per client address and per bearer token: `/api/v1/pings` and the driver page. */
      ingest: onRequestAsyncHookHandler;
      /** Per client address only, for tracker apps whose token is inside the request. */
      ingestAddress: onRequestAsyncHookHandler;
      /** Per device token found inside the request (OsmAnd `id`, OwnTracks password, ...): the same count as `ingest`'s. */
      ingestToken(request: FastifyRequest, token: string): Promise<void>;
      login: onRequestAsyncHookHandler;
    };
  }
}

/** The origin a tile URL template loads from, with `{s}` subdomains as a wildcard. */
export function tileOrigin(tileUrl: string): string | null {
  const match = /^(https?:\/\/[^/?#]+)/i.exec(tileUrl.replace(/\{s\}/g, '*'));
  return match?.[1] ?? null;
}

const MINUTE_MS = 60_000;

/**
 * The edge: security headers with a CSP that admits the tile server, CORS only when configured,
 * and rate limits kept in Redis when there is one (so every instance counts together).
 */
export default fp(
  async (app) => {
    const { access, client } = app.config;
    const tiles = client.tileUrl ? tileOrigin(client.tileUrl) : null;
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Leaflet positions tiles and markers with inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // HSTS means something only over HTTPS (RFC 6797 §7.2): sent below when the request came that way.
      strictTransportSecurity: false,
    });
    app.addHook('onSend', async (request, reply) => {
      // `protocol` is https for TLS here, or for X-Forwarded-Proto from a proxy TRUST_PROXY names.
      if (request.protocol === 'https') void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    });
    if (access.corsOrigins.length > 0) await app.register(cors, { origin: access.corsOrigins, credentials: true });

    await app.register(rateLimit, {
      global: false,
      // Limits protect the service; when Redis is briefly away, ingest must still commit pings.
      skipOnError: true,
      ...(app.redis ? { redis: app.redis.publisher, nameSpace: 'dockwatch:rl:' } : {}),
    });

    const limiter = (name: string, max: number, key: (request: FastifyRequest) => string | null) => {
      const check = app.createRateLimit({ max, timeWindow: MINUTE_MS, keyGenerator: (request) => `${name}:${key(request) ?? 'none'}` });
      return async (request: FastifyRequest) => {
        if (key(request) === null) return;
        const result = await check(request);
        if (result.isAllowed || !result.isExceeded) return;
        throw new HttpError(429, 'rate_limited', `Too many requests; retry in ${result.ttlInSeconds} s`, { limit: result.max, scope: name }, {
          'retry-after': String(result.ttlInSeconds),
        });
      };
    };
    const perIp = (name: string, max: number) => limiter(name, max, (request) => request.ip);
    const ingestIp = perIp('ingest-ip', access.ingestPerIpPerMin);
    const tokensInBody = new WeakMap<FastifyRequest, string>();
    const ingestDevice = limiter('ingest-device', access.ingestPerDevicePerMin, (request) => {
      const token = tokensInBody.get(request) ?? bearerToken(request.headers.authorization);
      return token === null ? null : hashToken(token).slice(0, 32);
    });
    app.decorate('limits', {
      ingest: async (request: FastifyRequest) => {
        await ingestIp(request);
        await ingestDevice(request);
      },
      ingestAddress: ingestIp,
      ingestToken: async (request: FastifyRequest, token: string) => {
        tokensInBody.set(request, token);
        await ingestDevice(request);
      },
      login: perIp('login-ip', access.loginPerIpPerMin),
    });
  },
  { name: 'edge', dependencies: ['config', 'redis'] },
);
