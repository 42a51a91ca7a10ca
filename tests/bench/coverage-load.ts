import { sql, type SQL } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import type { TestServer } from '../integration/helpers/server';

/** The plant the coverage bench loads: the parts, their plan and the loads on the road. */
export const COVERAGE_SHAPE = { materials: 2_000, demandHours: 24 * 28, inbound: 500, partsPerLoad: 5 } as const;

export interface CoverageLoad {
  /** Seconds to evaluate every material of the site once (what a change cost before only its parts were evaluated). */
  fullEvaluationS: number;
  demandBuckets: number;
}

const sku = (i: number) => `BEN-${String(i % COVERAGE_SHAPE.materials).padStart(4, '0')}`;
const partsOf = (load: number) => Array.from({ length: COVERAGE_SHAPE.partsPerLoad }, (_, k) => ({ sku: sku(load * COVERAGE_SHAPE.partsPerLoad + k), quantity: 200 }));

/**
 * Gives the fleet's site 2,000 materials with stock and 4 weeks of hourly demand, and 500
 * inbound loads carrying 5 of them each (the fleet's tracked loads among them), written with
 * set-based SQL; then evaluates every material once, as a materials import does.
 */
export async function loadCoverage(server: TestServer, site: { siteId: string; fleetShipmentIds: readonly string[] }, progress: (m: string) => void): Promise<CoverageLoad> {
  // Loading is not what is measured: no statement timeout for it (a busy machine takes its time).
  const run = (statement: SQL) =>
    server.app.db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = 0`);
      await tx.execute(statement);
    });
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
  const { materials, demandHours, inbound } = COVERAGE_SHAPE;
  progress(`coverage: ${materials.toLocaleString('en-US')} materials × ${demandHours} hourly buckets, ${inbound} inbound loads`);
  await run(sql`
    insert into materials (id, site_id, sku, description, unit, safety_stock_quantity, suppliers, line, stock_quantity, stock_counted_at)
    select gen_random_uuid(), ${site.siteId}::uuid, 'BEN-' || lpad(g::text, 4, '0'), 'Bench part ' || g, 'pcs', 50,
           jsonb_build_array('Supplier ' || (g % 40)), 'L' || (g % 12), 400 + (g % 7) * 100, ${start.toISOString()}::timestamptz
    from generate_series(0, ${materials - 1}) as g`);
  // A slice of parts per statement: each stays well inside the server's statement timeout.
  for (let from = 0; from < materials; from += 100) {
    await run(sql`
      insert into material_demand (material_id, from_ts, to_ts, quantity)
      select m.id, ${start.toISOString()}::timestamptz + h * interval '1 hour', ${start.toISOString()}::timestamptz + (h + 1) * interval '1 hour', 8 + (h % 5)
      from materials m cross join generate_series(0, ${demandHours - 1}::int) as h
      where m.site_id = ${site.siteId}::uuid and m.sku >= ${sku(from)} and m.sku < ${from + 100 >= materials ? 'BEN-~' : sku(from + 100)}`);
  }
  // The tracked loads carry parts too; the rest are untracked loads spread over the next days.
  for (const [i, id] of site.fleetShipmentIds.entries()) {
    await run(sql`update shipments set items = ${JSON.stringify(partsOf(i))}::jsonb where id = ${id}::uuid`);
  }
  // The untracked loads: copies of a fleet load (no device, no ETA yet) with their own parts
  // and windows over the next two days, in one statement.
  const now = new Date().toISOString();
  const { partsPerLoad } = COVERAGE_SHAPE;
  await run(sql`
    insert into shipments
    select (jsonb_populate_record(null::shipments, to_jsonb(s) || jsonb_build_object(
      'id', gen_random_uuid(),
      'reference', 'BEN-LOAD-' || g,
      'device_id', null,
      'items', (select jsonb_agg(jsonb_build_object('sku', 'BEN-' || lpad(((g * ${partsPerLoad} + k) % ${materials})::text, 4, '0'), 'quantity', 200))
                from generate_series(0, ${partsPerLoad - 1}::int) as k),
      'window_start', ${now}::timestamptz + (1 + g % 96) * interval '30 minutes',
      'window_end', ${now}::timestamptz + (2 + g % 96) * interval '30 minutes'))).*
    from shipments s cross join generate_series(${site.fleetShipmentIds.length}::int, ${inbound - 1}::int) as g
    where s.id = ${site.fleetShipmentIds[0]!}::uuid`);
  const started = performance.now();
  await server.app.shortages.evaluateSite(site.siteId);
  const fullEvaluationS = (performance.now() - started) / 1000;
  progress(`coverage: every material evaluated once in ${fullEvaluationS.toFixed(1)} s`);
  return { fullEvaluationS, demandBuckets: materials * demandHours };
}
