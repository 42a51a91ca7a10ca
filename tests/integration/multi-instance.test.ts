import type { Shipment } from '@dockwatch/shared';
import { BUS_CHANNEL } from '@dockwatch/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realBackend } from './helpers/backends';
import { createWorld, fixAt } from './helpers/fixtures';
import { collect, connectSocket, nextSiteUpdate, subscribe, type ClientSocket } from './helpers/socket';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';

const real = realBackend();

// Needs real PostgreSQL + Redis; CI requires them (the global setup fails there otherwise).
describe.runIf(real)('several instances on one database and one Redis', () => {
  let a: TestServer;
  let b: TestServer;
  let onB: ClientSocket;

  beforeAll(async () => {
    // Started together: the migration lock must keep them from racing.
    [a, b] = await Promise.all([startServer(real!), startServer(real!)]);
    onB = await connectSocket(b.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    onB?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('delivers a ping posted to instance A to a browser connected to instance B, once', async () => {
    const world = await createWorld(a);
    expect(await subscribe(onB, { siteId: world.site.id })).toEqual({ ok: true });
    const all = collect(onB, 'shipments:updated');
    const update = nextSiteUpdate(onB, (s) => s.id === world.shipment.id && s.version === 2);

    const res = await a.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6, 0, { speed: 25 }) });
    expect(res.statusCode).toBe(202);
    const pushed = await update;
    expect(pushed.position).toMatchObject({ lat: 48.5, lon: 11.6 });
    expect(pushed.eta).not.toBeNull();

    // A later change from B is the next delta: no duplicates of version 2 on the way.
    const next = nextSiteUpdate(onB, (s) => s.id === world.shipment.id && s.version === 3);
    await b.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers: b.staff, payload: { type: 'delayed' } });
    await next;
    all.stop();
    expect(all.seen.flat().filter((s) => s.id === world.shipment.id).map((s) => s.version)).toEqual([2, 3]);
  });

  it('skips bus messages it cannot read (another release, a stray publisher) and keeps delivering', async () => {
    const world = await createWorld(a);
    expect(await subscribe(onB, { siteId: world.site.id })).toEqual({ ok: true });
    const publisher = a.app.redis!.publisher;
    // A single event, as an older release would publish it, and something that is not JSON.
    await publisher.publish(BUS_CHANNEL, JSON.stringify({ type: 'shipment:updated', shipment: { ...world.shipment, version: 99 } }));
    await publisher.publish(BUS_CHANNEL, 'not json');
    const update = nextSiteUpdate(onB, (s) => s.id === world.shipment.id);
    await a.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6) });
    expect((await update).version).toBe(2);
    expect((await b.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('serialises concurrent pings for one device across instances without losing any', async () => {
    const world = await createWorld(a);
    const fixes = Array.from({ length: 20 }, (_, i) => fixAt(48.6 - i * 0.01, 11.6, 200 - i * 5));
    const results = await Promise.all(
      fixes.map((fix, i) => (i % 2 === 0 ? a : b).app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fix })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(fixes.map(() => 202));
    const shipment = (await a.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: a.staff })).json<Shipment>();
    // However the requests interleaved, the newest fix wins.
    expect(shipment.position?.ts).toBe(fixes.at(-1)!.ts);
    const track = (await b.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers: b.staff })).json();
    expect(track.geometry.coordinates).toHaveLength(20);
  });
});
