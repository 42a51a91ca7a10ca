import type { MessageList, ShipmentMessage } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createWorld } from './helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';
import { connectSocket, nextEvent, subscribe } from './helpers/socket';

describe.each(backends())('a conversation per shipment [$name]', (backend) => {
  let server: TestServer;
  let clock = Date.parse('2026-03-02T06:00:00Z');
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  const as = (headers: Record<string, string>) => ({
    get: async (url: string) => {
      const res = await server.app.inject({ url, headers });
      return { status: res.statusCode, body: res.json() };
    },
    post: async (url: string, payload?: object) => {
      const res = await server.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: res.body === '' ? null : res.json() };
    },
  });

  it('carries messages between the plant, the load’s carrier, its driver and its supplier, with unread counts for each', async () => {
    const supplier = `Supplier messages ${Date.now().toString(36)}`;
    const world = await createWorld(server, { supplier }, clock);
    const clerk = as((await signedInUser(server, 'clerk', { siteIds: [world.site.id] })).headers);
    const dispatcher = as((await signedInUser(server, 'carrier', { carrierId: world.carrier.id })).headers);
    const vendor = as((await signedInUser(server, 'supplier', { supplier })).headers);
    const driver = as(world.deviceAuth);
    const url = `/api/v1/shipments/${world.shipment.id}/messages`;

    const posted = await clerk.post(url, { text: '  Dock 4 today, please  ' });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ kind: 'text', text: 'Dock 4 today, please', author: { side: 'plant' }, shipmentId: world.shipment.id, siteId: world.site.id });
    clock += 60_000;
    const delay = await driver.post(`/api/v1/driver/shipments/${world.shipment.id}/messages`, { kind: 'delay', delayMinutes: 30, reason: 'traffic' });
    expect(delay.status).toBe(201);
    expect(delay.body).toMatchObject({ kind: 'delay', delayMinutes: 30, reason: 'traffic', author: { side: 'driver', name: world.device.name } });
    clock += 60_000;
    expect((await vendor.get('/api/v1/messages/unread')).body).toEqual({ unread: { [world.shipment.id]: 2 } });
    expect((await vendor.post(url, { kind: 'short_shipment', sku: 'HYD-200', quantity: 30, expectedQuantity: 40, text: 'rest on Thursday' })).status).toBe(201);

    // The partners' portals badge their own loads: what others wrote since they last read.
    expect((await dispatcher.get('/api/v1/messages/unread')).body).toEqual({ unread: { [world.shipment.id]: 3 } });
    // Posting reads what came before it: the supplier's portal badge is gone.
    expect((await vendor.get('/api/v1/messages/unread')).body).toEqual({ unread: {} });
    // The dispatcher has read none of the three; the clerk wrote one and has two from others.
    const seen = (await dispatcher.get(url)).body as MessageList;
    expect(seen.messages.map((m) => [m.author.side, m.kind])).toEqual([
      ['plant', 'text'],
      ['driver', 'delay'],
      ['supplier', 'short_shipment'],
    ]);
    expect(seen.unread).toBe(3);
    expect(((await clerk.get(url)).body as MessageList).unread).toBe(2);
    expect((await clerk.get(`/api/v1/sites/${world.site.id}/messages/unread`)).body).toEqual({ siteId: world.site.id, unread: { [world.shipment.id]: 2 } });
    expect((await clerk.post(`${url}/read`)).status).toBe(204);
    expect(((await clerk.get(url)).body as MessageList).unread).toBe(0);
    expect((await clerk.get(`/api/v1/sites/${world.site.id}/messages/unread`)).body).toEqual({ siteId: world.site.id, unread: {} });
    // The driver's own post read what came before it: the supplier's is new. Reading it on the driver page marks it read.
    expect(((await driver.get(`/api/v1/driver/shipments/${world.shipment.id}/messages`)).body as MessageList).unread).toBe(1);
    expect(((await driver.get(`/api/v1/driver/shipments/${world.shipment.id}/messages`)).body as MessageList).unread).toBe(0);

    // Every message is in the audit log, the driver's under its device.
    const audit = await server.app.inject({ url: `/api/v1/audit?action=message:create&resourceId=${world.shipment.id}`, headers: server.staff });
    const actors = audit.json<{ entries: { actor: string }[] }>().entries.map((e) => e.actor);
    expect(actors).toHaveLength(3);
    expect(actors).toContain(`device:${world.device.id}`);
  });

  it('keeps everyone else out: another supplier or carrier gets 404, a viewer reads but may not write', async () => {
    const world = await createWorld(server, {}, clock);
    const other = await createWorld(server, {}, clock);
    const url = `/api/v1/shipments/${world.shipment.id}/messages`;
    const stranger = as((await signedInUser(server, 'carrier', { carrierId: other.carrier.id })).headers);
    const viewer = as((await signedInUser(server, 'viewer')).headers);
    expect((await stranger.get(url)).status).toBe(404);
    expect((await stranger.post(url, { text: 'hi' })).status).toBe(404);
    expect((await as(other.deviceAuth).post(`/api/v1/driver/shipments/${world.shipment.id}/messages`, { kind: 'at_gate' })).status).toBe(404);
    expect((await viewer.get(url)).status).toBe(200);
    expect((await viewer.post(url, { text: 'hi' })).status).toBe(403);
    expect(((await as(server.staff).get(url)).body as MessageList).messages).toEqual([]);
    // A message on the load badges its own partners, not the other carrier's portal.
    expect((await as(server.staff).post(url, { text: 'Gate 2' })).status).toBe(201);
    expect((await stranger.get('/api/v1/messages/unread')).body).toEqual({ unread: {} });
    const own = as((await signedInUser(server, 'carrier', { carrierId: world.carrier.id })).headers);
    expect((await own.get('/api/v1/messages/unread')).body).toEqual({ unread: { [world.shipment.id]: 1 } });
  });

  it('refuses a message without what its kind needs, precisely, and stores nothing', async () => {
    const world = await createWorld(server, {}, clock);
    const url = `/api/v1/shipments/${world.shipment.id}/messages`;
    const admin = as(server.staff);
    for (const [payload, message] of [
      [{ text: '   ' }, /needs text/],
      [{ kind: 'delay' }, /needs delayMinutes/],
      [{ kind: 'short_shipment', sku: 'HYD-200', quantity: 40, expectedQuantity: 40 }, /fewer than expected/],
      [{ kind: 'text', text: 'x', delayMinutes: 5 }, /delayMinutes goes with/],
      [{ kind: 'shouting', text: 'x' }, /kind/],
    ] as const) {
      const res = await admin.post(url, payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect((res.body as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(((await admin.get(url)).body as MessageList).messages).toEqual([]);
  });

  it('reaches the clerk’s board live when the driver posts, and the load’s carrier in its shipment room', async () => {
    const world = await createWorld(server, {}, clock);
    const board = await connectSocket(server.url, ADMIN_TOKEN);
    const carrier = await signedInUser(server, 'carrier', { carrierId: world.carrier.id });
    const portal = await connectSocket(server.url, { cookie: carrier.headers.cookie });
    try {
      expect(await subscribe(board, { siteId: world.site.id })).toEqual({ ok: true });
      expect(await subscribe(portal, { shipmentId: world.shipment.id })).toEqual({ ok: true });
      const onBoard = nextEvent(board, 'message:created', (m) => m.shipmentId === world.shipment.id);
      const onPortal = nextEvent(portal, 'message:created', (m) => m.shipmentId === world.shipment.id);
      const posted = await server.app.inject({ method: 'POST', url: `/api/v1/driver/shipments/${world.shipment.id}/messages`, headers: world.deviceAuth, payload: { kind: 'at_gate', text: 'Gate 2' } });
      expect(posted.statusCode).toBe(201);
      const message = posted.json<ShipmentMessage>();
      expect(await onBoard).toEqual(message);
      expect(await onPortal).toEqual(message);
    } finally {
      board.close();
      portal.close();
    }
  });
});
