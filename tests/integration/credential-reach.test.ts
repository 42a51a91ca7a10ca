import type { Shipment, Site, TrackingLinkCreated } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osmand, withToken } from '../fixtures/device-requests';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createShipment, createWorld, fixAt, type World } from './helpers/fixtures';
import { sendRaw } from './helpers/raw';
import { startServer, type TestServer } from './helpers/server';

/** A second plant 30 km north-east of the first. */
const OTHER_PLANT = { lat: 48.35, lon: 11.85 };

const gpxAt = (point: { lat: number; lon: number }, minutesAgo: number[]) => `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
${minutesAgo.map((m) => `<trkpt lat="${point.lat}" lon="${point.lon}"><time>${new Date(Date.now() - m * 60_000).toISOString()}</time></trkpt>`).join('\n')}
</trkseg></trk></gpx>`;

describe.each(backends())('a credential issued for one load moves only what its issuer may touch [$name]', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server?.close();
  });

  const getShipment = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();

  /** A truck carrying a load for site 1 and one for site 2. */
  async function truckForTwoSites(): Promise<{ world: World; foreign: Shipment; otherSite: Site }> {
    const world = await createWorld(server);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers: server.staff,
      payload: { name: `Plant 2 ${world.site.name}`, ...OTHER_PLANT, timezone: 'Europe/Berlin', geofenceRadiusM: 500, docks: ['D1'] },
    });
    const otherSite = res.json<Site>();
    const foreign = await createShipment(server, { siteId: otherSite.id, carrierId: world.carrier.id, deviceId: world.device.id });
    return { world, foreign, otherSite };
  }

  it("a site-1 clerk's driver link for a site-1 load cannot make the site-2 load on the same truck arrive", async () => {
    const { world, foreign, otherSite } = await truckForTwoSites();
    const clerk = await signedInUser(server, 'clerk', { siteIds: [world.site.id] });
    expect((await server.app.inject({ url: `/api/v1/shipments/${foreign.id}`, headers: clerk.headers })).statusCode).toBe(404);
    const created = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/links`, headers: clerk.headers, payload: {} });
    expect(created.statusCode).toBe(201);
    const link = created.json<TrackingLinkCreated>();

    // Four fixes inside site 2's geofence, through the driver page and a tracker app alike.
    const pings = { pings: [240, 180, 120].map((s) => fixAt(otherSite.lat, otherSite.lon, s, { accuracy: 10 })) };
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/driver/pings', headers: { authorization: `Bearer ${link.token}` }, payload: pings });
    expect(res.json()).toEqual({ accepted: 3, duplicates: 0, rejected: 0 });
    const app = withToken({ ...osmand.deviceidNoTimestamp, url: `/osmand?deviceid={{TOKEN}}&lat=${otherSite.lat}&lon=${otherSite.lon}&accuracy=10` }, link.token);
    expect((await sendRaw(server, app)).statusCode).toBe(200);

    const after = await getShipment(foreign.id);
    expect(after).toMatchObject({ status: 'planned', position: null, arrivedAt: null, version: foreign.version });
    // The load the link was issued for took them.
    expect((await getShipment(world.shipment.id)).position).toMatchObject({ lat: otherSite.lat, lon: otherSite.lon });
  });

  it("a site-1 planner's GPX import into a site-1 load does not move the site-2 load on the same truck", async () => {
    const { world, foreign, otherSite } = await truckForTwoSites();
    const planner = await signedInUser(server, 'planner', { siteIds: [world.site.id] });
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/shipments/${world.shipment.id}/gpx`,
      headers: { ...planner.headers, 'content-type': 'application/gpx+xml' },
      payload: gpxAt(otherSite, [10, 8, 6, 4]),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ points: 4, accepted: 4 });
    expect(await getShipment(foreign.id)).toMatchObject({ status: 'planned', position: null, arrivedAt: null, version: foreign.version });
    expect((await getShipment(world.shipment.id)).position).toMatchObject({ lat: otherSite.lat });
  });

  it("a truck's own token and a truck's link still move every load it carries", async () => {
    const { world, foreign } = await truckForTwoSites();
    const link = (await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices/${world.device.id}/links`, headers: server.staff, payload: {} })).json<TrackingLinkCreated>();
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/driver/pings', headers: { authorization: `Bearer ${link.token}` }, payload: { pings: [fixAt(48.6, 11.7, 30)] } });
    expect(res.statusCode).toBe(202);
    expect((await getShipment(foreign.id)).position).toMatchObject({ lat: 48.6 });
    expect((await getShipment(world.shipment.id)).position).toMatchObject({ lat: 48.6 });
  });
});
