import type { Shipment } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, PASSWORD } from './helpers/access';
import { realBackend } from './helpers/backends';
import { createWorld, fixAt, type World } from './helpers/fixtures';
import { connectSocket, nextSiteUpdate, subscribe, type ClientSocket } from './helpers/socket';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';
import { TcpProxy } from './helpers/tcp-proxy';

const real = realBackend();

describe.runIf(real)('outages of the real services', () => {
  describe('database down', () => {
    const proxy = new TcpProxy('127.0.0.1', 5432);
    let server: TestServer;
    let world: World;

    beforeAll(async () => {
      await proxy.start();
      server = await startServer({ ...real!, databaseUrl: proxy.url(real!.databaseUrl!) });
      world = await createWorld(server);
    });
    afterAll(async () => {
      await server?.close();
      await proxy.cut();
    });

    it('answers ingest with 503 instead of accepting pings it cannot store, and recovers', async () => {
      await proxy.cut();
      const down = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6) });
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.json().error.code).toBe('database_unavailable');
      const ready = await server.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().database.ok).toBe(false);

      await proxy.restore();
      const retried = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6) });
      expect(retried.statusCode).toBe(202);
      const shipment = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<Shipment>();
      expect(shipment.position?.lat).toBe(48.5);
    });
  });

  describe('Redis down', () => {
    const proxy = new TcpProxy('127.0.0.1', 6379);
    let server: TestServer;
    let socket: ClientSocket;

    beforeAll(async () => {
      await proxy.start();
      server = await startServer({ ...real!, redisUrl: proxy.url(real!.redisUrl!) });
      socket = await connectSocket(server.url, ADMIN_TOKEN);
    });
    afterAll(async () => {
      socket?.close();
      await proxy.cut();
      await server?.close();
    });

    it('still commits pings, and live delivery resumes when Redis returns', async () => {
      const world = await createWorld(server);
      expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });

      await proxy.cut();
      const during = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6, 20) });
      expect(during.statusCode).toBe(202);
      const stored = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<Shipment>();
      expect(stored).toMatchObject({ version: 2, position: { lat: 48.5 } });
      // Still in rotation: it stores pings and answers REST without the bus.
      const ready = await server.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'degraded', database: { ok: true }, bus: { ok: false } });

      await proxy.restore();
      // Wait until the bus is ready again (the subscriber reconnects on its own schedule).
      await expect.poll(async () => (await server.app.inject({ url: '/readyz' })).json().status, { timeout: 15_000, interval: 200 }).toBe('ready');
      const resumed = nextSiteUpdate(socket, (s) => s.id === world.shipment.id && s.version === 3, 15_000);
      const after = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.45, 11.6) });
      expect(after.statusCode).toBe(202);
      // Version 3 after a missed 2: the gap a client uses to reload its board.
      expect((await resumed).position?.lat).toBe(48.45);
    });

    it('refuses sign-in with 503 while the lockout counts are out of reach, and keeps open sessions working', async () => {
      const user = await createUser(server, 'planner');
      const session = await login(server, user.email);
      const signIn = () => server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } });

      await proxy.cut();
      const during = await signIn();
      expect(during.statusCode).toBe(503);
      expect(during.json()).toMatchObject({ error: { code: 'sign_in_unavailable' } });
      expect(during.headers['retry-after']).toBe('5');
      expect((await server.app.inject({ url: '/api/v1/auth/me', headers: session })).statusCode).toBe(200);

      await proxy.restore();
      await expect.poll(async () => (await signIn()).statusCode, { timeout: 15_000, interval: 200 }).toBe(200);
    });
  });
});
