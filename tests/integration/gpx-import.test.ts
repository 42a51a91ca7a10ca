import type { DeviceList, Shipment, Track } from '@dockwatch/shared';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createShipment, createWorld } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

/** The approach fixture with its four points 3 h, 2 h 55, 2 h 50 and 2 h 45 ago. */
function approachGpx(now: number): { xml: string; times: string[] } {
  const times = [180, 175, 170, 165].map((m) => new Date(now - m * 60_000).toISOString());
  const xml = readFileSync(new URL('../fixtures/gpx/approach.gpx', import.meta.url), 'utf8').replaceAll(/\{\{T(\d)\}\}/g, (_, i: string) => times[Number(i)]!);
  return { xml, times };
}

describe.each(backends())('GPX import [$name]', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server?.close();
  });

  const upload = (shipmentId: string, xml: string) =>
    server.app.inject({ method: 'POST', url: `/api/v1/shipments/${shipmentId}/gpx`, headers: { ...server.staff, 'content-type': 'application/gpx+xml' }, payload: xml });

  it("backfills a recorded track as the device's pings: on the track, filtered, and moving the shipment", async () => {
    const world = await createWorld(server);
    const { xml, times } = approachGpx(Date.now());
    const res = await upload(world.shipment.id, xml);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ points: 4, accepted: 3, duplicates: 0, rejected: 1 });

    const track = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers: server.staff })).json<Track>();
    // Recorded hours before the shipment existed, and still on its track.
    expect(track.geometry.coordinates).toEqual([
      [11.6, 48.35],
      [11.6, 48.3],
      [11.59, 48.25],
    ]);
    const shipment = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<Shipment>();
    expect(shipment.position).toMatchObject({ lat: 48.25, lon: 11.59, ts: times[2] });

    const [device] = (await server.app.inject({ url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff })).json<DeviceList>().devices;
    // The import is not the device reporting.
    expect(device).toMatchObject({ lastSeenAt: null, rejectedByReason: { invalid_coordinates: 1 } });

    const again = await upload(world.shipment.id, xml);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 3 });
  });

  it('refuses a broken file whole and a shipment without a device', async () => {
    const world = await createWorld(server);
    const broken = await upload(world.shipment.id, '<gpx><trk><trkseg><trkpt lat="48" lon="11"><time>2025');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_gpx');
    const bare = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id });
    const res = await upload(bare.id, approachGpx(Date.now()).xml);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('no_device');
  });
});
