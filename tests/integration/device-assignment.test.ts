import type { AuditEntry, Board, Device, DeviceCreated, Shipment } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createShipment, createWorld, fixAt, type World } from './helpers/fixtures';
import { connectSocket, nextSiteUpdate, subscribe, type ClientSocket } from './helpers/socket';
import { startServer, type TestServer } from './helpers/server';

describe.each(backends())("a carrier's dispatcher assigns its trucks [$name]", (backend) => {
  let server: TestServer;
  let world: World;
  let other: World;
  let dispatcher: Record<string, string>;
  let clerk: Record<string, string>;
  let board: ClientSocket;

  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' } });
    world = await createWorld(server);
    other = await createWorld(server, {}, Date.now());
    dispatcher = (await signedInUser(server, 'carrier', { carrierId: world.carrier.id })).headers;
    clerk = (await signedInUser(server, 'clerk', { siteIds: [world.site.id] })).headers;
    board = await connectSocket(server.url, { cookie: clerk.cookie! });
    expect(await subscribe(board, { siteId: world.site.id })).toEqual({ ok: true });
  });
  afterAll(async () => {
    board?.close();
    await server?.close();
  });

  const newTruck = async (carrierId: string, name: string) => {
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${carrierId}/devices`, headers: server.staff, payload: { name } });
    expect(res.statusCode).toBe(201);
    return res.json<DeviceCreated>();
  };
  const assign = (shipmentId: string, deviceId: unknown, headers: Record<string, string> = dispatcher) =>
    server.app.inject({ method: 'PUT', url: `/api/v1/shipments/${shipmentId}/device`, headers, payload: { deviceId } });
  const current = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();
  const onBoard = async (id: string) =>
    (await server.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: clerk })).json<Board>().shipments.find((s) => s.id === id);

  it("puts the dispatcher's truck on its load: the clerk's board shows the device at once and then its positions and ETA", async () => {
    const load = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id });
    const truck = await newTruck(world.carrier.id, 'Truck 7');

    const picker = await server.app.inject({ url: `/api/v1/shipments/${load.id}/devices`, headers: dispatcher });
    expect(picker.statusCode).toBe(200);
    expect(picker.json<{ devices: Device[] }>().devices.map((d) => d.name)).toEqual(['Truck 1', 'Truck 7']);

    const assigned = nextSiteUpdate(board, (s) => s.id === load.id && s.deviceId === truck.id);
    const res = await assign(load.id, truck.id);
    expect(res.statusCode).toBe(200);
    expect(res.json<Shipment>()).toMatchObject({ id: load.id, deviceId: truck.id });
    expect((await assigned).version).toBeGreaterThan(load.version);
    expect((await onBoard(load.id))?.deviceId).toBe(truck.id);

    // The truck's next fix moves the load on the board, with an ETA.
    const moved = nextSiteUpdate(board, (s) => s.id === load.id && s.position !== null);
    const ping = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: { authorization: `Bearer ${truck.token}` }, payload: fixAt(48.4, 11.6, 0, { speed: 20 }) });
    expect(ping.statusCode).toBe(202);
    const seen = await moved;
    expect(seen.position).toMatchObject({ lat: 48.4, lon: 11.6 });
    expect(seen.eta).not.toBeNull();

    const audit = (await server.app.inject({ url: `/api/v1/audit?action=shipment:assign&outcome=allowed&limit=100`, headers: server.staff })).json<{ entries: AuditEntry[] }>().entries;
    expect(audit.find((e) => e.resourceId === load.id)?.details).toMatchObject({ from: null, to: truck.id });
  });

  it("takes the load off its truck: the board shows no device, and the truck's fixes no longer move it", async () => {
    const truck = await newTruck(world.carrier.id, 'Truck 8');
    const load = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: truck.id });
    const cleared = nextSiteUpdate(board, (s) => s.id === load.id && s.deviceId === null);
    const res = await assign(load.id, null);
    expect(res.statusCode).toBe(200);
    await cleared;
    expect((await onBoard(load.id))?.deviceId).toBeNull();

    const before = await current(load.id);
    const ping = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: { authorization: `Bearer ${truck.token}` }, payload: fixAt(48.4, 11.6, 0) });
    expect(ping.statusCode).toBe(202);
    expect(await current(load.id)).toMatchObject({ version: before.version, position: null });
  });

  it("refuses another carrier's truck, another carrier's load, a revoked truck and a closed load, and changes nothing", async () => {
    const load = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: world.device.id });
    const revoked = await newTruck(world.carrier.id, 'Old truck');
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/carriers/${world.carrier.id}/devices/${revoked.id}`, headers: server.staff })).statusCode).toBe(200);
    const before = await current(load.id);

    const refusals: [string, Awaited<ReturnType<typeof assign>>, number, string][] = [
      // To a dispatcher another carrier's truck does not exist; the plant is told why it does not fit.
      ["the dispatcher, another carrier's truck", await assign(load.id, other.device.id), 404, 'not_found'],
      ["the plant, another carrier's truck", await assign(load.id, other.device.id, server.staff), 409, 'device_of_other_carrier'],
      ['a revoked truck', await assign(load.id, revoked.id), 409, 'device_revoked'],
      ['a truck that does not exist', await assign(load.id, '00000000-0000-4000-8000-000000000000'), 404, 'not_found'],
      ['not an id', await assign(load.id, 'truck-7'), 400, 'validation_failed'],
    ];
    const failures = refusals.filter(([, res, status, code]) => res.statusCode !== status || res.json<{ error: { code: string } }>().error.code !== code).map(([what, res]) => `${what}: ${res.statusCode} ${res.body}`);
    expect(failures).toEqual([]);
    expect(await current(load.id)).toMatchObject({ version: before.version, deviceId: world.device.id });
    // A foreign load, and the picker of one, answer as if they did not exist.
    expect((await assign(other.shipment.id, world.device.id)).statusCode).toBe(404);
    expect((await server.app.inject({ url: `/api/v1/shipments/${other.shipment.id}/devices`, headers: dispatcher })).statusCode).toBe(404);
    expect(await current(other.shipment.id)).toMatchObject({ version: other.shipment.version, deviceId: other.device.id });
    // The picker leaves the revoked truck out.
    const picker = (await server.app.inject({ url: `/api/v1/shipments/${load.id}/devices`, headers: dispatcher })).json<{ devices: Device[] }>();
    expect(picker.devices.map((d) => d.id)).not.toContain(revoked.id);

    for (const steps of [['arrived', 'received'], ['cancelled']]) {
      const type = steps.at(-1);
      const closed = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id });
      for (const step of steps) {
        const res = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${closed.id}/events`, headers: server.staff, payload: { type: step } });
        expect(res.statusCode, res.body).toBe(201);
      }
      const done = await current(closed.id);
      const res = await assign(closed.id, world.device.id);
      expect(res.statusCode, type).toBe(409);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('shipment_closed');
      expect(await current(closed.id)).toMatchObject({ version: done.version, deviceId: null });
    }
  });
});
