import type { Shipment, ShipmentList, StatusEventList } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createShipment, createWorld, type World } from './helpers/fixtures';
import { HOSTILE } from './helpers/hostile';
import { startServer, type TestServer } from './helpers/server';


describe.each(backends())('partner text round-trips as plain text [$name]', (backend) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await startServer(backend);
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stores and answers references, supplier names and notes byte for byte, and filters on them', async () => {
    const shipment = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, reference: HOSTILE.reference, supplier: HOSTILE.supplier });
    expect(shipment).toMatchObject({ reference: HOSTILE.reference, supplier: HOSTILE.supplier });
    const event = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${shipment.id}/events`, headers: server.staff, payload: { type: 'delayed', note: HOSTILE.note } });
    expect(event.statusCode).toBe(201);

    const fetched = (await server.app.inject({ url: `/api/v1/shipments/${shipment.id}`, headers: server.staff })).json<Shipment>();
    expect(fetched).toMatchObject({ reference: HOSTILE.reference, supplier: HOSTILE.supplier });
    const events = (await server.app.inject({ url: `/api/v1/shipments/${shipment.id}/events`, headers: server.staff })).json<StatusEventList>();
    expect(events.events.map((e) => e.note)).toEqual([HOSTILE.note]);
    const byReference = await server.app.inject({ url: `/api/v1/shipments?reference=${encodeURIComponent(HOSTILE.reference)}`, headers: server.staff });
    expect(byReference.json<ShipmentList>().shipments.map((s) => s.id)).toEqual([shipment.id]);
    // The tables are all still there.
    expect((await server.app.inject({ url: '/api/v1/users', headers: server.staff })).statusCode).toBe(200);
  });

  it('binds a supplier user to a hostile supplier name exactly, and sees only that supplier', async () => {
    const own = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, supplier: `${HOSTILE.supplier}!` });
    const { headers } = await signedInUser(server, 'supplier', { supplier: `${HOSTILE.supplier}!` });
    const list = (await server.app.inject({ url: '/api/v1/shipments', headers })).json<ShipmentList>();
    expect(list.shipments.map((s) => s.id)).toEqual([own.id]);
  });
});
