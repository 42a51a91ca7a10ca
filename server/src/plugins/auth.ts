import cookie from '@fastify/cookie';
import type { Site } from '@dockwatch/shared';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AccessDenied } from '../access/denied';
import { bootstrapPrincipal, SESSION_COOKIE, tokenPrincipal, userPrincipal } from '../access/identity';
import { actorOf, decide, type Action, type Principal, type Resource, type RouteAccess, type StaffPrincipal } from '../access/policy';
import { resolveAdminToken } from '../auth/admin-token';
import { DeviceTokenCache, deviceIdentity } from '../auth/device-token-cache';
import { bearerToken, hashToken, secretsEqual } from '../auth/tokens';
import { HttpError, notFound } from '../errors';
import type { NewAuditEntry } from '../repositories/audit';

/** Credentials as they arrive over HTTP or in a Socket.IO handshake. */
export interface Credentials {
  bearer: string | null;
  sessionCookie: string | null;
}

/** A route under /api/v1 and the action it is guarded by. */
export interface GuardedRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The policy action this route performs, or `public`. Every /api/v1 route must declare one. */
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /**
     * Resolves credentials to who they belong to, or null for unknown, revoked or expired ones.
     * `cacheDevice` lets a device token come from the token cache: only for ingest, whose commit
     * checks the device row again.
     */
    resolvePrincipal(credentials: Credentials, options?: { cacheDevice?: boolean }): Promise<Principal | null>;
    /** Devices by token hash that ingest trusts for `DEVICE_TOKEN_CACHE_S`. */
    deviceTokens: DeviceTokenCache;
    /** Drops a device's cached tokens here and, through the bus, on every instance; call after its token was rotated or it was revoked. */
    invalidateDevice(deviceId: string): void;
    /** Throws (and audits) unless the request's caller may perform the action on the resource. */
    authorize(request: FastifyRequest, action: Action, resource?: Resource, what?: string): void;
    /** The site when it exists and the caller may perform the action on it; one 404 for both otherwise. */
    scopedSite(request: FastifyRequest, action: Action, id: string): Promise<Site>;
    /** Appends to the audit log for the request's caller; never fails the request. */
    audit(request: FastifyRequest, entry: Omit<NewAuditEntry, 'actor' | 'ip' | 'outcome'> & { outcome?: 'allowed' | 'denied' }): Promise<void>;
    /** Every /api/v1 route with its action, for the authorization matrix. */
    guardedRoutes: GuardedRoute[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** How long ended and expired sessions stay before they are deleted. */
const SESSION_RETENTION_MS = 24 * 3_600_000;
const SESSION_PURGE_EVERY_MS = 3_600_000;

/** The caller of a route that only staff (people and API tokens) reach. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  const p = request.principal;
  if (p === null || p.kind === 'device') throw new HttpError(403, 'forbidden', 'Not open to device tokens');
  return p;
}

/**
 * Who is calling, and whether the policy lets them. Every route under /api/v1 declares its
 * action in `config.access`; one preHandler authenticates and asks the policy, so no route
 * can forget to.
 */
export default fp(
  async (app) => {
    await app.register(cookie);
    const bootstrap = app.config.access.bootstrapToken ? await resolveAdminToken(app.config.adminToken, app.config.dataDir) : null;
    if (bootstrap?.generated) {
      app.log.warn({ file: bootstrap.file }, `generated admin token (printed once, kept in ${bootstrap.file}): ${bootstrap.token}`);
    }

    const deviceTokens = new DeviceTokenCache({ ttlMs: app.config.deviceTokenCacheMs, now: app.clock });
    const dropDevice = /^device:(.+)$/;
    app.bus.subscribe((events) => {
      for (const event of events) {
        const match = event.type === 'access:revoked' ? dropDevice.exec(event.identity) : null;
        if (match) deviceTokens.invalidateDevice(match[1]!);
      }
    });
    // Invalidations may have been lost while the bus was away: start afresh.
    app.bus.onStalled(() => deviceTokens.clear());
    app.bus.onInterrupted(() => deviceTokens.clear());
    app.decorate('deviceTokens', deviceTokens);
    app.decorate('invalidateDevice', (deviceId: string) => {
      deviceTokens.invalidateDevice(deviceId);
      app.publishCommitted([{ type: 'access:revoked', identity: deviceIdentity(deviceId) }]);
    });

    const findDevice = async (hash: string, cacheDevice: boolean) => {
      // Only while this instance hears the bus: otherwise a rotate elsewhere would go unnoticed.
      const useCache = cacheDevice && app.bus.receiving;
      const cached = useCache ? deviceTokens.get(hash) : undefined;
      if (cached) return cached;
      const device = await app.carrierRepository.findDeviceByTokenHash(hash);
      if (useCache && device !== null) deviceTokens.set(hash, device);
      return device;
    };

    const resolvePrincipal = async ({ bearer, sessionCookie }: Credentials, { cacheDevice = false } = {}): Promise<Principal | null> => {
      const now = new Date();
      if (bearer !== null) {
        if (bootstrap && secretsEqual(bearer, bootstrap.token)) return bootstrapPrincipal();
        const hash = hashToken(bearer);
        if (bearer.startsWith('dwt_')) {
          const token = await app.apiTokenRepository.findUsable(hash, now);
          return token ? tokenPrincipal(token) : null;
        }
        const device = await findDevice(hash, cacheDevice);
        return device === null || device.revokedAt !== null ? null : { kind: 'device', device };
      }
      if (sessionCookie !== null) {
        const found = await app.userRepository.findSession(hashToken(sessionCookie), now);
        return found ? userPrincipal(found.user, found.sessionId) : null;
      }
      return null;
    };
    app.decorate('resolvePrincipal', resolvePrincipal);
    app.decorateRequest('principal', null);

    const audit = async (request: FastifyRequest, entry: Omit<NewAuditEntry, 'actor' | 'ip' | 'outcome'> & { outcome?: 'allowed' | 'denied' }) => {
      try {
        await app.auditRepository.record({ outcome: 'allowed', ...entry, actor: actorOf(request.principal), ip: request.ip }, new Date());
      } catch (err) {
        request.log.error({ err }, 'audit write failed');
      }
    };
    app.decorate('audit', audit);

    app.decorate('authorize', (request: FastifyRequest, action: Action, resource?: Resource, what?: string) => {
      const principal = request.principal;
      if (principal === null) throw new HttpError(401, 'unauthorized', 'Sign in first');
      const decision = decide(principal, action, resource);
      if (decision !== 'allow') throw new AccessDenied(action, decision, resource, what);
    });

    app.decorate('scopedSite', async (request: FastifyRequest, action: Action, id: string) => {
      const site = await app.siteRepository.get(id);
      if (!site) throw notFound('Site', id);
      app.authorize(request, action, { type: 'site', id: site.id }, 'Site');
      return site;
    });

    const guarded: GuardedRoute[] = [];
    app.decorate('guardedRoutes', guarded);
    app.addHook('onRoute', (route) => {
      if (!route.url?.startsWith('/api/v1/')) return;
      const access = route.config?.access;
      if (access === undefined) throw new Error(`${String(route.method)} ${route.url} declares no access action`);
      for (const method of [route.method].flat()) if (method !== 'HEAD') guarded.push({ method, url: route.url, access });
    });

    // After the routes' own onRequest hooks (rate limits count refused callers too) and before the
    // body is read: an anonymous caller gets its 401 without the server reading what it sent.
    app.addHook('preParsing', async (request, _reply, payload) => {
      const access = request.routeOptions.config.access;
      if (access === undefined || access === 'public') return payload;
      const credentials = {
        bearer: bearerToken(request.headers.authorization),
        sessionCookie: request.cookies[SESSION_COOKIE] ?? null,
      };
      if (credentials.bearer === null && credentials.sessionCookie === null) {
        throw new HttpError(401, 'unauthorized', 'Missing credentials: sign in, or send Authorization: Bearer <token>', undefined, {
          'www-authenticate': 'Bearer',
        });
      }
      const principal = await resolvePrincipal(credentials, { cacheDevice: access === 'ping:ingest' });
      if (principal === null) {
        throw new HttpError(401, 'unauthorized', 'Unknown, expired or revoked credentials', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      request.principal = principal;
      app.authorize(request, access);
      return payload;
    });

    // Ended and expired sessions are kept a day (a sign-in's trail is in the audit log anyway),
    // then deleted, so the table holds what can still sign someone in and little else.
    const purge = async () => {
      const purged = await app.userRepository.purgeEndedSessions(new Date(Date.now() - SESSION_RETENTION_MS));
      if (purged > 0) app.log.info({ purged }, 'purged ended sessions');
    };
    let purgeTimer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      purgeTimer = setInterval(() => void purge().catch((err: unknown) => app.log.warn({ err }, 'session purge failed')), SESSION_PURGE_EVERY_MS);
      purgeTimer.unref();
    });
    app.addHook('onClose', async () => {
      if (purgeTimer) clearInterval(purgeTimer);
    });

    app.addHook('onError', async (request, _reply, error) => {
      if (!(error instanceof AccessDenied)) return;
      await audit(request, {
        action: error.action,
        resourceType: error.resource?.type ?? null,
        resourceId: error.resource?.id ?? null,
        outcome: 'denied',
        details: { method: request.method, url: request.url.split('?')[0], status: error.statusCode },
      });
    });
  },
  { name: 'auth', dependencies: ['config', 'bus', 'repositories'] },
);
