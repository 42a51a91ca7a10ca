import type { DriverView, Shipment, TrackingLinkCreated } from '@dockwatch/shared';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osmand, withToken } from '../fixtures/device-requests';
import { backends } from './helpers/backends';
import { createShipment, createWorld, fixAt } from './helpers/fixtures';
import { sendRaw } from './helpers/raw';
import { connectSocket, nextSiteUpdate, subscribe, type ClientSocket } from './helpers/socket';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

describe.each(backends())('driver links [$name]', (backend) => {
  let server: TestServer;
  let socket: ClientSocket;
  beforeAll(async () => {
    server = await startServer(backend, { env: { PUBLIC_URL: 'https://dock.example.com' } });
    socket = await connectSocket(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    socket?.close();
    await server?.close();
  });

  const createLink = async (shipmentId: string, body: object = {}) => {
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${shipmentId}/links`, headers: server.staff, payload: body });
    expect(res.statusCode).toBe(201);
    return res.json<TrackingLinkCreated>();
  };
  const asDriver = (link: { token: string }) => ({ authorization: `Bearer ${link.token}` });

  it('gives a shipment without a device one, and a link as URL and QR code', async () => {
    const world = await createWorld(server);
    const bare = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id });
    const before = Date.now();
    const link = await createLink(bare.id, { expiresInHours: 12 });
    const after = Date.now();
    expect(link.url).toBe(`https://dock.example.com/driver#t=${link.token}`);
    expect(link.qrSvg).toMatch(/^<svg[^>]*>/);
    // Twelve hours from when the server made it, which was between `before` and `after`.
    expect(Date.parse(link.expiresAt)).toBeGreaterThanOrEqual(before + 12 * 3_600_000);
    expect(Date.parse(link.expiresAt)).toBeLessThanOrEqual(after + 12 * 3_600_000);
    const shipment = (await server.app.inject({ url: `/api/v1/shipments/${bare.id}`, headers: server.staff })).json<Shipment>();
    expect(shipment.deviceId).toBe(link.deviceId);

    const view = await server.app.inject({ url: '/api/v1/driver', headers: asDriver(link) });
    expect(view.statusCode).toBe(200);
    const body = view.json<DriverView>();
    expect(body.shipments.map((s) => s.shipment.id)).toEqual([bare.id]);
    expect(body.shipments[0]!.site).toMatchObject({ name: world.site.name, timezone: 'Europe/Berlin' });
    expect(body.setup).toEqual({
      serverUrl: 'https://dock.example.com',
      token: link.token,
      osmandUrl: 'https://dock.example.com/osmand',
      owntracksUrl: 'https://dock.example.com/owntracks',
      overlandUrl: 'https://dock.example.com/overland',
    });
  });

  it("takes the phone's positions and lifecycle steps, and the board sees them", async () => {
    const world = await createWorld(server);
    const link = await createLink(world.shipment.id);
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
    const moved = nextSiteUpdate(socket, (s) => s.id === world.shipment.id && s.position !== null);
    const pings = { pings: [fixAt(48.5, 11.6, 60, { accuracy: 12 }), fixAt(48.49, 11.6, 30, { accuracy: 12 })] };
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/driver/pings', headers: asDriver(link), payload: pings });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: 0 });
    expect((await moved).position).toMatchObject({ lat: 48.49 });
    // The offline queue resending the same fixes stores nothing twice.
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/driver/pings', headers: asDriver(link), payload: pings })).json()).toEqual({ accepted: 0, duplicates: 2, rejected: 0 });

    const delayed = await server.app.inject({ method: 'POST', url: `/api/v1/driver/shipments/${world.shipment.id}/events`, headers: asDriver(link), payload: { type: 'delayed', note: 'Stau A9' } });
    expect(delayed.statusCode).toBe(201);
    expect(delayed.json().event).toMatchObject({ type: 'delayed', note: 'Stau A9', source: 'device' });
    const other = await createWorld(server);
    const foreign = await server.app.inject({ method: 'POST', url: `/api/v1/driver/shipments/${other.shipment.id}/events`, headers: asDriver(link), payload: { type: 'arrived' } });
    expect(foreign.statusCode).toBe(404);

    // The link's token also works in the tracker apps, as the settings page says.
    expect((await sendRaw(server, withToken(osmand.deviceidNoTimestamp, link.token))).statusCode).toBe(200);
  });

  it("a device's link shows every load the device carries, and not once the device is revoked", async () => {
    const world = await createWorld(server);
    const second = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: world.device.id });
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}/links`, headers: server.staff, payload: {} });
    expect(res.statusCode).toBe(201);
    const link = res.json<TrackingLinkCreated>();
    expect(link).toMatchObject({ deviceId: world.device.id, shipmentId: null });
    const view = (await server.app.inject({ url: '/api/v1/driver', headers: asDriver(link) })).json<DriverView>();
    expect(view.shipments.map((s) => s.shipment.id).sort()).toEqual([world.shipment.id, second.id].sort());
    await server.app.inject({ method: 'DELETE', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}`, headers: server.staff });
    expect((await server.app.inject({ url: '/api/v1/driver', headers: asDriver(link) })).statusCode).toBe(401);
  });

  it('stops working at once when revoked, and after it expires', async () => {
    const world = await createWorld(server);
    const link = await createLink(world.shipment.id);
    expect((await server.app.inject({ url: '/api/v1/driver', headers: asDriver(link) })).statusCode).toBe(200);
    const revoke = await server.app.inject({ method: 'DELETE', url: `/api/v1/links/${link.id}`, headers: server.staff });
    expect(revoke.json()).toMatchObject({ id: link.id, revokedAt: expect.any(String) });
    const after = await server.app.inject({ url: '/api/v1/driver', headers: asDriver(link) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('link_invalid');
    expect((await sendRaw(server, withToken(osmand.deviceidNoTimestamp, link.token))).statusCode).toBe(401);

    const list = await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/links`, headers: server.staff });
    expect(list.json().links).toHaveLength(1);

    // A link whose time is up, as the repository stores one.
    const token = 'dwl_expired-link-token-for-this-test';
    await server.app.trackingLinkRepository.create({ deviceId: link.deviceId, shipmentId: world.shipment.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() - 1_000) });
    expect((await server.app.inject({ url: '/api/v1/driver', headers: asDriver({ token }) })).statusCode).toBe(401);
  });
});
