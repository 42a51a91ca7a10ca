import { LoginBody, Me, PasswordChange } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE, userPrincipal } from '../access/identity';
import { memoryLockout, redisLockout } from '../access/login-lockout';
import type { StaffPrincipal } from '../access/policy';
import { decoyHash, hashPassword, passwordMatches } from '../auth/passwords';
import { generateToken, hashToken } from '../auth/tokens';
import { HttpError } from '../errors';
import { staffOf } from '../plugins/auth';
import { errors } from './schemas';

const tags = ['auth'];

export const toMe = (p: StaffPrincipal): Me => ({
  kind: p.kind,
  id: p.id,
  name: p.name,
  role: p.role,
  carrierId: p.carrierId,
  supplier: p.supplier,
  siteIds: p.siteIds,
});

const auth: FastifyPluginAsyncTypebox = async (app) => {
  const rules = { attempts: app.config.access.lockoutAttempts, windowMs: app.config.access.lockoutMs };
  const shared = app.redis ? redisLockout(app.redis.publisher, rules) : memoryLockout(rules);
  /**
   * The lockout counts live in Redis when it is configured. If they cannot be reached, sign-in
   * is refused with 503 rather than waved through: a password guesser would otherwise get
   * unlimited tries for as long as Redis is away. Sessions already open keep working.
   */
  const counted = async <T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      request.log.error({ err }, 'login lockout store unavailable');
      throw new HttpError(503, 'sign_in_unavailable', 'Sign-in is unavailable for a moment; try again shortly', undefined, { 'retry-after': '5' });
    }
  };
  const cookieOptions = { path: '/', httpOnly: true, secure: app.config.access.cookieSecure, sameSite: 'strict' as const };
  const locked = (ms: number) => {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return new HttpError(429, 'login_locked', `Too many failed sign-ins for this account; try again in ${seconds} s`, undefined, { 'retry-after': String(seconds) });
  };

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      onRequest: app.limits.login,
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description: `Sets the httpOnly session cookie. 401 on bad credentials; 429 after ${rules.attempts} failures for one account (locked for the lockout window) or too many attempts from one address; 503 while the shared lockout counts (Redis) cannot be reached.`,
        body: LoginBody,
        response: { 200: Me, ...errors(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const wait = await counted(request, () => shared.lockedFor(email));
      if (wait > 0) {
        await app.audit(request, { action: 'auth:login', resourceType: 'user', resourceId: email, outcome: 'denied', details: { reason: 'locked' } });
        throw locked(wait);
      }
      const user = await app.userRepository.findByEmail(email);
      const matches = await passwordMatches(user?.passwordHash ?? (await decoyHash()), request.body.password);
      if (!user || !matches || user.disabledAt !== null) {
        const lockedFor = await counted(request, () => shared.fail(email));
        await app.audit(request, { action: 'auth:login', resourceType: 'user', resourceId: user?.id ?? email, outcome: 'denied', details: { reason: 'bad_credentials' } });
        if (lockedFor > 0) throw locked(lockedFor);
        throw new HttpError(401, 'invalid_credentials', 'Email or password is wrong');
      }
      await counted(request, () => shared.clear(email));
      const token = generateToken('dws');
      const sessionId = await app.userRepository.createSession(user.id, hashToken(token), new Date(Date.now() + app.config.access.sessionTtlMs));
      const principal = userPrincipal(user, sessionId);
      request.principal = principal;
      await app.audit(request, { action: 'auth:login', resourceType: 'user', resourceId: user.id });
      void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: Math.floor(app.config.access.sessionTtlMs / 1000) });
      return toMe(principal);
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'public' }, schema: { tags, summary: 'End the browser session', description: 'Clears the cookie; its live connections close.', response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const found = await app.userRepository.findSession(hashToken(cookie), new Date());
        if (found) {
          await app.userRepository.revokeSession(found.sessionId, new Date());
          app.publishCommitted([{ type: 'access:revoked', identity: `session:${found.sessionId}` }]);
        }
      }
      return reply.clearCookie(SESSION_COOKIE, cookieOptions).code(204).send();
    },
  );

  app.get(
    '/auth/me',
    { config: { access: 'self' }, schema: { tags, summary: 'Who the caller is', response: { 200: Me, ...errors(401) } } },
    async (request) => toMe(staffOf(request)),
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'password:change' },
      schema: {
        tags,
        summary: 'Change your password',
        description: 'Other sessions of the account end; this one stays signed in.',
        body: PasswordChange,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const caller = staffOf(request);
      const user = await app.userRepository.get(caller.id!);
      if (!user || !(await passwordMatches(user.passwordHash, request.body.currentPassword))) {
        await app.audit(request, { action: 'auth:password', resourceType: 'user', resourceId: caller.id, outcome: 'denied' });
        throw new HttpError(403, 'invalid_credentials', 'The current password is wrong');
      }
      const now = new Date();
      await app.userRepository.update(user.id, { passwordHash: await hashPassword(request.body.newPassword) }, now);
      const ended = await app.userRepository.revokeSessionsOf(user.id, now, caller.sessionId);
      app.publishCommitted(ended.map((id) => ({ type: 'access:revoked' as const, identity: `session:${id}` })));
      await app.audit(request, { action: 'auth:password', resourceType: 'user', resourceId: user.id });
      return reply.code(204).send();
    },
  );
};

export default auth;
