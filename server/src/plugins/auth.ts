import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { resolveAdminToken } from '../auth/admin-token';
import { bearerToken, hashToken, secretsEqual } from '../auth/tokens';
import { HttpError } from '../errors';
import type { DeviceRecord } from '../repositories/carriers';

export type Principal = { kind: 'admin' } | { kind: 'device'; device: DeviceRecord };
export type PrincipalKind = Principal['kind'];

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler that admits only the listed kinds of caller. */
    authenticate(kinds: readonly PrincipalKind[]): preHandlerAsyncHookHandler;
    /** Resolves a bearer token to who it belongs to, or null for unknown and revoked tokens. */
    resolvePrincipal(token: string): Promise<Principal | null>;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export default fp(
  async (app) => {
    const admin = await resolveAdminToken(app.config.adminToken, app.config.dataDir);
    if (admin.generated) {
      app.log.warn({ file: admin.file }, `generated admin token (printed once, kept in ${admin.file}): ${admin.token}`);
    }

    const resolvePrincipal = async (token: string): Promise<Principal | null> => {
      if (secretsEqual(token, admin.token)) return { kind: 'admin' };
      const device = await app.carrierRepository.findDeviceByTokenHash(hashToken(token));
      if (device === null || device.revokedAt !== null) return null;
      return { kind: 'device', device };
    };
    app.decorate('resolvePrincipal', resolvePrincipal);
    app.decorateRequest('principal', null);

    app.decorate('authenticate', (kinds: readonly PrincipalKind[]) => async (request: FastifyRequest, _reply: FastifyReply) => {
      const token = bearerToken(request.headers.authorization);
      if (token === null) {
        throw new HttpError(401, 'unauthorized', 'Missing credentials: send Authorization: Bearer <token>', undefined, {
          'www-authenticate': 'Bearer',
        });
      }
      const principal = await resolvePrincipal(token);
      if (principal === null) {
        throw new HttpError(401, 'unauthorized', 'Unknown or revoked token', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      if (!kinds.includes(principal.kind)) {
        throw new HttpError(403, 'forbidden', `This endpoint is not open to ${principal.kind} tokens`);
      }
      request.principal = principal;
    });
  },
  { name: 'auth', dependencies: ['config', 'repositories'] },
);
