import type { ApiToken, AuditEntry, Me, User } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, createUser, expireToken, login, PASSWORD, signedInUser, uniqueEmail } from './helpers/access';
import { backends } from './helpers/backends';
import { createWorld } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

describe.each(backends())('users, sessions and API tokens [$name]', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server?.close();
  });

  const me = (headers: Record<string, string>) => server.app.inject({ url: '/api/v1/auth/me', headers });

  it('signs in with a secure, httpOnly, SameSite cookie, knows who you are, and signs out', async () => {
    const user = await createUser(server, 'planner');
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email.toUpperCase(), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'dw_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(res.json<Me>()).toMatchObject({ kind: 'user', id: user.id, name: user.email, role: 'planner' });
    const headers = { cookie: `dw_session=${cookie.value}` };
    expect((await me(headers)).json<Me>().id).toBe(user.id);

    const out = await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'dw_session')?.value).toBe('');
    expect((await me(headers)).statusCode).toBe(401);
  });

  it('purges sessions that ended or expired before a given time, and keeps live ones', async () => {
    const ended = await signedInUser(server, 'planner');
    const live = await signedInUser(server, 'planner');
    await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: ended.headers });
    // The hourly purge passes "a day ago"; a minute ahead catches the logout just made.
    expect(await server.app.userRepository.purgeEndedSessions(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
    expect((await me(live.headers)).statusCode).toBe(200);
  });

  it('answers 401 with one message for a wrong password and an unknown email, and never stores the password', async () => {
    const user = await createUser(server, 'viewer');
    const wrong = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'not the password' } });
    const unknown = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: uniqueEmail('nobody'), password: PASSWORD } });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toEqual([]);
    const listed = (await server.app.inject({ url: '/api/v1/users', headers: server.staff })).body;
    expect(listed).not.toContain(PASSWORD);
    expect(listed).not.toContain('argon2');
  });

  it('changes a password: the old one stops working, this session stays, other sessions end', async () => {
    const { user, headers } = await signedInUser(server, 'clerk', { siteIds: [(await createWorld(server)).site.id] });
    const other = await login(server, user.email);
    const wrong = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword: 'wrong password', newPassword: 'a brand new password' } });
    expect(wrong.statusCode).toBe(403);
    const ok = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword: PASSWORD, newPassword: 'a brand new password' } });
    expect(ok.statusCode).toBe(204);
    expect((await me(headers)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } })).statusCode).toBe(401);
    await login(server, user.email, 'a brand new password');
  });

  it('refuses bindings that do not fit the role, and a taken email', async () => {
    const post = (payload: object) => server.app.inject({ method: 'POST', url: '/api/v1/users', headers: server.staff, payload: { email: uniqueEmail('x'), password: PASSWORD, ...payload } });
    expect((await post({ role: 'carrier' })).json().error.code).toBe('invalid_binding');
    expect((await post({ role: 'supplier' })).json().error.code).toBe('invalid_binding');
    expect((await post({ role: 'clerk' })).json().error.code).toBe('invalid_binding');
    expect((await post({ role: 'carrier', carrierId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await post({ role: 'viewer', password: 'short' })).statusCode).toBe(400);
    const user = await createUser(server, 'viewer');
    const again = await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: server.staff, payload: { email: user.email, password: PASSWORD, role: 'viewer' } });
    expect(again.statusCode).toBe(409);
  });

  it('an admin disables and re-enables a user; sessions end and sign-in is refused meanwhile', async () => {
    const { user, headers } = await signedInUser(server, 'viewer');
    const disabled = await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: server.staff, payload: { disabled: true } });
    expect(disabled.json<User>().disabled).toBe(true);
    expect((await me(headers)).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } })).statusCode).toBe(401);
    await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: server.staff, payload: { disabled: false } });
    await login(server, user.email);
    const audit = (await server.app.inject({ url: `/api/v1/audit?resourceId=${user.id}`, headers: server.staff })).json<{ entries: AuditEntry[] }>().entries;
    expect(audit.map((e) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['user:create:allowed', 'user:disable:allowed', 'auth:login:denied', 'auth:login:allowed']));
  });

  it('refuses an admin disabling or demoting their own account, and lets them manage other admins', async () => {
    const { user, headers } = await signedInUser(server, 'admin');
    const patch = (id: string, payload: object) => server.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers, payload });
    for (const payload of [{ disabled: true }, { role: 'planner' }]) {
      const refused = await patch(user.id, payload);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ error: { code: 'self_protected' } });
    }
    expect((await me(headers)).json<Me>().role).toBe('admin');
    const other = await createUser(server, 'admin');
    expect((await patch(other.id, { disabled: true })).json<User>().disabled).toBe(true);
  });

  it('issues named, hashed, expiring API tokens that show when they were last used and can be revoked', async () => {
    const world = await createWorld(server);
    const token = await createToken(server, { name: 'Dock 3 wall screen', role: 'viewer', siteIds: [world.site.id] });
    expect(token.token).toMatch(/^dwt_/);
    expect((await me(token.headers)).json<Me>()).toMatchObject({ kind: 'token', id: token.id, name: 'Dock 3 wall screen', role: 'viewer', siteIds: [world.site.id] });
    expect((await server.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: token.headers })).statusCode).toBe(200);
    const listed = (await server.app.inject({ url: '/api/v1/tokens', headers: server.staff })).json<{ tokens: ApiToken[] }>().tokens.find((t) => t.id === token.id)!;
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token.token);

    const revoked = await server.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: server.staff });
    expect(revoked.json<ApiToken>().revokedAt).not.toBeNull();
    expect((await me(token.headers)).statusCode).toBe(401);

    const past = await server.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: server.staff, payload: { name: 'old', role: 'viewer', expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(past.statusCode).toBe(400);
  });

  it('refuses a token once it has expired', async () => {
    const token = await createToken(server, { role: 'viewer', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await me(token.headers)).statusCode).toBe(200);
    await expireToken(server, token.id);
    expect((await me(token.headers)).statusCode).toBe(401);
  });

  it('records a clerk\'s status events in the audit log', async () => {
    const world = await createWorld(server);
    const { user, headers } = await signedInUser(server, 'clerk', { siteIds: [world.site.id] });
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers, payload: { type: 'arrived' } });
    expect(res.statusCode).toBe(201);
    const entries = (await server.app.inject({ url: `/api/v1/audit?actor=user:${user.id}&action=shipment:event`, headers: server.staff })).json<{ entries: AuditEntry[] }>().entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ resourceId: world.shipment.id, outcome: 'allowed', details: { type: 'arrived' } });
  });
});

describe('the bootstrap admin token turned off', () => {
  it('is refused once BOOTSTRAP_TOKEN=false', async () => {
    const server = await startServer(backends()[0]!, { env: { BOOTSTRAP_TOKEN: 'false' } });
    try {
      expect((await server.app.inject({ url: '/api/v1/sites', headers: server.staff })).statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });
});
