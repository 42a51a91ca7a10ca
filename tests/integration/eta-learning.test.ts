import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, fixAtTime, PLANT } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

const MIN = 60_000;
/** Degrees of latitude per metre (a meridian, so distances due north of the plant are exact enough). */
const DEG_PER_M = 1 / 111_195;

describe.each(backends())('ETA profiles learned from arrivals [$name]', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('learns the site road factor and pace from a completed trip, stored for the ETAs of later loads', async () => {
    const world = await createWorld(server);
    expect(await server.app.siteRepository.learnedProfile(world.site.id)).toBeNull();
    // 20 km due north to the gate in 40 min (30 km/h over the ground), a fix a minute, then three inside the geofence.
    const start = Date.now() - 45 * MIN;
    const fixes = Array.from({ length: 41 }, (_, i) => fixAtTime(PLANT.lat + (20_000 - i * 500) * DEG_PER_M, PLANT.lon, start + i * MIN, { speed: 8.3 }));
    fixes.push(...[1, 2, 3].map((i) => fixAtTime(PLANT.lat + 50 * DEG_PER_M, PLANT.lon, start + (40 + i) * MIN, { speed: 0 })));
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: { pings: fixes } });
    expect(res.statusCode).toBe(202);
    const shipment = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<{ status: string }>();
    expect(shipment.status).toBe('arrived');

    const learned = await server.app.siteRepository.learnedProfile(world.site.id);
    expect(learned).not.toBeNull();
    expect(learned!.samples).toBe(1);
    // A straight road: road driven ÷ great circle is about 1.
    expect(learned!.roadFactor).toBeGreaterThanOrEqual(1);
    expect(learned!.roadFactor).toBeLessThan(1.05);
    // 30 km/h is slower than the typical speeds predict for 20 km: a pace above 1 (trips take longer).
    expect(learned!.pace).toBeGreaterThan(1);
  });
});
