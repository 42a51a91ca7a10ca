import type { Board, Shipment, StatusEvent, Track } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createShipment, createWorld, fixAt, PLANT } from './helpers/fixtures';
import { collect, connectSocket, nextEvent, nextSiteUpdate, subscribe, type ClientSocket } from './helpers/socket';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';

describe.each(backends())('live inbound loop [$name]', (backend) => {
  let server: TestServer;
  let socket: ClientSocket;

  beforeAll(async () => {
    server = await startServer(backend);
    socket = await connectSocket(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    socket?.close();
    await server?.close();
  });

  const getShipment = async (id: string) =>
    (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();

  it('commits a posted ping and pushes shipments:updated with position and ETA to the site room', async () => {
    const world = await createWorld(server);
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
    const update = nextSiteUpdate(socket, (s) => s.id === world.shipment.id);

    const ping = fixAt(48.55, 11.6, 5, { speed: 30 });
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: ping });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0 });

    const pushed = await update;
    expect(pushed.position).toMatchObject({ lat: 48.55, lon: 11.6, speed: 30 });
    expect(pushed.status).toBe('in_transit');
    expect(pushed.version).toBe(world.shipment.version + 1);
    // ~46 km at the typical speeds for that distance (a first fix has nothing else to go by) ≈ 47 min,
    // with a band whose late edge reaches into the window (60–90 min ahead): on time, not early.
    const etaMinutes = (Date.parse(pushed.eta!) - Date.parse(ping.ts)) / 60_000;
    expect(etaMinutes).toBeGreaterThan(42);
    expect(etaMinutes).toBeLessThan(52);
    expect(Date.parse(pushed.etaEarliest!)).toBeLessThan(Date.parse(pushed.eta!));
    expect(Date.parse(pushed.etaLatest!)).toBeGreaterThan(Date.parse(pushed.eta!));
    expect(pushed.windowStatus).toBe('on_time');

    // What was pushed is what was committed.
    expect(await getShipment(world.shipment.id)).toEqual(pushed);
  });

  it('delivers to the shipment room and the lifecycle event stream', async () => {
    const world = await createWorld(server);
    expect(await subscribe(socket, { shipmentId: world.shipment.id })).toEqual({ ok: true });
    const update = nextEvent(socket, 'shipment:updated', (s) => s.id === world.shipment.id);
    const lifecycle = nextEvent(socket, 'shipment:event', (e) => e.event.shipmentId === world.shipment.id);
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.4, 11.6) });
    expect((await update).version).toBe(2);
    const event = await lifecycle;
    expect(event).toMatchObject({ siteId: world.site.id, version: 2, event: { type: 'in_transit', source: 'system' } });
  });

  it('stores the same device + ts once and counts duplicates, also inside one batch', async () => {
    const world = await createWorld(server);
    const a = fixAt(48.5, 11.6, 60);
    const b = fixAt(48.45, 11.6, 30);
    const first = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: { pings: [a, b, a] } });
    expect(first.json()).toEqual({ accepted: 2, duplicates: 1 });
    const again = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: { pings: [b, a] } });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ accepted: 0, duplicates: 2 });
    // Duplicates change nothing, not even the version.
    expect((await getShipment(world.shipment.id)).version).toBe(2);
  });

  it('applies an out-of-order batch in time order and never moves a shipment back', async () => {
    const world = await createWorld(server);
    const route = [fixAt(48.6, 11.6, 300), fixAt(48.5, 11.6, 200), fixAt(48.4, 11.6, 100)];
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/pings',
      headers: world.deviceAuth,
      payload: { pings: [route[2], route[0], route[1]] },
    });
    expect(res.json()).toEqual({ accepted: 3, duplicates: 0 });
    let shipment = await getShipment(world.shipment.id);
    expect(shipment.position).toMatchObject({ lat: 48.4, ts: route[2]!.ts });

    // A late-arriving older fix is kept as history but does not move the shipment back.
    const old = fixAt(48.7, 11.6, 400);
    const late = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: old });
    expect(late.json()).toEqual({ accepted: 1, duplicates: 0 });
    shipment = await getShipment(world.shipment.id);
    expect(shipment.position).toMatchObject({ lat: 48.4, ts: route[2]!.ts });
    expect(shipment.version).toBe(2);

    const track = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers: server.staff })).json<Track>();
    expect(track.type).toBe('Feature');
    expect(track.geometry.type).toBe('LineString');
    expect(track.geometry.coordinates).toEqual([
      [11.6, 48.7],
      [11.6, 48.6],
      [11.6, 48.5],
      [11.6, 48.4],
    ]);
    expect(track.properties.timestamps).toEqual([old.ts, route[0]!.ts, route[1]!.ts, route[2]!.ts]);
  });

  it('moves every active shipment the device carries with one ping, announced to the site room in one message', async () => {
    const world = await createWorld(server);
    const second = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: world.device.id });
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
    const batches = collect(socket, 'shipments:updated');
    const announced = nextEvent(socket, 'shipments:updated', (shipments) => shipments.some((s) => s.id === second.id));
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.3, 11.6) });
    expect((await getShipment(world.shipment.id)).position?.lat).toBe(48.3);
    expect((await getShipment(second.id)).position?.lat).toBe(48.3);
    const batch = await announced;
    batches.stop();
    expect(batches.seen).toHaveLength(1);
    expect(batch.map((s) => [s.id, s.position?.lat, s.version])).toEqual(
      expect.arrayContaining([
        [world.shipment.id, 48.3, 2],
        [second.id, 48.3, 2],
      ]),
    );
    expect(batch).toHaveLength(2);
  });

  it('marks a shipment arrived once enough pings land inside the site geofence, dated at the first', async () => {
    const world = await createWorld(server);
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
    const arrived = nextEvent(socket, 'shipment:event', (e) => e.event.shipmentId === world.shipment.id && e.event.type === 'arrived');
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.3, 11.58, 120) });
    const inside = fixAt(PLANT.lat + 0.001, PLANT.lon, 30);
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: inside });
    // One fix inside could be GPS jitter: not arrived yet (default: 3 fixes or 60 s inside).
    expect((await getShipment(world.shipment.id)).status).toBe('in_transit');
    const more = { pings: [fixAt(PLANT.lat + 0.0005, PLANT.lon, 20), fixAt(PLANT.lat + 0.0002, PLANT.lon, 10)] };
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: more });
    expect((await arrived).event).toMatchObject({ type: 'arrived', source: 'geofence', ts: inside.ts });
    const shipment = await getShipment(world.shipment.id);
    expect(shipment).toMatchObject({ status: 'arrived', arrivedAt: inside.ts, eta: inside.ts, windowStatus: 'early' });
  });

  it('records lifecycle events and refuses impossible transitions with the allowed ones', async () => {
    const world = await createWorld(server);
    const url = `/api/v1/shipments/${world.shipment.id}/events`;
    const bad = await server.app.inject({ method: 'POST', url, headers: server.staff, payload: { type: 'unloading' } });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error).toMatchObject({ code: 'invalid_transition', details: { status: 'planned', allowed: expect.arrayContaining(['dispatched', 'arrived']) } });

    // The carrier's device may report for its own load.
    const dispatched = await server.app.inject({ method: 'POST', url, headers: world.deviceAuth, payload: { type: 'dispatched' } });
    expect(dispatched.statusCode).toBe(201);
    expect(dispatched.json().event).toMatchObject({ type: 'dispatched', source: 'device' });

    for (const type of ['arrived', 'at_dock', 'unloading'] as const) {
      const res = await server.app.inject({ method: 'POST', url, headers: server.staff, payload: { type, note: `clerk: ${type}` } });
      expect(res.statusCode).toBe(201);
      expect(res.json().shipment.status).toBe(type);
    }
    const received = await server.app.inject({ method: 'POST', url, headers: server.staff, payload: { type: 'received' } });
    expect(received.json().shipment).toMatchObject({ status: 'received', version: 6 });

    const history = (await server.app.inject({ url, headers: server.staff })).json<{ events: StatusEvent[] }>();
    expect(history.events.map((e) => e.type)).toEqual(['dispatched', 'arrived', 'at_dock', 'unloading', 'received']);

    // Received leaves the board, and pings no longer move it.
    const board = (await server.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: server.staff })).json<Board>();
    expect(board.shipments.map((s) => s.id)).not.toContain(world.shipment.id);
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.9, 11.6) });
    expect((await getShipment(world.shipment.id)).version).toBe(6);
  });

  it('keeps a device away from loads it does not carry', async () => {
    const mine = await createWorld(server);
    const theirs = await createWorld(server);
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/shipments/${theirs.shipment.id}/events`,
      headers: mine.deviceAuth,
      payload: { type: 'delayed' },
    });
    expect(res.statusCode).toBe(404);
    // Cancelling is no device's step at all, on any load: 403 whether the load exists or not.
    const cancel = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${theirs.shipment.id}/events`, headers: mine.deviceAuth, payload: { type: 'cancelled' } });
    expect(cancel.statusCode).toBe(403);
    expect((await getShipment(theirs.shipment.id)).status).toBe('planned');
    const read = await server.app.inject({ url: `/api/v1/shipments/${theirs.shipment.id}`, headers: mine.deviceAuth });
    expect(read.statusCode).toBe(403);
  });

  it('serves the board sorted by window start with every field of the shipment shape', async () => {
    const now = Date.now();
    const world = await createWorld(server, {}, now);
    const earlier = await createShipment(
      server,
      { siteId: world.site.id, carrierId: world.carrier.id, dock: 'D2', windowStart: new Date(now + 10 * 60_000).toISOString(), windowEnd: new Date(now + 40 * 60_000).toISOString() },
      now,
    );
    const res = await server.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: server.staff });
    expect(res.statusCode).toBe(200);
    const board = res.json<Board>();
    expect(board.site.id).toBe(world.site.id);
    expect(Date.parse(board.at)).toBeGreaterThan(now - 1000);
    expect(board.shipments.map((s) => s.id)).toEqual([earlier.id, world.shipment.id]);
    expect(Object.keys(board.shipments[0]!).sort()).toEqual(
      ['id', 'reference', 'supplier', 'carrierId', 'siteId', 'dock', 'windowStart', 'windowEnd', 'deviceId', 'items', 'status', 'position', 'eta', 'etaEarliest', 'etaLatest', 'etaOverdue', 'windowStatus', 'arrivedAt', 'version', 'createdAt', 'updatedAt'].sort(),
    );
  });

  it('reassigns the device and moves the window through PATCH, re-rating the window status', async () => {
    const world = await createWorld(server);
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.55, 11.6, 0, { speed: 30 }) });
    const before = await getShipment(world.shipment.id);
    expect(before.windowStatus).toBe('on_time');
    // Move the window to end before the ETA: now late.
    const eta = Date.parse(before.eta!);
    const moved = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/shipments/${world.shipment.id}`,
      headers: server.staff,
      payload: { windowStart: new Date(eta - 60 * 60_000).toISOString(), windowEnd: new Date(eta - 30 * 60_000).toISOString(), dock: 'D1' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ windowStatus: 'late', dock: 'D1', version: before.version + 1 });

    const other = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff, payload: { name: 'Truck 2' } });
    const device2 = other.json<{ id: string; token: string }>();
    const reassigned = await server.app.inject({ method: 'PATCH', url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff, payload: { deviceId: device2.id } });
    expect(reassigned.json().deviceId).toBe(device2.id);
    // The old device no longer moves it; the new one does.
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.9, 11.6) });
    expect((await getShipment(world.shipment.id)).position?.lat).toBe(48.55);
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: { authorization: `Bearer ${device2.token}` }, payload: fixAt(48.45, 11.6) });
    expect((await getShipment(world.shipment.id)).position?.lat).toBe(48.45);
  });

  it('lists shipments with filters and pagination', async () => {
    const world = await createWorld(server);
    await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, dock: 'D2' });
    await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff, payload: { type: 'cancelled' } });
    const list = async (query: string) =>
      (await server.app.inject({ url: `/api/v1/shipments?siteId=${world.site.id}&${query}`, headers: server.staff })).json<{ shipments: Shipment[]; total: number }>();
    expect((await list('')).total).toBe(2);
    expect((await list('active=true')).shipments.map((s) => s.status)).toEqual(['planned']);
    expect((await list('status=cancelled')).shipments.map((s) => s.id)).toEqual([world.shipment.id]);
    expect((await list(`reference=${world.shipment.reference}`)).total).toBe(1);
    const page = await list('limit=1&offset=1');
    expect(page.shipments).toHaveLength(1);
    expect(page.total).toBe(2);
  });

  it('answers /healthz, /readyz and the OpenAPI document', async () => {
    expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await server.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      database: { engine: backend.databaseUrl ? 'postgres' : 'pglite', ok: true },
      bus: { kind: backend.redisUrl ? 'redis' : 'memory', ok: true },
    });
    const doc = (await server.app.inject({ url: '/api/docs/json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/pings', '/api/v1/sites/{id}/board', '/api/v1/shipments/{id}/track', '/api/v1/shipments/{id}/events']),
    );
  });
});
