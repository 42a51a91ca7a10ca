import type { DisruptionNotice, ShipmentMessage, TrackingLinkCreated } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { realBackend } from './helpers/backends';
import type { SupplierDemand } from './helpers/delfor';
import { createWorld } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';
import { collect, connectSocket, nextEvent, subscribe, type ClientSocket } from './helpers/socket';

const real = realBackend();

/**
 * Partner collaboration across instances: every write goes to instance A, the sockets that must
 * hear of it sit on instance B (and the other way round for the plant's answers). An outsider's
 * socket proves it heard nothing by receiving a later event of its own: Redis hands every
 * instance the bus messages in the one order it took them, and each instance emits them in that
 * order, so anything sent to the outsider before its own event would have arrived before it.
 */
// Needs real PostgreSQL + Redis; CI requires them (the global setup fails there otherwise).
describe.runIf(real)('notices, threads and demand live across two instances', () => {
  let a: TestServer;
  let b: TestServer;
  let clock = Date.parse('2026-03-02T06:00:00Z');
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // Both read the one test clock, so what A stamps and what B counts agree.
    const start = () => startServer(real!, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  const on = async (server: TestServer, headers: { cookie: string }) => {
    const socket = await connectSocket(server.url, headers);
    sockets.push(socket);
    return socket;
  };
  const call = (server: TestServer, headers: Record<string, string>) => async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body === '' ? null : res.json() };
  };
  const stamp = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

  it('carries a supplier’s notice from A to the planner on B, and the planner’s ack and reply back to the supplier on A; outsiders on either instance get none of it', async () => {
    const mine = `Castings ${stamp()}`;
    const rival = `Forgings ${stamp()}`;
    const world = await createWorld(a, { supplier: mine }, clock);
    const other = await createWorld(a, { supplier: rival }, clock);
    const planner = await signedInUser(a, 'planner', { siteIds: [world.site.id] });
    const vendor = await signedInUser(a, 'supplier', { supplier: mine });
    const rivalVendor = await signedInUser(a, 'supplier', { supplier: rival });
    const otherPlanner = await signedInUser(a, 'planner', { siteIds: [other.site.id] });

    const board = await on(b, planner.headers);
    const portal = await on(a, vendor.headers);
    expect(await subscribe(board, { siteId: world.site.id })).toEqual({ ok: true });
    const outsiders = {
      'rival supplier on A': await on(a, rivalVendor.headers),
      'rival supplier on B': await on(b, rivalVendor.headers),
      'other site’s planner on A': await on(a, otherPlanner.headers),
      'other site’s planner on B': await on(b, otherPlanner.headers),
    };
    for (const [name, socket] of Object.entries(outsiders)) if (name.includes('planner')) expect(await subscribe(socket, { siteId: other.site.id })).toEqual({ ok: true });
    const heard = Object.entries(outsiders).map(([name, socket]) => ({ name, socket, created: collect(socket, 'notice:created'), updated: collect(socket, 'notice:updated') }));
    const boardCreated = collect(board, 'notice:created');

    const vendorOnA = call(a, vendor.headers);
    const plannerOnB = call(b, planner.headers);
    const live = nextEvent(board, 'notice:created', (n) => n.partnerName === mine);
    const posted = await vendorOnA('POST', '/api/v1/notices', {
      cause: 'production_breakdown',
      effect: 'capacity_down',
      startsAt: '2026-03-03T06:00:00Z',
      endsAt: '2026-03-04T18:00:00Z',
      siteIds: [world.site.id],
      skus: ['HYD-200'],
      text: 'Furnace 2 is down: castings a day late',
    });
    expect(posted.status).toBe(201);
    const notice = posted.body as DisruptionNotice;
    expect(await live).toEqual(notice);

    clock += 60_000;
    const acked = nextEvent(portal, 'notice:updated', (n) => n.id === notice.id && n.acks.length === 1);
    const ack = await plannerOnB('POST', `/api/v1/notices/${notice.id}/ack`);
    expect(ack.status).toBe(200);
    expect(await acked).toEqual(ack.body);
    expect((ack.body as DisruptionNotice).acks[0]).toMatchObject({ by: { side: 'plant', name: planner.user.email }, at: new Date(clock).toISOString() });

    clock += 60_000;
    const replied = nextEvent(portal, 'notice:updated', (n) => n.id === notice.id && n.replies.length === 1);
    expect((await plannerOnB('POST', `/api/v1/notices/${notice.id}/replies`, { text: 'We run line 3 on Saturday instead' })).status).toBe(201);
    expect((await replied).replies[0]).toMatchObject({ text: 'We run line 3 on Saturday instead', by: { side: 'plant' } });

    // The rival's own notice for its own site, posted on A after everything above: each outsider
    // gets it, so anything of ours would have reached it first.
    const markers = heard.map(({ socket }) => nextEvent(socket, 'notice:created', (n) => n.partnerName === rival));
    const rivalPost = await call(a, rivalVendor.headers)('POST', '/api/v1/notices', {
      cause: 'other',
      effect: 'capacity_down',
      startsAt: '2026-03-03T06:00:00Z',
      endsAt: '2026-03-03T18:00:00Z',
      siteIds: [other.site.id],
      text: 'Inventory count on Tuesday',
    });
    expect(rivalPost.status).toBe(201);
    const rivalNotice = rivalPost.body as DisruptionNotice;
    await Promise.all(markers);

    // Closed by the supplier on A, seen on the planner's board on B: which has had the rival's
    // notice in between, had it been sent there.
    clock += 60_000;
    const closedLive = nextEvent(board, 'notice:updated', (n) => n.id === notice.id && n.state === 'closed');
    const closed = await vendorOnA('POST', `/api/v1/notices/${notice.id}/close`);
    expect(closed.status).toBe(200);
    expect(await closedLive).toEqual(closed.body);
    expect(boardCreated.seen.map((n) => n.id)).toEqual([notice.id]);

    for (const { name, created, updated } of heard) {
      expect(created.seen.map((n) => n.id), name).toEqual([rivalNotice.id]);
      expect(updated.seen, name).toEqual([]);
    }
  });

  it('carries the driver’s and the dispatcher’s messages from A to the clerk’s board on B, counted unread there; nobody outside the load hears them', async () => {
    const world = await createWorld(a, {}, clock);
    const other = await createWorld(a, {}, clock);
    const clerk = await signedInUser(a, 'clerk', { siteIds: [world.site.id] });
    const dispatcher = await signedInUser(a, 'carrier', { carrierId: world.carrier.id });
    const otherClerk = await signedInUser(a, 'clerk', { siteIds: [other.site.id] });
    const otherDispatcher = await signedInUser(a, 'carrier', { carrierId: other.carrier.id });

    const board = await on(b, clerk.headers);
    expect(await subscribe(board, { siteId: world.site.id })).toEqual({ ok: true });
    const outsiders = {
      'other site’s clerk on A': await on(a, otherClerk.headers),
      'other site’s clerk on B': await on(b, otherClerk.headers),
      'other carrier on A': await on(a, otherDispatcher.headers),
      'other carrier on B': await on(b, otherDispatcher.headers),
    };
    for (const [name, socket] of Object.entries(outsiders)) {
      expect(await subscribe(socket, name.includes('clerk') ? { siteId: other.site.id } : { shipmentId: other.shipment.id })).toEqual({ ok: true });
      // Asking for the load of another carrier is refused, so it cannot be listening there either.
      if (name.includes('carrier')) expect(await subscribe(socket, { shipmentId: world.shipment.id })).toMatchObject({ error: { code: 'not_found' } });
    }
    const heard = Object.entries(outsiders).map(([name, socket]) => ({ name, socket, messages: collect(socket, 'message:created') }));
    const unreadOnB = async () => (await call(b, clerk.headers)('GET', `/api/v1/sites/${world.site.id}/messages/unread`)).body as { unread: Record<string, number> };
    expect((await unreadOnB()).unread).toEqual({});

    const link = await call(a, a.staff)('POST', `/api/v1/shipments/${world.shipment.id}/links`, {});
    expect(link.status).toBe(201);
    const driverOnA = call(a, { authorization: `Bearer ${(link.body as TrackingLinkCreated).token}` });

    clock += 60_000;
    const fromDriver = nextEvent(board, 'message:created', (m) => m.shipmentId === world.shipment.id && m.author.side === 'driver');
    const delay = await driverOnA('POST', `/api/v1/driver/shipments/${world.shipment.id}/messages`, { kind: 'delay', delayMinutes: 25, reason: 'traffic' });
    expect(delay.status).toBe(201);
    expect(await fromDriver).toEqual(delay.body);
    expect((await unreadOnB()).unread).toEqual({ [world.shipment.id]: 1 });

    clock += 60_000;
    const fromDispatcher = nextEvent(board, 'message:created', (m) => m.shipmentId === world.shipment.id && m.author.side === 'carrier');
    const note = await call(a, dispatcher.headers)('POST', `/api/v1/shipments/${world.shipment.id}/messages`, { text: 'Driver swaps at the border, same truck' });
    expect(note.status).toBe(201);
    expect(await fromDispatcher).toMatchObject({ id: (note.body as ShipmentMessage).id, text: 'Driver swaps at the border, same truck' });
    expect((await unreadOnB()).unread).toEqual({ [world.shipment.id]: 2 });

    // A message on the other load, posted on A after ours, reaches every outsider: ours would have come first.
    const markers = heard.map(({ socket }) => nextEvent(socket, 'message:created', (m) => m.shipmentId === other.shipment.id));
    const theirs = await call(a, a.staff)('POST', `/api/v1/shipments/${other.shipment.id}/messages`, { text: 'Dock 2 for you' });
    expect(theirs.status).toBe(201);
    await Promise.all(markers);
    for (const { name, messages } of heard) expect(messages.seen.map((m) => m.shipmentId), name).toEqual([other.shipment.id]);
  });

  it('pushes a demand change made on A to the supplier’s demand room on B, and B’s demand view shows it; another supplier’s room at the same site hears nothing', async () => {
    const mine = `Pumps ${stamp()}`;
    const rival = `Valves ${stamp()}`;
    const world = await createWorld(a, { supplier: mine, items: [{ sku: 'PMP-410', quantity: 40 }] }, clock);
    const staffOnA = call(a, a.staff);
    const pump = (await staffOnA('POST', `/api/v1/sites/${world.site.id}/materials`, { sku: 'PMP-410', suppliers: [mine] })).body as { id: string };
    const valve = (await staffOnA('POST', `/api/v1/sites/${world.site.id}/materials`, { sku: 'VLV-220', suppliers: [rival] })).body as { id: string };
    // Berlin midnight of 2026-03-(2 + d) in UTC.
    const day = (d: number) => new Date(Date.UTC(2026, 2, 1 + d, 23, 0)).toISOString();
    const plan = (quantity: number) => ({ buckets: [{ from: day(0), to: day(1), quantity: 60 }, { from: day(1), to: day(2), quantity }] });
    expect((await staffOnA('PUT', `/api/v1/materials/${pump.id}/demand`, plan(60))).status).toBe(200);

    const vendor = await signedInUser(a, 'supplier', { supplier: mine });
    const rivalVendor = await signedInUser(a, 'supplier', { supplier: rival });
    const vendorOnB = call(b, vendor.headers);
    const demandUrl = `/api/v1/supplier/demand?siteId=${world.site.id}`;
    const before = (await vendorOnB('GET', demandUrl)).body as SupplierDemand;
    expect(before.materials.find((m) => m.sku === 'PMP-410')!.days[1]!.quantity).toBe(60);
    expect((await vendorOnB('POST', `/api/v1/supplier/demand/seen?siteId=${world.site.id}`)).status).toBe(204);

    const portal = await on(b, vendor.headers);
    const rivalPortal = await on(b, rivalVendor.headers);
    expect(await subscribe(portal, { siteId: world.site.id, demandOf: mine })).toEqual({ ok: true });
    expect(await subscribe(rivalPortal, { siteId: world.site.id, demandOf: rival })).toEqual({ ok: true });
    const rivalHeard = collect(rivalPortal, 'demand:updated');

    const live = nextEvent(portal, 'demand:updated', (u) => u.materialId === pump.id);
    expect((await staffOnA('PUT', `/api/v1/materials/${pump.id}/demand`, plan(90))).status).toBe(200);
    expect(await live).toEqual({ siteId: world.site.id, materialId: pump.id, sku: 'PMP-410' });
    // What the supplier's page reloads on the event, from the instance it is on.
    const moved = ((await vendorOnB('GET', demandUrl)).body as SupplierDemand).materials.find((m) => m.sku === 'PMP-410')!;
    expect(moved.changed).toBe(true);
    expect(moved.days[1]).toEqual({ date: '2026-03-03', quantity: 90, previousQuantity: 60 });

    // The valve's change, after the pump's, reaches the rival: the pump's would have come first.
    const marker = nextEvent(rivalPortal, 'demand:updated', (u) => u.materialId === valve.id);
    expect((await staffOnA('PUT', `/api/v1/materials/${valve.id}/demand`, plan(10))).status).toBe(200);
    await marker;
    expect(rivalHeard.seen.map((u) => u.sku)).toEqual(['VLV-220']);
  });
});
