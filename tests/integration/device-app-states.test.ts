import type { DeviceList, DeviceStatus, RejectedFixList, Shipment, Track } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  osmand,
  osmandApp,
  overlandExample,
  overlandFeature,
  overlandLog,
  overlandTrip,
  overlandVisit,
  owntracks,
  withBasic,
  withToken,
  type RawRequest,
} from '../fixtures/device-requests';
import { backends } from './helpers/backends';
import { createWorld, PLANT, type World } from './helpers/fixtures';
import { sendRaw } from './helpers/raw';
import { startServer, type TestServer } from './helpers/server';

/**
 * The states the tracker apps reach every day besides "here is a fix": heartbeats without a GPS
 * fix, fixes the device marks invalid, empty and encrypted OwnTracks messages, Overland's
 * tracking-stats records and its `current` location, and OsmAnd's own units. Each gets the
 * answer its app needs (a 2xx, or it resends forever) and stores exactly what it should.
 */
describe.each(backends())('tracker app states [$name]', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server?.close();
  });

  const getShipment = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();
  const trackOf = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}/track`, headers: server.staff })).json<Track>();
  const deviceOf = async (world: World): Promise<DeviceStatus> =>
    (await server.app.inject({ url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff })).json<DeviceList>().devices.find((d) => d.id === world.device.id)!;
  const rejectedOf = async (world: World) =>
    (await server.app.inject({ url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}/rejected`, headers: server.staff })).json<RejectedFixList>().rejected;
  const send = (world: World, request: RawRequest) => sendRaw(server, withToken(request, world.device.token));

  describe('OsmAnd speed and accuracy', () => {
    it("OsmAnd's own address: m/s stays m/s, {3} is the accuracy, and the device reports as the OsmAnd app", async () => {
      const world = await createWorld(server);
      const res = await send(world, osmandApp.driving);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
      const shipment = await getShipment(world.shipment.id);
      expect(shipment.position).toMatchObject({ lat: 48.13715, lon: 11.57612, ts: new Date(1_732_700_000_123).toISOString(), heading: 92.5 });
      expect(shipment.position!.speed).toBeCloseTo(13.6, 6);
      expect(await deviceOf(world)).toMatchObject({ protocol: 'osmand_app', batteryLevel: null, rejectedFixes: 0 });
    });

    it('OsmAnd: a 1,500 m fix is dropped for poor accuracy, under either key, and does not move the board', async () => {
      const world = await createWorld(server);
      for (const request of [osmandApp.coarse, osmandApp.hdopKey]) expect((await send(world, request)).statusCode).toBe(200);
      expect((await getShipment(world.shipment.id)).version).toBe(world.shipment.version);
      const rejected = await rejectedOf(world);
      expect(rejected.map((r) => [r.reason, r.accuracy])).toEqual([
        ['poor_accuracy', 1500],
        ['poor_accuracy', 1500],
      ]);
    });

    it('Traccar Client 10 and classic iOS: knots become the same 13.6 m/s, with accuracy and battery', async () => {
      for (const request of [osmand.traccarClient10, osmand.traccarClientIos]) {
        const world = await createWorld(server);
        expect((await send(world, request)).statusCode).toBe(200);
        expect((await getShipment(world.shipment.id)).position!.speed).toBeCloseTo(13.6, 2);
        expect(await deviceOf(world)).toMatchObject({ protocol: 'osmand', batteryLevel: request === osmand.traccarClient10 ? 77 : 85, lastHeartbeatAt: null });
        expect((await deviceOf(world)).lastFixAt).not.toBeNull();
      }
    });
  });

  describe('reports without a position', () => {
    it('Traccar Client 10 heartbeat: 200, last seen and battery recorded, no fix stored', async () => {
      const world = await createWorld(server);
      const res = await send(world, osmand.traccarClient10Heartbeat);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
      const device = await deviceOf(world);
      expect(device).toMatchObject({ protocol: 'osmand', batteryLevel: 64, batteryCharging: false, lastFixAt: null, rejectedFixes: 0 });
      expect(device.lastSeenAt).not.toBeNull();
      expect(device.lastHeartbeatAt).toBe(device.lastSeenAt);
      expect((await getShipment(world.shipment.id)).version).toBe(world.shipment.version);
      // The next position is not held up behind it.
      expect((await send(world, osmand.traccarClient10)).statusCode).toBe(200);
      expect((await getShipment(world.shipment.id)).position).toMatchObject({ lat: 48.14502, lon: 11.58198 });
    });

    it('client SDK JSON upload: the fix is stored, the heartbeat beside it is not', async () => {
      const world = await createWorld(server);
      expect((await send(world, osmand.sdkJson)).statusCode).toBe(200);
      const shipment = await getShipment(world.shipment.id);
      expect(shipment.position).toMatchObject({ lat: 48.14502, lon: 11.58198, ts: new Date(1_732_700_000_000).toISOString() });
      expect(shipment.version).toBe(world.shipment.version + 1);
      expect(await deviceOf(world)).toMatchObject({ batteryLevel: 76, lastHeartbeatAt: null });
    });

    it('a report with lat but no lon is still malformed: 400 naming the field, nothing stored', async () => {
      const world = await createWorld(server);
      const res = await send(world, { ...osmand.invalidFix, url: '/osmand?id={{TOKEN}}&lat=48.1&timestamp=1732700000' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_report', details: { field: 'lon' } });
      expect((await deviceOf(world)).lastSeenAt).toBeNull();
    });
  });

  describe('fixes the device marks invalid', () => {
    it('valid=false and an iOS fix without a position: 200, kept as rejected, the board does not move', async () => {
      const world = await createWorld(server);
      for (const request of [osmand.invalidFix, osmand.traccarClientIosNoPosition]) {
        const res = await send(world, request);
        expect(res.statusCode).toBe(200);
        expect(res.body).toBe('');
      }
      expect((await getShipment(world.shipment.id)).version).toBe(world.shipment.version);
      const rejected = await rejectedOf(world);
      expect(rejected.map((r) => [r.reason, r.lat, r.lon])).toEqual(
        expect.arrayContaining([
          ['marked_invalid', 48.19, 11.61],
          ['marked_invalid', 0, 0],
        ]),
      );
      expect(await deviceOf(world)).toMatchObject({ rejectedByReason: { marked_invalid: 2 }, lastRejected: { reason: 'marked_invalid' }, lastFixAt: null, batteryLevel: 85 });
    });
  });

  describe('OwnTracks', () => {
    it('a zero-length body is answered [] and stores nothing; a wrong password still gets 401', async () => {
      const world = await createWorld(server);
      const res = await sendRaw(server, withBasic(owntracks.empty, world.device.token));
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('[]');
      expect(await deviceOf(world)).toMatchObject({ lastSeenAt: null, rejectedFixes: 0 });
      expect((await getShipment(world.shipment.id)).version).toBe(world.shipment.version);
      expect((await sendRaw(server, withBasic(owntracks.empty, 'dwd_wrong'))).statusCode).toBe(401);
      const broken = await sendRaw(server, withBasic({ ...owntracks.minimal, body: '{"_type":"loca' }, world.device.token));
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.code).toBe('invalid_json');
      // Only the empty body is special: the usual guard against prototype poisoning still holds.
      const poisoned = await sendRaw(server, withBasic({ ...owntracks.minimal, body: '{"_type":"location","__proto__":{"tst":1}}' }, world.device.token));
      expect(poisoned.statusCode).toBe(400);
    });

    it('an encrypted message is answered [] and kept as rejected for the Devices screen', async () => {
      const world = await createWorld(server);
      const res = await sendRaw(server, withBasic(owntracks.encrypted, world.device.token));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([]);
      expect(await deviceOf(world)).toMatchObject({ protocol: 'owntracks', rejectedByReason: { encrypted: 1 }, lastRejected: { reason: 'encrypted' }, lastFixAt: null });
      expect(await rejectedOf(world)).toMatchObject([{ reason: 'encrypted', lat: null, lon: null }]);
      expect((await getShipment(world.shipment.id)).version).toBe(world.shipment.version);
    });
  });

  describe('Overland', () => {
    const overland = (world: World, body: unknown) => send(world, { ...overlandExample, body: JSON.stringify(body) });

    it('tracking-stats records, visits and trips are skipped; the locations are stored; {"result":"ok"}', async () => {
      const world = await createWorld(server);
      const t0 = Date.now() - 30 * 60_000;
      const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
      const near = (i: number) => ({ lat: PLANT.lat + 0.1 - i * 0.001, lon: PLANT.lon });
      const res = await overland(world, {
        locations: [
          overlandFeature(near(0).lat, near(0).lon, at(0)),
          overlandLog('paused_location_updates', at(1)),
          overlandLog('resumed_location_updates', at(2), near(0)),
          // Where the phone stayed an hour ago, 16 km behind: not a fix, so not an impossible jump either.
          overlandVisit(near(0).lat - 0.145, near(0).lon, at(3)),
          overlandTrip(near(1).lat, near(1).lon, at(0), at(4)),
          overlandFeature(near(1).lat, near(1).lon, at(5)),
        ],
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('{"result":"ok"}');
      expect((await trackOf(world.shipment.id)).geometry.coordinates).toEqual([
        [near(0).lon, near(0).lat],
        [near(1).lon, near(1).lat],
      ]);
      expect((await getShipment(world.shipment.id)).position).toMatchObject({ ...near(1), ts: at(5) });
      expect(await deviceOf(world)).toMatchObject({ rejectedFixes: 0, batteryLevel: 89 });
    });

    it('a batch of stats records only is answered ok and stores no fix', async () => {
      const world = await createWorld(server);
      const res = await overland(world, { locations: [overlandLog('paused_location_updates', new Date().toISOString())] });
      expect(res.body).toBe('{"result":"ok"}');
      expect(await deviceOf(world)).toMatchObject({ lastFixAt: null, batteryLevel: 52 });
      expect((await getShipment(world.shipment.id)).version).toBe(world.shipment.version);
    });

    it('while the phone drains a backlog, the board shows its current location, not the backlog', async () => {
      const world = await createWorld(server);
      const start = Date.now() - 3 * 3_600_000;
      const backlog = Array.from({ length: 50 }, (_, i) => overlandFeature(PLANT.lat + 0.5 - i * 0.002, PLANT.lon, new Date(start + i * 60_000).toISOString()));
      const currentTs = new Date(Date.now() - 60_000).toISOString();
      const current = overlandFeature(PLANT.lat + 0.05, PLANT.lon, currentTs, { battery_level: 0.31, battery_state: 'unplugged' });
      const res = await overland(world, { locations: backlog, current });
      expect(res.body).toBe('{"result":"ok"}');
      const shipment = await getShipment(world.shipment.id);
      expect(shipment.position).toMatchObject({ lat: PLANT.lat + 0.05, ts: currentTs });
      expect(await deviceOf(world)).toMatchObject({ batteryLevel: 31, rejectedFixes: 0 });
      // The current point comes again later inside a batch: stored once, nothing changes.
      expect((await overland(world, { locations: [current] })).body).toBe('{"result":"ok"}');
      expect((await getShipment(world.shipment.id)).version).toBe(shipment.version);
    });
  });
});
