import type { Alert, AlertSettings, Shipment, ShipmentHistory } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, realBackend } from './helpers/backends';
import { alertWithoutPersistence, createShipment, createWorld as createSite, fixAt, fixAtTime, latForEta, PLANT, type World } from './helpers/fixtures';
import { collect, connectSocket, nextEvent, subscribe, type ClientSocket } from './helpers/socket';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';
import { WebhookReceiver } from './helpers/webhook-receiver';
import { verifyWebhookSignature } from '@dockwatch/server';

// A band of ±3 min (ratios 1) keeps the figures these tests assert readable.
const BAND_ENV = { TRACKING_BAND_EARLY_RATIO: '1', TRACKING_BAND_LATE_RATIO: '1' };

describe.each(backends())('late-arrival alerts [$name]', (backend) => {
  let server: TestServer;
  let socket: ClientSocket;

  beforeAll(async () => {
    // The timer stays off: tests run the sweep themselves.
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0', ...BAND_ENV } });
    socket = await connectSocket(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    socket?.close();
    await server?.close();
  });

  /** A site whose alerts come at once (no persistence) and a shipment to it. */
  const createWorld = async (...args: Parameters<typeof createSite>): Promise<World> => {
    const world = await createSite(...args);
    await alertWithoutPersistence(args[0], world.site.id);
    return world;
  };
  const ping = (world: World, etaMinutes: number, secondsAgo = 0) =>
    server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(latForEta(etaMinutes), PLANT.lon, secondsAgo, { speed: 20 }) });
  const alertsOf = async (shipmentId: string, state?: string) =>
    (await server.app.inject({ url: `/api/v1/alerts?shipmentId=${shipmentId}${state ? `&state=${state}` : ''}`, headers: server.staff })).json<{ alerts: Alert[] }>().alerts;

  it('raises exactly one late_predicted alert for a late truck, on the socket and in the API', async () => {
    const world = await createWorld(server); // window 60–90 min ahead
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
    const all = collect(socket, 'alert:raised');
    const raised = nextEvent(socket, 'alert:raised', (a) => a.shipmentId === world.shipment.id);

    expect((await ping(world, 150)).statusCode).toBe(202);
    const alert = await raised;
    expect(alert).toMatchObject({ kind: 'late_predicted', state: 'open', siteId: world.site.id, reference: world.shipment.reference, severity: 3 });
    expect(alert.delayMinutes).toBeGreaterThanOrEqual(55);
    expect(alert.delayMinutes).toBeLessThanOrEqual(65);
    expect(alert.leadMinutes).toBeGreaterThanOrEqual(88);
    expect(alert.items).toEqual(world.shipment.items);

    // More late pings: the same alert, never a second one.
    await ping(world, 152, -0);
    await ping(world, 149);
    all.stop();
    expect(all.seen.filter((a) => a.shipmentId === world.shipment.id)).toHaveLength(1);
    const open = await alertsOf(world.shipment.id, 'open');
    expect(open).toHaveLength(1);
    expect(open[0]!.id).toBe(alert.id);
    const one = await server.app.inject({ url: `/api/v1/alerts/${alert.id}`, headers: server.staff });
    expect(one.json<Alert>()).toMatchObject({ id: alert.id, kind: 'late_predicted' });
  });

  it('escalates at_risk to late_predicted in place, and resolves when the truck is back on time', async () => {
    const world = await createWorld(server);
    expect(await subscribe(socket, { shipmentId: world.shipment.id })).toEqual({ ok: true });
    const raised = nextEvent(socket, 'alert:raised', (a) => a.shipmentId === world.shipment.id);
    await ping(world, 88.5, 60);
    expect(await raised).toMatchObject({ kind: 'at_risk', delayMinutes: 0 });

    const escalated = nextEvent(socket, 'alert:updated', (a) => a.shipmentId === world.shipment.id);
    await ping(world, 130, 30);
    const updated = await escalated;
    expect(updated).toMatchObject({ kind: 'late_predicted', state: 'open' });
    expect(updated.id).toBe((await raised).id);
    expect(Date.parse(updated.notifiedAt)).toBeGreaterThan(Date.parse(updated.raisedAt));

    const resolved = nextEvent(socket, 'alert:resolved', (a) => a.shipmentId === world.shipment.id);
    await ping(world, 70);
    expect(await resolved).toMatchObject({ id: updated.id, state: 'resolved' });
    expect(await alertsOf(world.shipment.id, 'open')).toEqual([]);

    const history = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/history`, headers: server.staff })).json<ShipmentHistory>();
    expect(history.alerts.map((c) => [c.change, c.kind])).toEqual([
      ['raised', 'at_risk'],
      ['notified', 'late_predicted'],
      ['resolved', 'late_predicted'],
    ]);
    expect(history.eta.map((e) => e.windowStatus)).toEqual(['at_risk', 'late', 'on_time']);
  });

  it('stops notifying once acknowledged, but keeps the alert visible until it resolves', async () => {
    const world = await createWorld(server);
    await ping(world, 120, 60);
    const [alert] = await alertsOf(world.shipment.id, 'open');
    expect(alert).toBeDefined();
    expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });

    const acked = nextEvent(socket, 'alert:updated', (a) => a.id === alert!.id);
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/alerts/${alert!.id}/ack`, headers: server.staff, payload: { note: 'Line 3 resequenced' } });
    expect(res.statusCode).toBe(200);
    expect(res.json<Alert>()).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'admin', ackNote: 'Line 3 resequenced' });
    expect((await acked).state).toBe('acknowledged');
    const again = await server.app.inject({ method: 'POST', url: `/api/v1/alerts/${alert!.id}/ack`, headers: server.staff, payload: {} });
    expect(again.statusCode).toBe(409);

    // Much later still: updated, not re-notified.
    await ping(world, 200, 30);
    const [after] = await alertsOf(world.shipment.id, 'acknowledged');
    expect(after!.delayMinutes).toBeGreaterThan(alert!.delayMinutes! + 30);
    expect(after!.notifiedAt).toBe(alert!.notifiedAt);

    await ping(world, 70);
    expect((await alertsOf(world.shipment.id))[0]).toMatchObject({ state: 'resolved', acknowledgedBy: 'admin' });
  });

  it('delivers the alert to a webhook receiver, signed, from the outbox written with it', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const world = await createWorld(server);
      const secret = 'planner-hook-secret-0123';
      const hook = await server.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${world.site.id}/webhooks`,
        headers: server.staff,
        payload: { url: receiver.url, events: ['alert.raised', 'alert.resolved'], secret },
      });
      expect(hook.statusCode).toBe(201);
      await ping(world, 150);
      const [raised] = await receiver.waitFor(1);
      expect(raised!.body).toMatchObject({ type: 'alert.raised', data: { shipmentId: world.shipment.id, kind: 'late_predicted', state: 'open' } });
      expect(verifyWebhookSignature(raised!.headers['dockwatch-signature'] as string, raised!.rawBody, secret)).toBe(true);
      // Back on time: resolved is delivered too; the silent updates in between are not.
      await ping(world, 70);
      const [, resolved] = await receiver.waitFor(2);
      expect(resolved!.body).toMatchObject({ type: 'alert.resolved', data: { id: raised!.body!.data.id, state: 'resolved' } });
    } finally {
      await receiver.close();
    }
  });

  it('never raises an alert from a backfilled ping older than the latest position', async () => {
    const world = await createWorld(server);
    await ping(world, 70, 10);
    // Recorded earlier far away (it would be late), delivered now: history only.
    const res = await ping(world, 300, 600);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await alertsOf(world.shipment.id)).toEqual([]);
  });

  it('raises missed_window from the sweep when the window passed, and early_arrival on an early arrival', async () => {
    const now = Date.now();
    const world = await createWorld(server, { windowStart: new Date(now - 50 * 60_000).toISOString(), windowEnd: new Date(now - 20 * 60_000).toISOString() }, now);
    await ping(world, 30, 5);
    await server.app.tracking.sweep();
    const kinds = (await alertsOf(world.shipment.id, 'open')).map((a) => a.kind).sort();
    // Past the window end the truck is no longer predicted late: it has missed the window.
    expect(kinds).toEqual(['missed_window']);

    const early = await createShipment(server, {
      siteId: world.site.id,
      carrierId: world.carrier.id,
      windowStart: new Date(now + 3 * 3_600_000).toISOString(),
      windowEnd: new Date(now + 4 * 3_600_000).toISOString(),
    });
    await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${early.id}/events`, headers: server.staff, payload: { type: 'arrived' } });
    expect((await alertsOf(early.id, 'open')).map((a) => a.kind)).toEqual(['early_arrival']);
  });

  it('lets silence push the ETA later and raises stale_tracking from the sweep', async () => {
    const world = await createWorld(server);
    await server.app.inject({ method: 'PATCH', url: `/api/v1/sites/${world.site.id}/alert-settings`, headers: server.staff, payload: { staleAfterMinutes: 5 } });
    // The last fix four minutes before `now`, the sweep three minutes after it: seven minutes of
    // silence however long the machine takes in between.
    const now = Date.now();
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAtTime(latForEta(70), PLANT.lon, now - 4 * 60_000, { speed: 20 }) });
    const before = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<Shipment>();
    expect(await alertsOf(world.shipment.id)).toEqual([]);

    await server.app.tracking.sweep(now + 3 * 60_000);
    const after = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<Shipment>();
    expect(after.version).toBe(before.version + 1);
    // Driven on or standing since? The ETA takes half of each silent minute (1.5 of the 3 more), the
    // band's late edge all of them (the truck may have stood the whole time): later, never frozen.
    const drift = (Date.parse(after.eta!) - Date.parse(before.eta!)) / 60_000;
    expect(drift).toBeGreaterThan(1.2);
    expect(drift).toBeLessThan(1.8);
    const lateDrift = (Date.parse(after.etaLatest!) - Date.parse(before.etaLatest!)) / 60_000;
    expect(lateDrift).toBeGreaterThan(2.5);
    expect(Date.parse(after.etaEarliest!)).toBeLessThanOrEqual(Date.parse(after.eta!));
    expect((await alertsOf(world.shipment.id, 'open')).map((a) => a.kind)).toContain('stale_tracking');
    // A fresh ping clears it.
    await ping(world, 70);
    expect((await alertsOf(world.shipment.id, 'open')).map((a) => a.kind)).not.toContain('stale_tracking');
  });

  it('keeps per-site thresholds with defaults and validates changes', async () => {
    const world = await createWorld(server);
    const url = `/api/v1/sites/${world.site.id}/alert-settings`;
    const defaults = (await server.app.inject({ url, headers: server.staff })).json<AlertSettings>();
    // The site's alerts come at once here (see createWorld); every other threshold is the default.
    expect(defaults).toEqual({ atRiskFraction: 0.25, staleAfterMinutes: 15, earlyArrivalToleranceMinutes: 30, escalationStepMinutes: 15, raiseAfterMinutes: 0, resolveAfterMinutes: 0 });
    const patched = await server.app.inject({ method: 'PATCH', url, headers: server.staff, payload: { atRiskFraction: 0.05 } });
    expect(patched.json<AlertSettings>()).toMatchObject({ atRiskFraction: 0.05, staleAfterMinutes: 15 });
    expect((await server.app.inject({ method: 'PATCH', url, headers: server.staff, payload: { atRiskFraction: 2 } })).statusCode).toBe(400);
    expect((await server.app.inject({ method: 'PATCH', url, headers: server.staff, payload: {} })).statusCode).toBe(400);
    // An ETA 2 min before the window end whose band reaches past it: at risk only while that is the window's last quarter.
    await ping(world, 88);
    expect(await alertsOf(world.shipment.id, 'open')).toEqual([]);
    await server.app.inject({ method: 'PATCH', url, headers: server.staff, payload: { atRiskFraction: 0.25 } });
    await ping(world, 88.5);
    expect((await alertsOf(world.shipment.id, 'open')).map((a) => a.kind)).toEqual(['at_risk']);
  });

  it('raises a predicted lateness only once it has held for the persistence time', async () => {
    const now = Date.now();
    const world = await createSite(server, {}, now);
    const settings = (await server.app.inject({ url: `/api/v1/sites/${world.site.id}/alert-settings`, headers: server.staff })).json<AlertSettings>();
    expect(settings).toMatchObject({ raiseAfterMinutes: 3, resolveAfterMinutes: 15 });
    expect((await ping(world, 200)).statusCode).toBe(202);
    // The condition was first seen when the ping was ingested, at or before this moment.
    const seen = Date.now();
    // Seen late once: nothing yet, a single bad ETA must not wake a planner.
    expect(await alertsOf(world.shipment.id)).toEqual([]);
    await server.app.tracking.sweep(now + 2 * 60_000);
    expect(await alertsOf(world.shipment.id)).toEqual([]);
    await server.app.tracking.sweep(seen + 3 * 60_000 + 1_000);
    const [raised] = await alertsOf(world.shipment.id, 'open');
    expect(raised).toMatchObject({ kind: 'late_predicted' });
  });
});

const real = realBackend();

describe.runIf(real)('alert sweeps on several instances', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(real!, { env: { ALERT_SWEEP_S: '0' } }), startServer(real!, { env: { ALERT_SWEEP_S: '0' } })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('raises a time-based alert once when two instances sweep at the same moment', async () => {
    const now = Date.now();
    const world = await createSite(a, { windowStart: new Date(now - 40 * 60_000).toISOString(), windowEnd: new Date(now - 10 * 60_000).toISOString() }, now);
    await a.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.3, PLANT.lon, 5, { speed: 20 }) });
    await Promise.all([a.app.tracking.sweep(), b.app.tracking.sweep(), a.app.tracking.sweep(), b.app.tracking.sweep()]);
    const alerts = (await b.app.inject({ url: `/api/v1/alerts?shipmentId=${world.shipment.id}&kind=missed_window`, headers: b.staff })).json<{ alerts: Alert[] }>().alerts;
    expect(alerts).toHaveLength(1);
  });
});
