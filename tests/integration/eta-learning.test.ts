import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import type { Shipment } from '@dockwatch/shared';
import { createShipment, createWorld, fixAtTime, PLANT, type World } from './helpers/fixtures';
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

describe.each(backends())('ETA lanes and overdue trucks [$name]', (backend) => {
  let server: TestServer;
  let clock = Date.parse('2026-03-02T06:00:00Z');
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = async (auth: { authorization: string }, pings: unknown[]) => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: auth, payload: { pings } });
    expect(res.statusCode, res.body).toBe(202);
  };
  const get = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();
  /** A point `northM` north and `eastM` east of the plant (flat enough at these distances). */
  const at = (northM: number, eastM: number) => ({ lat: PLANT.lat + northM * DEG_PER_M, lon: PLANT.lon + (eastM * DEG_PER_M) / Math.cos((PLANT.lat * Math.PI) / 180) });

  /** One trip of 20 km straight in from `dir` at `kmh`, a fix a minute, ending with three fixes at the gate; the clock ends after it. */
  async function trip(world: World, dir: { north: number; east: number }, kmh: number): Promise<void> {
    const shipment = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: world.device.id }, clock);
    const stepM = (kmh / 3.6) * 60;
    const fixes = [];
    for (let i = 0, d = 20_000; d > 0; i++, d -= stepM) {
      const p = at(d * dir.north, d * dir.east);
      fixes.push(fixAtTime(p.lat, p.lon, clock + i * MIN, { speed: kmh / 3.6 }));
    }
    const end = clock + fixes.length * MIN;
    fixes.push(...[0, 1, 2].map((i) => fixAtTime(PLANT.lat + 50 * DEG_PER_M, PLANT.lon, end + i * MIN, { speed: 0 })));
    clock = end + 3 * MIN;
    await post(world.deviceAuth, fixes);
    expect((await get(shipment.id)).status).toBe('arrived');
  }

  it('learns each origin area apart: a load from where trips run slow gets a later ETA than one as far out where they run fast', async () => {
    const world = await createWorld(server, {}, clock);
    const NORTH = { north: 1, east: 0 };
    const EAST = { north: 0, east: 1 };
    for (let i = 0; i < 5; i++) await trip(world, NORTH, 25);
    for (let i = 0; i < 5; i++) await trip(world, EAST, 90);
    const learned = await server.app.siteRepository.learnedProfiles(world.site.id);
    // The site, two origin areas, and the carrier's lane from each.
    expect(learned.size).toBe(5);
    expect(learned.get('')!.samples).toBe(10);

    // Two more loads of the same carrier, each with its first fix 18 km out: one north, one east.
    const other = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff, payload: { name: 'Truck 2' } });
    const device2 = other.json<{ id: string; token: string }>();
    const fromNorth = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: world.device.id }, clock);
    const fromEast = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: device2.id }, clock);
    const n = at(18_000, 0);
    const e = at(0, 18_000);
    await post(world.deviceAuth, [fixAtTime(n.lat, n.lon, clock, { speed: 10 })]);
    await post({ authorization: `Bearer ${device2.token}` }, [fixAtTime(e.lat, e.lon, clock, { speed: 10 })]);
    const etaNorth = (Date.parse((await get(fromNorth.id)).eta!) - clock) / MIN;
    const etaEast = (Date.parse((await get(fromEast.id)).eta!) - clock) / MIN;
    // 18 km at 25 km/h is about 43 min, at 90 km/h about 12 min: each load gets its own area's pace, not the site's mix.
    expect(etaNorth).toBeGreaterThan(etaEast + 15);
    expect(etaNorth).toBeGreaterThan(30);
    expect(etaEast).toBeLessThan(25);
  });

  it('says a truck is overdue once the arrival its last fix predicted has passed, and keeps its ETA from falling behind the clock', async () => {
    const world = await createWorld(server, {}, clock);
    const p = at(3_000, 0);
    await post(world.deviceAuth, [fixAtTime(p.lat, p.lon, clock, { speed: 12 })]);
    const fresh = await get(world.shipment.id);
    expect(fresh.etaOverdue).toBe(false);
    const due = Date.parse(fresh.eta!);

    // Nothing more from the truck; the sweep runs an hour later.
    clock += 60 * MIN;
    await server.app.tracking.sweep(clock);
    const later = await get(world.shipment.id);
    expect(later.status).toBe('in_transit');
    expect(later.etaOverdue).toBe(true);
    expect(Date.parse(later.eta!)).toBeGreaterThanOrEqual(clock);
    expect(Date.parse(later.eta!)).toBeGreaterThan(due);

    // The truck reports again on its way in: no longer overdue.
    const q = at(1_500, 0);
    await post(world.deviceAuth, [fixAtTime(q.lat, q.lon, clock, { speed: 12 })]);
    expect((await get(world.shipment.id)).etaOverdue).toBe(false);
  });
});
