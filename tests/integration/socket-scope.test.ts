import type { Site } from '@dockwatch/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends, realBackend } from './helpers/backends';
import { createWorld, type World } from './helpers/fixtures';
import { connectSocket, disconnected, subscribe, type ClientSocket } from './helpers/socket';
import { startServer, type TestServer } from './helpers/server';
import { TcpProxy } from './helpers/tcp-proxy';

async function secondSite(server: TestServer, world: World): Promise<Site> {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/sites', headers: server.staff, payload: { name: `Also ${world.site.name}`, lat: 48.35, lon: 11.85, timezone: 'Europe/Berlin', docks: ['D1'] } });
  return res.json<Site>();
}

/** A subscription the server refused, whether it answered the refusal or dropped the socket first. */
async function refused(socket: ClientSocket, siteId: string): Promise<unknown> {
  const gone = disconnected(socket);
  const answer = await subscribe(socket, { siteId }).catch((error: unknown) => ({ failed: String(error) }));
  await gone;
  return answer;
}

describe.each(backends())('a socket is held to its credentials as they are now [$name]', (backend) => {
  let server: TestServer;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    server = await startServer(backend, { env: { SOCKET_RECHECK_S: '3600' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  /** A clerk's binding changed in the database with no revocation on the bus: as when the bus lost it. */
  const rebindQuietly = (userId: string, siteIds: string[]) => server.app.db.execute(sql`update users set site_ids = ${JSON.stringify(siteIds)}::jsonb where id = ${userId}`);

  it('subscribe is decided on the current bindings, not the handshake\'s', async () => {
    const world = await createWorld(server);
    const other = await secondSite(server, world);
    const clerk = await signedInUser(server, 'clerk', { siteIds: [world.site.id] });
    const socket = await connectSocket(server.url, clerk.headers);
    sockets.push(socket);
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });

    await rebindQuietly(clerk.user.id, [other.id]);
    expect((await server.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: clerk.headers })).statusCode).toBe(404);
    expect(await refused(socket, world.site.id)).not.toEqual({ ok: true });
    expect(socket.connected).toBe(false);
    // Connecting again gives the new scope.
    const again = await connectSocket(server.url, clerk.headers);
    sockets.push(again);
    expect(await subscribe(again, { siteId: other.id })).toEqual({ ok: true });
    expect((await subscribe(again, { siteId: world.site.id })) as unknown).toMatchObject({ error: { code: 'not_found' } });
  });

  it('the periodic recheck drops a socket whose role or bindings changed, not only one whose credentials stopped resolving', async () => {
    const quick = await startServer(backend, { env: { SOCKET_RECHECK_S: '0.2' } });
    try {
      const world = await createWorld(quick);
      const other = await secondSite(quick, world);
      const clerk = await signedInUser(quick, 'clerk', { siteIds: [world.site.id] });
      const bystander = await signedInUser(quick, 'clerk', { siteIds: [world.site.id] });
      const socket = await connectSocket(quick.url, clerk.headers);
      const stays = await connectSocket(quick.url, bystander.headers);
      sockets.push(socket, stays);
      expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
      const gone = disconnected(socket);
      await quick.app.db.execute(sql`update users set site_ids = ${JSON.stringify([other.id])}::jsonb where id = ${clerk.user.id}`);
      expect(await gone).toBe('io server disconnect');
      expect(stays.connected).toBe(true);
    } finally {
      await quick.close();
    }
  });
});

const real = realBackend();

describe.runIf(real)('a clerk moved to another site while the bus is cut [two instances]', () => {
  const redisPort = Number(new URL(real?.redisUrl ?? 'redis://127.0.0.1:6379').port || 6379);
  const proxy = new TcpProxy('127.0.0.1', redisPort);
  let a: TestServer;
  let b: TestServer;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    await proxy.start();
    a = await startServer(real!);
    // B's Redis goes through the proxy, so its pub/sub can be cut while A's stays.
    b = await startServer({ ...real!, redisUrl: proxy.url(real!.redisUrl!) }, { env: { SOCKET_RECHECK_S: '3600' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    await proxy.cut();
  });

  it('REST refuses site 1, and so does the socket: the subscription is refused and the socket dropped', async () => {
    const world = await createWorld(a);
    const other = await secondSite(a, world);
    const clerk = await signedInUser(a, 'clerk', { siteIds: [world.site.id] });
    const socket = await connectSocket(b.url, clerk.headers);
    sockets.push(socket);
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });

    await proxy.cut();
    const moved = await a.app.inject({ method: 'PATCH', url: `/api/v1/users/${clerk.user.id}`, headers: a.staff, payload: { siteIds: [other.id] } });
    expect(moved.statusCode).toBe(200);
    expect((await b.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: clerk.headers })).statusCode).toBe(404);
    // The revocation went out on A's bus and never reached B: the socket is still up.
    expect(socket.connected).toBe(true);

    // The socket is refused and dropped, so nothing of site 1 reaches it once the bus is back.
    expect(await refused(socket, world.site.id)).not.toEqual({ ok: true });
    expect(socket.connected).toBe(false);
    await proxy.restore();
  });
});
