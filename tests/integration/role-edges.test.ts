import type { Shipment, TrackingLinkCreated } from '@dockwatch/shared';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createWorld, fixAt } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

describe.each(backends())('what each role may do, at the edges [$name]', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server?.close();
  });

  const getShipment = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();

  it("a device token records the driver's steps over REST, as on the driver API, and not the plant's", async () => {
    const world = await createWorld(server);
    const step = (type: string, headers: Record<string, string>) => server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers, payload: { type } });
    expect((await step('arrived', world.deviceAuth)).statusCode).toBe(201);
    const before = await getShipment(world.shipment.id);
    for (const type of ['at_dock', 'unloading', 'received', 'exception', 'cancelled']) {
      const res = await step(type, world.deviceAuth);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect(await getShipment(world.shipment.id)).toEqual(before);
    // Refused like every refusal: in the audit log.
    const audit = await server.app.inject({ url: `/api/v1/audit?actor=device:${world.device.id}&action=shipment:event&outcome=denied`, headers: server.staff });
    expect(audit.json<{ entries: unknown[] }>().entries).toHaveLength(5);
    // The plant records them.
    expect((await step('at_dock', server.staff)).statusCode).toBe(201);
  });

  it('exports partner text a spreadsheet would run as a formula with a leading quote', async () => {
    const world = await createWorld(server);
    await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff, payload: { type: 'delayed', note: '=HYPERLINK("http://evil.example","Click")' } });
    await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff, payload: { type: 'in_transit', note: '@SUM(1+1)' } });
    const csv = (await server.app.inject({ url: `/api/v1/sites/${world.site.id}/status-events?format=csv`, headers: server.staff })).body;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(csv).toContain(`'@SUM(1+1)`);
    expect(csv).not.toMatch(/(^|,)[=+@-]/m);
  });

  it('revoking a link the caller may not revoke answers exactly as a link that does not exist', async () => {
    const world = await createWorld(server);
    const truckLink = (await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}/links`, headers: server.staff, payload: {} })).json<TrackingLinkCreated>();
    const clerk = await signedInUser(server, 'clerk', { siteIds: [world.site.id] });
    const existing = await server.app.inject({ method: 'DELETE', url: `/api/v1/links/${truckLink.id}`, headers: clerk.headers });
    const unknownId = randomUUID();
    const missing = await server.app.inject({ method: 'DELETE', url: `/api/v1/links/${unknownId}`, headers: clerk.headers });
    expect(existing.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(existing.body.replace(truckLink.id, '<id>')).toBe(missing.body.replace(unknownId, '<id>'));
    // Still working: nothing was revoked.
    expect((await server.app.inject({ url: '/api/v1/driver', headers: { authorization: `Bearer ${truckLink.token}` } })).statusCode).toBe(200);
  });

  it("a supplier does not get a load's GPS track; the carrier and the plant do", async () => {
    const world = await createWorld(server);
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6, 30) });
    const supplier = await signedInUser(server, 'supplier', { supplier: world.shipment.supplier });
    const carrier = await signedInUser(server, 'carrier', { carrierId: world.carrier.id });
    const track = (headers: Record<string, string>) => server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers });
    expect((await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: supplier.headers })).statusCode).toBe(200);
    const refused = await track(supplier.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('11.6');
    expect((await track(carrier.headers)).statusCode).toBe(200);
    expect((await track(server.staff)).statusCode).toBe(200);
  });

  it('refuses a cookie-authenticated socket handshake from another origin', async () => {
    const { headers } = await signedInUser(server, 'viewer');
    const handshake = (origin?: string) =>
      new Promise<string>((resolve) => {
        const socket = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: headers.cookie, ...(origin ? { origin } : {}) } });
        socket.once('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.once('connect_error', (error) => {
          socket.close();
          resolve(error.message);
        });
      });
    expect(await handshake('https://evil.example')).toMatch(/^unauthorized/);
    expect(await handshake(server.url)).toBe('connected');
    expect(await handshake()).toBe('connected');
  });

  it('does not let a forged Host header pick where a driver link points', async () => {
    const world = await createWorld(server);
    const create = (host: string) => server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/links`, headers: { ...server.staff, host }, payload: {} });
    const forged = (await create('evil.example')).json<TrackingLinkCreated>();
    expect(forged.url).not.toContain('evil.example');
    expect(forged.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/driver#t=/);
    expect((await create('localhost:3000')).json<TrackingLinkCreated>().url).toMatch(/^http:\/\/localhost:3000\/driver#t=/);
  });

  it('sends HSTS only over HTTPS', async () => {
    expect((await server.app.inject({ url: '/healthz' })).headers['strict-transport-security']).toBeUndefined();
    const behindProxy = await startServer(backend, { env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const res = await behindProxy.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    } finally {
      await behindProxy.close();
    }
  });
});
