/**
 * `pnpm bench:history`: loads ping history into a fresh PostgreSQL database with COPY, in steps
 * (`--steps 1,5,10` million stored pings), and after each step times what must stay flat as
 * history grows: a site's board snapshot, a shipment's track and a device's latest fix (p50 and
 * p95 over `--samples` calls). The history is 2,000 trucks reporting every 10 s before today, in
 * day partitions created first as the server would; the measured shipment's own truck is one of
 * them. PostgreSQL only: the embedded database is not meant to hold this much.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { HISTORY_TABLES } from '../../server/src/repositories/partitions';
import { createShipment, createWorld, fixAt, PLANT } from '../integration/helpers/fixtures';
import { POSTGRES_ADMIN_URL, REDIS_URL } from '../integration/helpers/real-services';
import { startServer } from '../integration/helpers/server';
import { percentile } from './report';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '1,5' }, samples: { type: 'string', default: '200' }, devices: { type: 'string', default: '2000' } } });
const steps = values.steps.split(',').map((s) => Math.round(Number(s) * 1_000_000));
const samples = Number(values.samples);
const deviceCount = Number(values.devices);
const INTERVAL_MS = 10_000;
const progress = (message: string) => process.stderr.write(`[history] ${message}\n`);

async function main(): Promise<void> {
  const name = `dockwatch_history_${process.pid}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const server = await startServer({ name: 'postgres+redis', databaseUrl: url.toString(), redisUrl: REDIS_URL }, { env: { ALERT_SWEEP_S: '0' } });
  try {
    const world = await createWorld(server);
    for (let i = 0; i < 49; i++) await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id });
    // The measured shipment's truck reports now too, so its track has points of its own.
    for (let s = 600; s > 0; s -= 10) await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.3 + s / 10_000, PLANT.lon, s) });
    const trucks = [world.device.id];
    const made = await sql<{ id: string }[]>`insert into devices (id, carrier_id, name, token_hash) select gen_random_uuid(), ${world.carrier.id}, 'History ' || g, md5(random()::text) || g from generate_series(2, ${deviceCount}) g returning id`;
    trucks.push(...made.map((r) => r.id));

    // History ends a day ago and runs back as far as the largest step needs.
    const end = Date.now() - 86_400_000;
    const rowsPerTick = trucks.length;
    const ticks = Math.ceil(steps.at(-1)! / rowsPerTick);
    const start = end - ticks * INTERVAL_MS;
    progress(`creating day partitions from ${new Date(start).toISOString().slice(0, 10)}`);
    await server.app.partitions.repository.ensure(HISTORY_TABLES.pings, start, end);

    const rows: string[] = [];
    let loaded = 0;
    let tick = 0;
    for (const target of steps) {
      const began = performance.now();
      const count = target - loaded;
      const copy = await sql`copy pings (device_id, ts, lat, lon, speed, received_at) from stdin`.writable();
      let written = 0;
      const source = Readable.from(
        (function* () {
          while (written < count) {
            const ts = new Date(end - (ticks - tick) * INTERVAL_MS).toISOString();
            rows.length = 0;
            for (let d = 0; d < rowsPerTick && written < count; d++, written++) rows.push(`${trucks[d]}\t${ts}\t${(48 + (d % 100) / 50).toFixed(5)}\t${(11 + tick / 100_000).toFixed(5)}\t20\t${ts}\n`);
            tick++;
            yield rows.join('');
          }
        })(),
      );
      await pipeline(source, copy as unknown as Writable);
      loaded = target;
      // Settled before timing: the load's own vacuum, analyze and checkpoint would otherwise be measured.
      await sql`vacuum (analyze) pings`;
      await sql`checkpoint`;
      const rate = count / ((performance.now() - began) / 1000);
      progress(`${loaded.toLocaleString('en-US')} pings stored (${Math.round(rate).toLocaleString('en-US')} rows/s by COPY)`);

      const time = async (fn: () => Promise<unknown>) => {
        const ms: number[] = [];
        for (let i = 0; i < samples; i++) {
          const t = performance.now();
          await fn();
          ms.push(performance.now() - t);
        }
        return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
      };
      const board = await time(() => server.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: server.staff }));
      const track = await time(() => server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers: server.staff }));
      const latest = await time(() => server.app.pingRepository.latestBefore(server.app.db, trucks[1]!, Date.now()));
      const f = (v: { p50: number; p95: number }) => `${v.p50.toFixed(2)} / ${v.p95.toFixed(2)} ms`;
      process.stdout.write(`| ${loaded.toLocaleString('en-US')} | ${f(board)} | ${f(track)} | ${f(latest)} | ${Math.round(rate).toLocaleString('en-US')} rows/s |\n`);
    }
  } finally {
    await server.close();
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

process.stdout.write('| Stored pings | Board snapshot p50 / p95 | Track p50 / p95 | Latest fix p50 / p95 | Load (COPY) |\n| ---: | ---: | ---: | ---: | ---: |\n');
main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
