/**
 * Scorecards over a large history: `loads` finished shipments of 50 carriers and 50 suppliers at
 * one site over 400 days, loaded with generate_series straight into the bench database, their
 * daily rollups built by the app's own `refreshDay` (as live receipts build them), then the
 * scorecard API timed: the site's table over 90 days and one carrier's page.
 */
import { performance } from 'node:perf_hooks';
import type { Carrier, Scorecard, Site, SiteScorecards } from '@dockwatch/shared';
import postgres from 'postgres';
import { POSTGRES_ADMIN_URL, REDIS_URL } from '../integration/helpers/real-services';
import { startServer } from '../integration/helpers/server';
import { percentile } from './report';

export interface ScorecardBenchResult {
  backend: 'real' | 'embedded';
  loads: number;
  partners: number;
  rollupRows: number;
  loadSeconds: number;
  rollupSeconds: number;
  siteTableMs: { p50: number; max: number };
  partnerPageMs: { p50: number; max: number };
  reps: number;
}

const PARTNERS = 50;
const DAYS = 400;

/** Runs on the real PostgreSQL in a fresh database (dropped after). */
export async function benchScorecards(loads: number, progress: (m: string) => void, reps = 7): Promise<ScorecardBenchResult> {
  const name = `dockwatch_bench_scorecards_${process.pid}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const server = await startServer({ name: 'postgres+redis', databaseUrl: url.toString(), redisUrl: REDIS_URL });
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const post = async <T>(path: string, payload: object) => (await server.app.inject({ method: 'POST', url: path, headers: server.staff, payload })).json<T>();
    const site = await post<Site>('/api/v1/sites', { name: 'Bench plant', lat: 48.1, lon: 11.6, timezone: 'Europe/Berlin' });
    const carriers: Carrier[] = [];
    for (let i = 0; i < PARTNERS; i++) carriers.push(await post<Carrier>('/api/v1/carriers', { name: `Carrier ${String(i + 1).padStart(2, '0')}` }));
    const ids = carriers.map((c) => c.id);

    progress(`scorecards: loading ${loads.toLocaleString('en')} shipments and their facts with generate_series`);
    const loadStart = performance.now();
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    // Window start spread over 400 days; arrival off by -40..+50 min (negative early); some loads short, untracked or excepted.
    await sql.unsafe(
      `insert into shipments (id, reference, supplier, carrier_id, site_id, window_start, window_end, status, window_status, arrived_at, version, items)
       select gen_random_uuid(), 'B-' || g, 'Supplier ' || lpad(((hashtext(g::text) & 2147483647) % ${PARTNERS} + 1)::text, 2, '0'), ($1::uuid[])[(g % ${PARTNERS}) + 1], $2::uuid,
              w, w + interval '30 minutes', 'received', 'on_time', w + ((g * 37) % 90 - 40) * interval '1 minute', 6, '[]'::jsonb
       from generate_series(1, ${loads}) g, lateral (select to_timestamp(${today / 1000}) - (((g / ${PARTNERS}) % ${DAYS}) * interval '1 day') + interval '6 hours' + ((g * 13) % 600) * interval '1 minute' as w) t`,
      [ids, site.id],
    );
    await sql.unsafe(
      `insert into scorecard_loads (shipment_id, site_id, carrier_id, supplier, day, facts, updated_at)
       select s.id, s.site_id, s.carrier_id, s.supplier, (s.window_start at time zone 'UTC')::date,
         jsonb_build_object(
           'shipmentId', s.id, 'reference', s.reference, 'siteId', s.site_id, 'carrierId', s.carrier_id, 'supplier', s.supplier,
           'day', to_char(s.window_start at time zone 'UTC', 'YYYY-MM-DD'), 'windowStart', (extract(epoch from s.window_start) * 1000)::bigint, 'arrived', true,
           'offsetMinutes', o.offset_minutes, 'inFull', (h % 17) <> 0, 'short', (h % 17) = 0, 'tracked', (h % 5) <> 0, 'neverTracked', (h % 11) = 0,
           'medianPingGapMinutes', case when (h % 11) = 0 then null else 2 + h % 20 end,
           'noticeMinutes', case when o.offset_minutes > 0 then h % 120 else null end, 'etaErrorMinutes', h % 25,
           'yardMinutes', 5 + h % 40, 'plantWaitMinutes', h % 20, 'dockMinutes', 15 + h % 30, 'exception', (h % 53) = 0),
         now()
       from shipments s,
         lateral (select abs(hashtext(s.reference)) as h) hh,
         lateral (select case when s.arrived_at < s.window_start then extract(epoch from s.arrived_at - s.window_start) / 60
                              when s.arrived_at > s.window_end then extract(epoch from s.arrived_at - s.window_end) / 60 else 0 end as offset_minutes) o
       where s.site_id = $1::uuid`,
      [site.id],
    );
    const loadSeconds = (performance.now() - loadStart) / 1000;

    progress('scorecards: building the daily rollups with the app’s refreshDay');
    const rollupStart = performance.now();
    const keys = await sql<{ kind: 'carrier' | 'supplier'; key: string; day: string }[]>`
      select 'carrier' as kind, carrier_id::text as key, day::text as day from scorecard_loads group by 2, 3
      union all select 'supplier', supplier, day::text from scorecard_loads group by 2, 3`;
    for (let i = 0; i < keys.length; i += 500) {
      await server.app.db.transaction(async (tx) => {
        for (const k of keys.slice(i, i + 500)) await server.app.scorecardRepository.refreshDay(tx, site.id, k.kind, k.key, k.day);
      });
      if (i % 5_000 === 0) progress(`scorecards: rollups ${i.toLocaleString('en')}/${keys.length.toLocaleString('en')}`);
    }
    const rollupSeconds = (performance.now() - rollupStart) / 1000;
    await sql`analyze`;

    const time = async (path: string) => {
      const samples: number[] = [];
      for (let r = 0; r < reps + 1; r++) {
        const started = performance.now();
        const res = await server.app.inject({ url: path, headers: server.staff });
        const ms = performance.now() - started;
        if (res.statusCode !== 200) throw new Error(`${path} → ${res.statusCode} ${res.body}`);
        if (r > 0) samples.push(ms);
      }
      return { p50: percentile(samples, 50), max: Math.max(...samples) };
    };
    const table = await server.app.inject({ url: `/api/v1/sites/${site.id}/scorecards?period=90d`, headers: server.staff });
    const partners = table.json<SiteScorecards>().partners.length;
    const siteTableMs = await time(`/api/v1/sites/${site.id}/scorecards?period=90d`);
    const partnerPageMs = await time(`/api/v1/scorecards/carriers/${ids[0]}?period=90d`);
    const card = (await server.app.inject({ url: `/api/v1/scorecards/carriers/${ids[0]}?period=90d`, headers: server.staff })).json<Scorecard>();
    progress(`scorecards: site table ${siteTableMs.p50.toFixed(0)} ms, partner page ${partnerPageMs.p50.toFixed(0)} ms (${card.measures.score.loads} loads in its 90 days)`);
    return { backend: 'real', loads, partners, rollupRows: keys.length, loadSeconds, rollupSeconds, siteTableMs, partnerPageMs, reps };
  } finally {
    await sql.end({ timeout: 5 });
    await server.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

export function scorecardTable(r: ScorecardBenchResult): string {
  return [
    '| Scorecards (PostgreSQL) | p50 | max |',
    '| --- | ---: | ---: |',
    `| site table, every partner, 90 days | ${r.siteTableMs.p50.toFixed(0)} ms | ${r.siteTableMs.max.toFixed(0)} ms |`,
    `| one carrier's page, 90 days (measures, weeks, 500 loads) | ${r.partnerPageMs.p50.toFixed(0)} ms | ${r.partnerPageMs.max.toFixed(0)} ms |`,
    '',
    `${r.loads.toLocaleString('en')} finished shipments of ${PARTNERS} carriers and ${PARTNERS} suppliers (${r.partners} partner rows in 90 days) over ${DAYS} days at one site; ` +
      `loaded in ${r.loadSeconds.toFixed(0)} s, ${r.rollupRows.toLocaleString('en')} daily rollup rows built in ${r.rollupSeconds.toFixed(0)} s; ` +
      `API timed through app.inject, median of ${r.reps} after one warm-up.`,
    '',
  ].join('\n');
}
