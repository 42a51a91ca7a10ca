import type { Track } from '@dockwatch/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, PLANT, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';

describe.each(backends())('group commit of concurrent reports [$name]', (backend) => {
  let server: TestServer;
  const worlds: World[] = [];

  beforeAll(async () => {
    server = await startServer(backend, { env: { METRICS_TOKEN, INGEST_BATCH_CONCURRENCY: '1' } });
    for (let i = 0; i < 4; i++) worlds.push(await createWorld(server));
  });
  afterAll(async () => {
    await server?.close();
  });

  const device = async (world: World) => (await server.app.carrierRepository.getDevice(world.device.id))!;
  const fix = (secondsAgo: number, lat = 48.4) => ({ ts: Date.now() - secondsAgo * 1000, lat, lon: PLANT.lon, speed: null, heading: null, accuracy: 10 });
  const track = async (world: World) => (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers: server.staff })).json<Track>().geometry.coordinates;
  const batches = async () => {
    const text = (await server.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    return { count: value('dockwatch_commit_batch_requests_count'), sum: value('dockwatch_commit_batch_requests_sum'), isolated: value('dockwatch_commit_isolated_retries_total') };
  };

  it('reports that arrive together share one transaction, and a bad one fails alone while duplicates are stored once', async () => {
    const [w1, w2, w3, revoked] = worlds as [World, World, World, World];
    const [d1, d2, d3, dr] = await Promise.all([device(w1), device(w2), device(w3), device(revoked)]);
    // Revoked after its record was read, as a report authenticated a moment earlier would find it.
    await server.app.db.execute(sql`update devices set revoked_at = now() where id = ${dr.id}`);
    const before = await batches();
    const same = fix(120);
    const tracking = server.app.tracking;
    // Submitted in one turn of the event loop: they queue for one batch.
    const outcomes = await Promise.allSettled([
      tracking.ingest(d1, [same]),
      tracking.ingest(d2, [fix(110, 48.41)]),
      tracking.ingest(dr, [fix(100)]),
      tracking.ingest(d1, [same, fix(90, 48.39)]),
      tracking.ingest(d3, [fix(80)]),
    ]);
    const after = await batches();
    // One batch; the revoked report made it run again with a savepoint per report.
    expect({ count: after.count - before.count, sum: after.sum - before.sum, isolated: after.isolated - before.isolated }).toEqual({ count: 1, sum: 5, isolated: 1 });

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const value = (i: number) => (outcomes[i] as PromiseFulfilledResult<{ accepted: number; duplicates: number }>).value;
    expect([value(0), value(1), value(3), value(4)].map(({ accepted, duplicates }) => ({ accepted, duplicates }))).toEqual([
      { accepted: 1, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
      { accepted: 1, duplicates: 1 },
      { accepted: 1, duplicates: 0 },
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ statusCode: 401 });
    expect((await track(w1)).length).toBe(2);
    expect((await track(w2)).length).toBe(1);
    expect((await track(w3)).length).toBe(1);
    expect((await track(revoked)).length).toBe(0);
  });

  it('concurrent HTTP pings from many devices are all answered 202 after commit, each stored once', async () => {
    const isolatedBefore = (await batches()).isolated;
    const results = await Promise.all(
      worlds.slice(0, 3).flatMap((w) =>
        [30, 20, 10].map((s) => server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: w.deviceAuth, payload: { ts: new Date(Date.now() - s * 1000).toISOString(), lat: 48.3, lon: PLANT.lon } })),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(9).fill(202));
    // Nobody failed: no batch needed savepoints.
    expect((await batches()).isolated).toBe(isolatedBefore);
    for (const w of worlds.slice(0, 3)) expect((await track(w)).length).toBe(w === worlds[0] ? 5 : 4);
  });
});
