import type { Alert } from '@dockwatch/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SweepLeaseRepository } from '../../server/src/repositories/sweep-leases';
import { backends, realBackend } from './helpers/backends';
import { createShipment, createWorld, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

const PAGE = 3;

describe.each(backends())('the sweep in pages [$name]', (backend) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0', SWEEP_PAGE_SIZE: String(PAGE) } });
    const now = Date.now();
    // Windows that ended ten minutes ago: each of these loads has missed it.
    world = await createWorld(server, { windowStart: new Date(now - 40 * 60_000).toISOString(), windowEnd: new Date(now - 10 * 60_000).toISOString() }, now);
    for (let i = 0; i < 7; i++) {
      await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, windowStart: new Date(now - 40 * 60_000).toISOString(), windowEnd: new Date(now - 10 * 60_000).toISOString() }, now);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const missed = async () =>
    (await server.app.inject({ url: `/api/v1/alerts?siteId=${world.site.id}&kind=missed_window`, headers: server.staff })).json<{ alerts: Alert[] }>().alerts;

  it('evaluates every active shipment in transactions of at most a page each', async () => {
    const result = await server.app.tracking.sweep();
    expect(result.skipped).toBe(false);
    // Other suites may share the database: at least these eight loads, in pages of three.
    expect(result.swept).toBeGreaterThanOrEqual(8);
    expect(result.pages).toBe(Math.floor(result.swept / PAGE) + 1);
    expect((await missed()).length).toBe(8);
  });

  it('skips the round while another instance holds the lease, and takes over a lapsed one', async () => {
    const leases = new SweepLeaseRepository(server.app.db);
    expect(await leases.claim('tracking-sweep', 'another-instance', 60_000)).toBe(true);
    try {
      expect(await server.app.tracking.sweep()).toEqual({ swept: 0, pages: 0, skipped: true });
      // The other instance died mid-round: its lease lapses and the next round takes it.
      await server.app.db.execute(sql`update sweep_leases set until = now() - interval '1 second' where holder = 'another-instance'`);
      expect((await server.app.tracking.sweep()).skipped).toBe(false);
    } finally {
      await leases.release('tracking-sweep', 'another-instance');
    }
  });
});

const real = realBackend();

describe.runIf(real)('the sweep in pages on two instances', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const env = { ALERT_SWEEP_S: '0', SWEEP_PAGE_SIZE: '2' };
    [a, b] = await Promise.all([startServer(real!, { env }), startServer(real!, { env })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('runs each round on one instance even when both start it at once', async () => {
    const now = Date.now();
    const world = await createWorld(a, { windowStart: new Date(now - 40 * 60_000).toISOString(), windowEnd: new Date(now - 10 * 60_000).toISOString() }, now);
    for (let i = 0; i < 5; i++) await createShipment(a, { siteId: world.site.id, carrierId: world.carrier.id }, now);
    const rounds = await Promise.all([a.app.tracking.sweep(), b.app.tracking.sweep()]);
    // Pages of two shipments: the first round is still going when the second asks.
    expect(rounds.map((r) => r.skipped).sort()).toEqual([false, true]);
    const alerts = (await b.app.inject({ url: `/api/v1/alerts?shipmentId=${world.shipment.id}&kind=missed_window`, headers: b.staff })).json<{ alerts: Alert[] }>().alerts;
    expect(alerts).toHaveLength(1);
  });
});
