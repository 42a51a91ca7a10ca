import type { StatusExport } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, fixAt, PLANT } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

describe.each(backends())('status event export with EDI 214 codes [$name]', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("exports a site's lifecycle as JSON and CSV with the standard codes", async () => {
    const world = await createWorld(server);
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6, 600) });
    const post = (type: string, note?: string) =>
      server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff, payload: { type, ...(note ? { note } : {}) } });
    expect((await post('delayed', 'Stau auf der A9, "Unfall"')).statusCode).toBe(201);
    for (const type of ['in_transit', 'arrived', 'at_dock', 'unloading', 'received']) expect((await post(type)).statusCode).toBe(201);

    const json = await server.app.inject({ url: `/api/v1/sites/${world.site.id}/status-events`, headers: server.staff });
    expect(json.statusCode).toBe(200);
    const { events } = json.json<StatusExport>();
    expect(events.map((e) => [e.type, e.ediCode])).toEqual([
      ['in_transit', 'X6'],
      ['delayed', 'SD'],
      ['in_transit', 'X6'],
      ['arrived', 'X1'],
      ['at_dock', 'X5'],
      ['unloading', null],
      ['received', 'D1'],
    ]);
    expect(events[0]).toMatchObject({ shipmentId: world.shipment.id, reference: world.shipment.reference, carrierId: world.carrier.id, source: 'system' });

    const csv = await server.app.inject({ url: `/api/v1/sites/${world.site.id}/status-events?format=csv`, headers: server.staff });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('eventId,shipmentId,reference,supplier,carrierId,siteId,dock,type,ediCode,ts,source,note');
    expect(lines).toHaveLength(8);
    expect(lines[2]).toContain(',delayed,SD,');
    expect(lines[2]).toContain('"Stau auf der A9, ""Unfall"""');

    // The truck leaves: one fix outside could be jitter, three confirm it (CD, at the first).
    const leave = (lat: number, secondsAhead: number) =>
      server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(lat, PLANT.lon, -secondsAhead) });
    const first = await leave(PLANT.lat + 0.02, 1);
    expect(first.statusCode).toBe(202);
    const exportNow = async () => (await server.app.inject({ url: `/api/v1/sites/${world.site.id}/status-events`, headers: server.staff })).json<StatusExport>().events;
    expect((await exportNow()).some((e) => e.type === 'departed')).toBe(false);
    await leave(PLANT.lat + 0.03, 2);
    await leave(PLANT.lat + 0.04, 3);
    const departed = (await exportNow()).at(-1)!;
    expect(departed).toMatchObject({ type: 'departed', ediCode: 'CD', eventId: null, source: 'geofence', shipmentId: world.shipment.id });
    expect(Date.parse(departed.ts)).toBeGreaterThan(Date.parse(events.at(-1)!.ts));
    const csvAfter = await server.app.inject({ url: `/api/v1/sites/${world.site.id}/status-events?format=csv`, headers: server.staff });
    expect(csvAfter.body.trimEnd().split('\r\n').at(-1)).toMatch(/^,[0-9a-f-]{36},.*,departed,CD,/);

    const later = await server.app.inject({ url: `/api/v1/sites/${world.site.id}/status-events?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, headers: server.staff });
    expect(later.json<StatusExport>().events).toEqual([]);
  });
});
