import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { createShipment } from '../integration/helpers/fixtures';
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
export async function loadCoverage(server: TestServer, site: { siteId: string; carrierId: string; fleetShipmentIds: readonly string[] }, progress: (m: string) => void): Promise<CoverageLoad> {
  const { db } = server.app;
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
  const { materials, demandHours, inbound } = COVERAGE_SHAPE;
  progress(`coverage: ${materials.toLocaleString('en-US')} materials × ${demandHours} hourly buckets, ${inbound} inbound loads`);
  await db.execute(sql`
    insert into materials (id, site_id, sku, description, unit, safety_stock_quantity, suppliers, line, stock_quantity, stock_counted_at)
    select gen_random_uuid(), ${site.siteId}::uuid, 'BEN-' || lpad(g::text, 4, '0'), 'Bench part ' || g, 'pcs', 50,
           jsonb_build_array('Supplier ' || (g % 40)), 'L' || (g % 12), 400 + (g % 7) * 100, ${start.toISOString()}::timestamptz
    from generate_series(0, ${materials - 1}) as g`);
  // A slice of parts per statement: each stays well inside the server's statement timeout.
  for (let from = 0; from < materials; from += 100) {
    await db.execute(sql`
      insert into material_demand (material_id, from_ts, to_ts, quantity)
      select m.id, ${start.toISOString()}::timestamptz + h * interval '1 hour', ${start.toISOString()}::timestamptz + (h + 1) * interval '1 hour', 8 + (h % 5)
      from materials m cross join generate_series(0, ${demandHours - 1}::int) as h
      where m.site_id = ${site.siteId}::uuid and m.sku >= ${sku(from)} and m.sku < ${from + 100 >= materials ? 'BEN-~' : sku(from + 100)}`);
  }
  // The tracked loads carry parts too; the rest are untracked loads spread over the next days.
  for (const [i, id] of site.fleetShipmentIds.entries()) {
    await db.execute(sql`update shipments set items = ${JSON.stringify(partsOf(i))}::jsonb where id = ${id}::uuid`);
  }
  const now = Date.now();
  for (let i = site.fleetShipmentIds.length; i < inbound; i++) {
    const windowStart = now + (1 + (i % 96)) * 1_800_000;
    await createShipment(server, { siteId: site.siteId, carrierId: site.carrierId, items: partsOf(i), windowStart: new Date(windowStart).toISOString(), windowEnd: new Date(windowStart + 1_800_000).toISOString() }, now);
  }
  const started = performance.now();
  await server.app.shortages.evaluateSite(site.siteId);
  const fullEvaluationS = (performance.now() - started) / 1000;
  progress(`coverage: every material evaluated once in ${fullEvaluationS.toFixed(1)} s`);
  return { fullEvaluationS, demandBuckets: materials * demandHours };
}
