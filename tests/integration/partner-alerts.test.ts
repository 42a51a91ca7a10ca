import type { Alert } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { alertWithoutPersistence, createWorld, fixAt, latForEta, PLANT, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';
import { collect, connectSocket, nextEvent, subscribe, type ClientSocket } from './helpers/socket';

describe.each(backends())("the alerts of a partner's own loads [$name]", (backend) => {
  let server: TestServer;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    // A narrow ETA band (±3 min), so a truck 60 min late is plainly late.
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0', TRACKING_BAND_EARLY_RATIO: '1', TRACKING_BAND_LATE_RATIO: '1' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  const lateWorld = async (): Promise<World> => {
    const world = await createWorld(server, { supplier: `Supplier ${Math.random().toString(36).slice(2, 8)}` });
    await alertWithoutPersistence(server, world.site.id);
    return world;
  };
  const lateBy = (world: World, etaMinutes: number) => server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(latForEta(etaMinutes), PLANT.lon, 0, { speed: 20 }) });
  const partnerSocket = async (headers: Record<string, string>, shipmentId: string) => {
    const socket = await connectSocket(server.url, { cookie: headers.cookie! });
    sockets.push(socket);
    expect(await subscribe(socket, { shipmentId })).toEqual({ ok: true });
    return socket;
  };
  const partnerAlerts = async (headers: Record<string, string>) => {
    const res = await server.app.inject({ url: '/api/v1/partner/alerts', headers });
    expect(res.statusCode).toBe(200);
    return res.json<{ alerts: Alert[] }>().alerts;
  };

  it("tells the load's carrier and supplier live that the plant expects the truck late, and what the plant did about it, without the plant's note", async () => {
    const world = await lateWorld();
    const other = await lateWorld();
    const carrier = (await signedInUser(server, 'carrier', { carrierId: world.carrier.id })).headers;
    const supplier = (await signedInUser(server, 'supplier', { supplier: world.shipment.supplier })).headers;
    const stranger = (await signedInUser(server, 'carrier', { carrierId: other.carrier.id })).headers;
    const planner = (await signedInUser(server, 'planner', { siteIds: [world.site.id] })).headers;
    const carrierSocket = await partnerSocket(carrier, world.shipment.id);
    const supplierSocket = await partnerSocket(supplier, world.shipment.id);
    const strangerSocket = await partnerSocket(stranger, other.shipment.id);
    const strangerSaw = collect(strangerSocket, 'alert:raised');

    const toCarrier = nextEvent(carrierSocket, 'alert:raised', (a) => a.shipmentId === world.shipment.id);
    const toSupplier = nextEvent(supplierSocket, 'alert:raised', (a) => a.shipmentId === world.shipment.id);
    expect((await lateBy(world, 150)).statusCode).toBe(202);
    const raised = await toCarrier;
    expect(raised).toMatchObject({ kind: 'late_predicted', state: 'open', reference: world.shipment.reference });
    expect(raised.etaLatest).not.toBeNull();
    expect((await toSupplier).id).toBe(raised.id);
    expect((await partnerAlerts(carrier)).map((a) => a.id)).toEqual([raised.id]);
    expect((await partnerAlerts(supplier)).map((a) => a.id)).toEqual([raised.id]);

    // The other carrier hears of its own late truck, and never of this one.
    const own = nextEvent(strangerSocket, 'alert:raised', (a) => a.shipmentId === other.shipment.id);
    expect((await lateBy(other, 150)).statusCode).toBe(202);
    await own;
    strangerSaw.stop();
    expect(strangerSaw.seen.map((a) => a.shipmentId)).toEqual([other.shipment.id]);
    expect((await partnerAlerts(stranger)).map((a) => a.shipmentId)).toEqual([other.shipment.id]);

    // The plant acknowledges with a note of its own: the partners see that it was seen, not the note or who.
    const acked = nextEvent(carrierSocket, 'alert:updated', (a) => a.id === raised.id);
    const ack = await server.app.inject({ method: 'POST', url: `/api/v1/alerts/${raised.id}/ack`, headers: planner, payload: { note: 'Line 3 re-sequenced; Müller is slow again' } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json<Alert>().ackNote).toMatch(/Müller/);
    const seen = await acked;
    expect(seen).toMatchObject({ state: 'acknowledged', acknowledgedBy: null, ackNote: null });
    expect(seen.acknowledgedAt).not.toBeNull();
    expect(await partnerAlerts(carrier)).toEqual([expect.objectContaining({ id: raised.id, state: 'acknowledged', acknowledgedBy: null, ackNote: null })]);

    // Read only: a partner cannot acknowledge, and reads no alert outside its loads.
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/alerts/${raised.id}/ack`, headers: carrier, payload: {} })).statusCode).toBe(403);
    expect((await server.app.inject({ url: `/api/v1/alerts/${raised.id}`, headers: carrier })).statusCode).toBe(403);

    // Back on time: the alert resolves, live, and leaves the partner's list.
    const resolved = nextEvent(supplierSocket, 'alert:resolved', (a) => a.id === raised.id);
    expect((await lateBy(world, 70)).statusCode).toBe(202);
    expect((await resolved).ackNote).toBeNull();
    expect(await partnerAlerts(supplier)).toEqual([]);
  });
});
