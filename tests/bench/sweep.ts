/**
 * `pnpm bench:sweep`: how long one tracking sweep round takes over `--shipments` active
 * shipments (copies of one tracked load, made in SQL) in a fresh PostgreSQL database, and in how
 * many page transactions.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { createWorld, fixAt, PLANT } from '../integration/helpers/fixtures';
import { POSTGRES_ADMIN_URL, REDIS_URL } from '../integration/helpers/real-services';
import { startServer } from '../integration/helpers/server';

const { values } = parseArgs({ options: { shipments: { type: 'string', default: '50000' } } });
const total = Number(values.shipments);

async function main(): Promise<void> {
  const name = `dockwatch_sweep_${process.pid}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const server = await startServer({ name: 'postgres+redis', databaseUrl: url.toString(), redisUrl: REDIS_URL }, { env: { ALERT_SWEEP_S: '0' } });
  try {
    const world = await createWorld(server);
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.4, PLANT.lon, 30, { speed: 20 }) });
    await sql`insert into shipments select (jsonb_populate_record(null::shipments, to_jsonb(s) || jsonb_build_object('id', gen_random_uuid(), 'reference', s.reference || '-' || g, 'device_id', null))).* from shipments s, generate_series(2, ${total}) g where s.id = ${world.shipment.id}`;
    await sql`analyze shipments`;
    for (let round = 1; round <= 2; round++) {
      const started = performance.now();
      // Each round a minute later, so ETAs drift and alerts are judged again.
      const result = await server.app.tracking.sweep(Date.now() + round * 60_000);
      const ms = performance.now() - started;
      process.stdout.write(`round ${round}: ${result.swept.toLocaleString('en-US')} active shipments in ${result.pages} pages, ${(ms / 1000).toFixed(1)} s (${Math.round(result.swept / (ms / 1000)).toLocaleString('en-US')} shipments/s)\n`);
    }
  } finally {
    await server.close();
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
