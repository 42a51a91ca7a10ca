import type { DeviceCreated, DomainEvent, Track } from '@dockwatch/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded, realBackend, type Backend } from './helpers/backends';
import { createWorld, fixAt, PLANT, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

/** One instance embedded; two on one database and one Redis when the real services run. */
const setups: { name: string; backend: Backend; instances: 1 | 2 }[] = [{ name: 'embedded, one instance', backend: embedded, instances: 1 }];
const real = realBackend();
if (real) setups.push({ name: 'postgres+redis, two instances', backend: real, instances: 2 });

describe.each(setups)('device token cache [$name]', ({ backend, instances }) => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startServer(backend);
    b = instances === 2 ? await startServer(backend) : a;
  });
  afterAll(async () => {
    await a?.close();
    if (b !== a) await b?.close();
  });

  let seconds = 600;
  const ping = (target: TestServer, token: string) =>
    target.app.inject({ method: 'POST', url: '/api/v1/pings', headers: { authorization: `Bearer ${token}` }, payload: fixAt(48.4, PLANT.lon, seconds--) });
  const stored = async (world: World) => (await a.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers: a.staff })).json<Track>().geometry.coordinates.length;
  /** Resolves when `target` hears on the bus that the device's tokens are void. */
  const heard = (target: TestServer, deviceId: string) =>
    new Promise<void>((resolve) => {
      const off = target.app.bus.subscribe((events: readonly DomainEvent[]) => {
        if (events.some((e) => e.type === 'access:revoked' && e.identity === `device:${deviceId}`)) {
          off();
          resolve();
        }
      });
    });
  const warm = async (world: World, token = world.device.token) => {
    for (const target of [a, b]) expect((await ping(target, token)).statusCode).toBe(202);
    expect([a.app.deviceTokens.holds(world.device.id), b.app.deviceTokens.holds(world.device.id)]).toEqual([true, true]);
  };

  it('a revoke drops the cached token on every instance through the bus, and its pings are refused at once', async () => {
    const world = await createWorld(a);
    await warm(world);
    const onB = heard(b, world.device.id);
    expect((await a.app.inject({ method: 'DELETE', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}`, headers: a.staff })).statusCode).toBe(200);
    const before = await stored(world);
    // Straight after the answer, whether or not B has heard yet.
    expect((await ping(b, world.device.token)).statusCode).toBe(401);
    expect((await ping(a, world.device.token)).statusCode).toBe(401);
    await onB;
    expect(b.app.deviceTokens.holds(world.device.id)).toBe(false);
    expect(await stored(world)).toBe(before);
  });

  it('a rotated token stops at once on every instance and the new one works there', async () => {
    const world = await createWorld(a);
    await warm(world);
    const onB = heard(b, world.device.id);
    const res = await a.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}/token`, headers: a.staff });
    expect(res.statusCode).toBe(200);
    const rotated = res.json<DeviceCreated>();
    expect((await ping(b, world.device.token)).statusCode).toBe(401);
    expect((await ping(b, rotated.token)).statusCode).toBe(202);
    await onB;
    expect((await ping(a, world.device.token)).statusCode).toBe(401);
  });

  it('the commit refuses a cached token the bus never invalidated (revoked behind the app\'s back): nothing is stored', async () => {
    const world = await createWorld(a);
    await warm(world);
    const before = await stored(world);
    await a.app.db.execute(sql`update devices set revoked_at = now() where id = ${world.device.id}`);
    // Still cached on both instances (no bus message), yet refused by the device row.
    expect([a.app.deviceTokens.holds(world.device.id), b.app.deviceTokens.holds(world.device.id)]).toEqual([true, true]);
    for (const target of [a, b]) expect((await ping(target, world.device.token)).statusCode).toBe(401);
    expect(await stored(world)).toBe(before);
  });
});
