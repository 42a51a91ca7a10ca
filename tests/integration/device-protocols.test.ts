import type { DeviceList, Shipment, Track } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osmand, overlandExample, overlandFeature, owntracks, traccarJson, withBasic, withToken, type RawRequest } from '../fixtures/device-requests';
import { backends } from './helpers/backends';
import { createWorld, PLANT, type World } from './helpers/fixtures';
import { sendRaw } from './helpers/raw';
import { connectSocket, nextSiteUpdate, subscribe, type ClientSocket } from './helpers/socket';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';

describe.each(backends())('tracker app protocols [$name]', (backend) => {
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

  const getShipment = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();
  const devicesOf = async (world: World) =>
    (await server.app.inject({ url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff })).json<DeviceList>().devices;
  const trackOf = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}/track`, headers: server.staff })).json<Track>();

  /** Sends the request for a new world's device and waits for the board to show the move. */
  async function moves(request: RawRequest, expected: { lat: number; lon: number }, token: (w: World) => RawRequest = (w) => withToken(request, w.device.token)) {
    const world = await createWorld(server);
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
    const update = nextSiteUpdate(socket, (s) => s.id === world.shipment.id && s.version > world.shipment.version);
    const res = await sendRaw(server, token(world));
    const pushed = await update;
    expect(pushed.position).toMatchObject(expected);
    expect(pushed.status).toBe('in_transit');
    expect(await getShipment(world.shipment.id)).toEqual(pushed);
    return { world, res };
  }

  const osmandFixes = [
    osmand.traccarClient8,
    osmand.traccarClient10,
    osmand.traccarClientIos,
    osmand.isoTimestamp,
    osmand.milliseconds,
    osmand.zonelessTimestamp,
    osmand.deviceidNoTimestamp,
    osmand.location,
    osmand.extras,
    osmand.form,
  ];
  it.each(osmandFixes)('OsmAnd: $name moves the shipment and answers 200', async (request: RawRequest) => {
    const params = new URLSearchParams(`${request.url.split('?')[1] ?? ''}&${request.body ?? ''}`);
    const [lat, lon] = params.get('location')?.split(',').map(Number) ?? [Number(params.get('lat')), Number(params.get('lon'))];
    const { res } = await moves(request, { lat: lat!, lon: lon! });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });

  it('OsmAnd: Traccar Client 8 reports battery, charging and protocol on the device list', async () => {
    const { world } = await moves(osmand.traccarClient8, { lat: 48.145, lon: 11.582 });
    const [device] = await devicesOf(world);
    expect(device).toMatchObject({ protocol: 'osmand', batteryLevel: 77, batteryCharging: true, rejectedFixes: 0 });
    expect(device!.lastSeenAt).not.toBeNull();
  });

  it('OsmAnd: 400 without an id, 401 for an unknown token, and nothing is stored', async () => {
    const missing = await sendRaw(server, osmand.missingId);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('missing_device_id');
    const world = await createWorld(server);
    const unknown = await sendRaw(server, withToken(osmand.isoTimestamp, 'dwd_not-a-device'));
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('unknown_device');
    expect((await getShipment(world.shipment.id)).version).toBe(world.shipment.version);
  });

  it.each(Object.values(traccarJson))('Traccar Client 9 JSON: $name moves the shipment', async (request) => {
    const coords = (JSON.parse(request.body!) as { location: { coords: { latitude: number; longitude: number } } }).location.coords;
    const { res } = await moves(request, { lat: coords.latitude, lon: coords.longitude });
    expect(res.statusCode).toBe(200);
  });

  it.each([owntracks.minimal, owntracks.full])('OwnTracks: $name moves the shipment and answers []', async (request) => {
    const body = JSON.parse(request.body!) as { lat: number; lon: number };
    const { res, world } = await moves(request, { lat: body.lat, lon: body.lon }, (w) => withBasic(request, w.device.token));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('[]');
    expect((await devicesOf(world))[0]?.protocol).toBe('owntracks');
  });

  it('OwnTracks: other message types are answered [] and change nothing; a wrong password is 401', async () => {
    const world = await createWorld(server);
    for (const request of [owntracks.transition, owntracks.lwt]) {
      const res = await sendRaw(server, withBasic(request, world.device.token));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([]);
    }
    expect((await getShipment(world.shipment.id)).version).toBe(world.shipment.version);
    expect((await sendRaw(server, withBasic(owntracks.minimal, 'wrong'))).statusCode).toBe(401);
  });

  it('Overland: the documented example moves the shipment and is answered exactly {"result":"ok"}', async () => {
    const { res } = await moves(overlandExample, { lat: 37.3318, lon: -122.030581 });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"result":"ok"}');
  });

  it('Overland: a batch of 500, out of order and with duplicates, stores each fix once', async () => {
    const world = await createWorld(server);
    const start = Date.now() - 500 * 5_000;
    // A truck closing in on the plant from the north, one fix every 5 s.
    const unique = Array.from({ length: 450 }, (_, i) => overlandFeature(PLANT.lat + 0.2 - i * 0.0004, PLANT.lon, new Date(start + i * 5_000).toISOString()));
    const batch = [...unique.slice(200), ...unique.slice(0, 200), ...unique.slice(100, 150)];
    expect(batch).toHaveLength(500);
    const res = await sendRaw(server, withToken({ ...overlandExample, body: JSON.stringify({ locations: batch }) }, world.device.token));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"result":"ok"}');
    const shipment = await getShipment(world.shipment.id);
    expect(shipment.position?.ts).toBe(new Date(start + 449 * 5_000).toISOString());
    expect((await trackOf(world.shipment.id)).geometry.coordinates).toHaveLength(450);
    // The same batch again (the phone retrying after a lost answer) changes nothing.
    expect((await sendRaw(server, withToken({ ...overlandExample, body: JSON.stringify({ locations: batch }) }, world.device.token))).statusCode).toBe(200);
    expect((await getShipment(world.shipment.id)).version).toBe(shipment.version);
  });

  it('Overland: a bad batch is refused whole, so the app keeps its queue', async () => {
    const world = await createWorld(server);
    const good = overlandFeature(48.3, 11.6, new Date().toISOString());
    const unreadable = { type: 'Feature', geometry: { type: 'Point', coordinates: ['11.6', 'north'] }, properties: { timestamp: new Date().toISOString() } };
    const res = await sendRaw(server, withToken({ ...overlandExample, body: JSON.stringify({ locations: [good, unreadable] }) }, world.device.token));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_report', details: { field: 'locations[1].geometry.coordinates[1]' } });
    expect((await trackOf(world.shipment.id)).geometry.coordinates).toHaveLength(0);
    expect((await sendRaw(server, { ...overlandExample, headers: { 'content-type': 'application/json' } })).statusCode).toBe(401);
  });
});
