import type { DeviceCreated, DeviceList, RejectedFixList, Shipment } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osmand, withToken, type RawRequest } from '../fixtures/device-requests';
import { backends, realBackend } from './helpers/backends';
import { createWorld, type World } from './helpers/fixtures';
import { sendRaw } from './helpers/raw';
import { startServer, type TestServer } from './helpers/server';

/** An OsmAnd GET for one fix, as Traccar Client would send it. */
const fixRequest = (token: string, p: { lat: number; lon: number; secondsAgo: number; accuracy?: number }): RawRequest =>
  withToken(
    {
      ...osmand.isoTimestamp,
      url: `/osmand?id={{TOKEN}}&lat=${p.lat}&lon=${p.lon}&timestamp=${Math.round(Date.now() / 1000) - p.secondsAgo}${p.accuracy !== undefined ? `&accuracy=${p.accuracy}` : ''}`,
    },
    token,
  );

describe.each(backends())('device management and fix filters [$name]', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(backend, { env: { FILTER_MAX_ACCURACY_M: '100' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  const getShipment = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();
  const devicesOf = async (world: World) =>
    (await server.app.inject({ url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff })).json<DeviceList>().devices;

  it('stores dropped fixes as rejected with the reason, counts them per device, and never moves the shipment with them', async () => {
    const world = await createWorld(server);
    const token = world.device.token;
    expect((await sendRaw(server, fixRequest(token, { lat: 48.4, lon: 11.6, secondsAgo: 120 }))).statusCode).toBe(200);
    const moved = await getShipment(world.shipment.id);
    // Each of these answers 200 like any fix (the app must not retry it), but moves nothing.
    for (const bad of [
      { lat: 48.39, lon: 11.6, secondsAgo: 100, accuracy: 800 },
      { lat: 0, lon: 0, secondsAgo: 90 },
      { lat: 52.52, lon: 13.4, secondsAgo: 80 },
      { lat: 48.38, lon: 11.6, secondsAgo: -3_600 },
    ]) {
      expect((await sendRaw(server, fixRequest(token, bad))).statusCode).toBe(200);
    }
    expect(await getShipment(world.shipment.id)).toEqual(moved);

    const [device] = await devicesOf(world);
    expect(device).toMatchObject({ rejectedFixes: 4, rejectedByReason: { poor_accuracy: 1, invalid_coordinates: 1, impossible_speed: 1, future: 1 } });
    const list = (
      await server.app.inject({ url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}/rejected?limit=10`, headers: server.staff })
    ).json<RejectedFixList>();
    expect(list.rejected.map((r) => r.reason).sort()).toEqual(['future', 'impossible_speed', 'invalid_coordinates', 'poor_accuracy']);
    expect(list.rejected.find((r) => r.reason === 'poor_accuracy')).toMatchObject({ lat: 48.39, lon: 11.6, accuracy: 800 });

    // A good fix after them still moves the shipment.
    expect((await sendRaw(server, fixRequest(token, { lat: 48.39, lon: 11.6, secondsAgo: 10 }))).statusCode).toBe(200);
    expect((await getShipment(world.shipment.id)).position?.lat).toBe(48.39);
  });

  it('rotates a token: the old one stops at once, the new one works', async () => {
    const world = await createWorld(server);
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}/token`, headers: server.staff });
    expect(res.statusCode).toBe(200);
    const rotated = res.json<DeviceCreated>();
    expect(rotated.token).not.toBe(world.device.token);
    expect((await sendRaw(server, fixRequest(world.device.token, { lat: 48.4, lon: 11.6, secondsAgo: 5 }))).statusCode).toBe(401);
    expect((await sendRaw(server, fixRequest(rotated.token, { lat: 48.4, lon: 11.6, secondsAgo: 5 }))).statusCode).toBe(200);
    const other = await createWorld(server);
    const foreign = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${other.carrier.id}/devices/${world.device.id}/token`, headers: server.staff });
    expect(foreign.statusCode).toBe(404);
  });

  it('revokes a token: refused at once on every protocol, and a revoked device cannot be rotated back', async () => {
    const world = await createWorld(server);
    const revoke = await server.app.inject({ method: 'DELETE', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}`, headers: server.staff });
    expect(revoke.statusCode).toBe(200);
    expect((await sendRaw(server, fixRequest(world.device.token, { lat: 48.4, lon: 11.6, secondsAgo: 5 }))).statusCode).toBe(401);
    const overland = await server.app.inject({
      method: 'POST',
      url: '/overland',
      headers: { authorization: `Bearer ${world.device.token}`, 'content-type': 'application/json' },
      payload: '{"locations":[]}',
    });
    expect(overland.statusCode).toBe(401);
    const rotate = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}/token`, headers: server.staff });
    expect(rotate.statusCode).toBe(409);
  });
});

const real = realBackend();

// Tokens are looked up in the database on every request (no cache), so this holds on any instance.
describe.runIf(real)('revocation across instances', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(real!), startServer(real!)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('a token revoked on instance A is refused by instance B on the next request', async () => {
    const world = await createWorld(a);
    expect((await sendRaw(b, fixRequest(world.device.token, { lat: 48.4, lon: 11.6, secondsAgo: 20 }))).statusCode).toBe(200);
    await a.app.inject({ method: 'DELETE', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}`, headers: a.staff });
    expect((await sendRaw(b, fixRequest(world.device.token, { lat: 48.39, lon: 11.6, secondsAgo: 10 }))).statusCode).toBe(401);
  });
});
