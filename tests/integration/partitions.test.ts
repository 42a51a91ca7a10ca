import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_TABLES, partitionName, partitionStart } from '../../server/src/repositories/partitions';
import { backends } from './helpers/backends';
import { createWorld, fixAtTime, PLANT, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

const DAY = 86_400_000;

describe.each(backends())('partitioned history [$name]', (backend) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await startServer(backend, { env: { PINGS_RETENTION_DAYS: '30' } });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const rows = async <T>(query: SQL): Promise<T[]> => {
    const result = (await server.app.db.execute(query)) as unknown;
    return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
  };
  const partitionsOf = async (ts: number) =>
    (await rows<{ part: string }>(sql`select tableoid::regclass::text as part from pings where device_id = ${world.device.id} and ts = ${new Date(ts).toISOString()}::timestamptz`)).map((r) => r.part);
  const ping = (ts: number) => server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAtTime(48.4, PLANT.lon, ts) });

  it('stores a fix in its day\'s partition, created ahead at start, and the audit log by month', async () => {
    const now = Date.now();
    expect((await ping(now - 60_000)).statusCode).toBe(202);
    expect(await partitionsOf(now - 60_000)).toEqual([partitionName(HISTORY_TABLES.pings, partitionStart('day', now - 60_000))]);
    const ahead = partitionName(HISTORY_TABLES.pings, partitionStart('day', now + 2 * DAY));
    expect(await server.app.partitions.repository.list(HISTORY_TABLES.pings)).toContain(ahead);
    const audit = await rows<{ part: string }>(sql`select distinct tableoid::regclass::text as part from audit_log where at > now() - interval '1 minute'`);
    expect(audit.map((r) => r.part)).toContain(partitionName(HISTORY_TABLES.auditLog, partitionStart('month', Date.now())));
  });

  it('keeps an old fix in the default partition until its day gets a partition, which takes it over', async () => {
    const old = Date.now() - 40 * DAY;
    expect((await ping(old)).statusCode).toBe(202);
    expect(await partitionsOf(old)).toEqual(['pings_default']);
    const created = await server.app.partitions.repository.ensure(HISTORY_TABLES.pings, old, old + 1);
    expect(created).toEqual([partitionName(HISTORY_TABLES.pings, partitionStart('day', old))]);
    expect(await partitionsOf(old)).toEqual(created);
    // The same fix again is still a duplicate: the dedupe key spans the partitions.
    expect((await ping(old)).json()).toEqual({ accepted: 0, duplicates: 1 });
  });

  it('drops whole partitions past retention, and the default partition\'s rows past it, keeping the rest', async () => {
    const now = Date.now();
    const old = now - 40 * DAY;
    const older = now - 400 * DAY;
    expect((await ping(older)).statusCode).toBe(202);
    expect(await partitionsOf(older)).toEqual(['pings_default']);
    const recent = now - 5 * 60_000;
    expect((await ping(recent)).statusCode).toBe(202);
    const { dropped } = await server.app.partitions.maintain(now);
    expect(dropped).toContain(partitionName(HISTORY_TABLES.pings, partitionStart('day', old)));
    expect(await partitionsOf(old)).toEqual([]);
    expect(await partitionsOf(older)).toEqual([]);
    expect(await partitionsOf(recent)).toHaveLength(1);
  });
});
