import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, expireToken, login, PASSWORD, signedInUser } from './helpers/access';
import { realBackend, embedded, type Backend } from './helpers/backends';
import { createWorld, type World } from './helpers/fixtures';
import { connectSocket, disconnected, subscribe, type ClientSocket } from './helpers/socket';
import { startServer, type TestServer } from './helpers/server';

/**
 * One instance on the embedded backend; two instances on one database and one Redis when the
 * real services run: the revocation is made on A and must reach sockets on A and B.
 */
const setups: { name: string; backend: Backend; instances: 1 | 2 }[] = [{ name: 'embedded, one instance', backend: embedded, instances: 1 }];
const real = realBackend();
if (real) setups.push({ name: 'postgres+redis, two instances', backend: real, instances: 2 });

describe.each(setups)('revocation [$name]', ({ backend, instances }) => {
  let a: TestServer;
  let b: TestServer;
  let world: World;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // The periodic recheck stays at its 60 s default: what drops the sockets here is the bus.
    a = await startServer(backend);
    b = instances === 2 ? await startServer(backend) : a;
    world = await createWorld(a);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    if (b !== a) await b?.close();
  });

  const onBoth = async (credentials: Parameters<typeof connectSocket>[1]) => {
    const both = [await connectSocket(a.url, credentials), await connectSocket(b.url, credentials)];
    sockets.push(...both);
    for (const s of both) expect(await subscribe(s, { siteId: world.site.id })).toEqual({ ok: true });
    return both;
  };
  const board = (target: TestServer, headers: Record<string, string>) => target.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers });

  it('a revoked API token loses REST and its live connections on every instance at once', async () => {
    const token = await createToken(a, { role: 'viewer', siteIds: [world.site.id] });
    const [onA, onB] = await onBoth(token.token);
    const dropped = [disconnected(onA!), disconnected(onB!)];

    expect((await a.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: a.staff })).statusCode).toBe(200);
    expect(await Promise.all(dropped)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await board(a, token.headers)).statusCode).toBe(401);
    expect((await board(b, token.headers)).statusCode).toBe(401);
    await expect(connectSocket(b.url, token.token)).rejects.toThrow(/unauthorized/);
  });

  it('a disabled user loses REST and its live connections on every instance at once', async () => {
    const { user, headers } = await signedInUser(a, 'clerk', { siteIds: [world.site.id] });
    const [onA, onB] = await onBoth(headers);
    // Someone else's connection stays up.
    const bystander = await signedInUser(a, 'viewer');
    const [stayA, stayB] = await onBoth(bystander.headers);
    const dropped = [disconnected(onA!), disconnected(onB!)];

    expect((await a.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: a.staff, payload: { disabled: true } })).statusCode).toBe(200);
    await Promise.all(dropped);
    expect((await board(b, headers)).statusCode).toBe(401);
    await expect(connectSocket(b.url, headers)).rejects.toThrow(/unauthorized/);
    expect([stayA!.connected, stayB!.connected]).toEqual([true, true]);
    expect(await subscribe(stayB!, { siteId: world.site.id })).toEqual({ ok: true });
  });

  it('a password change closes the account\'s other sessions\' connections, not this one\'s', async () => {
    const { user, headers } = await signedInUser(a, 'viewer');
    const other = await login(a, user.email);
    const [keepA] = await onBoth(headers);
    const [otherA, otherB] = await onBoth(other);
    const dropped = [disconnected(otherA!), disconnected(otherB!)];
    const res = await b.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword: PASSWORD, newPassword: 'another long passphrase' } });
    expect(res.statusCode).toBe(204);
    await Promise.all(dropped);
    expect(keepA!.connected).toBe(true);
    expect(await subscribe(keepA!, { siteId: world.site.id })).toEqual({ ok: true });
  });

  it('signing out closes that session\'s connections', async () => {
    const { headers } = await signedInUser(a, 'planner');
    const [onA, onB] = await onBoth(headers);
    const dropped = [disconnected(onA!), disconnected(onB!)];
    expect((await b.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    await Promise.all(dropped);
  });
});

describe.each(setups)('credential recheck of open sockets [$name]', ({ backend }) => {
  it('drops a live connection once its token expires', async () => {
    // Checked every half second here (60 s by default).
    const server = await startServer(backend, { env: { SOCKET_RECHECK_S: '0.5' } });
    try {
      const world = await createWorld(server);
      const token = await createToken(server, { role: 'viewer', siteIds: [world.site.id], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      const socket = await connectSocket(server.url, token.token);
      expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
      await expireToken(server, token.id);
      expect(await disconnected(socket)).toBe('io server disconnect');
      socket.close();
    } finally {
      await server.close();
    }
  });
});
