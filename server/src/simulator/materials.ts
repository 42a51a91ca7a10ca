import type { DemandBucket, LineItem, Site } from '@dockwatch/shared';
import type { DockwatchClient } from './http-client';
import type { Truck } from './simulator';
import { arrivalOf } from './trips';

const H = 3_600_000;
/** Four weeks of demand: what the coverage view projects. */
const DEMAND_HOURS = 24 * 28;

/** The part only the demo's late truck brings: the line that stops if it is late. */
export const DEMO_SHORT_PART: LineItem = { sku: 'PMP-410', description: 'Hydraulic pump, steering', quantity: 60 };

export interface SeededMaterials {
  materials: number;
  /** The part the first late truck carries alone, set to run out just after that truck's window end: the demo's shortage. */
  shortage: { sku: string; reference: string; supplier: string } | null;
}

/** Hourly buckets of `perHour` from `from` to `to`, the last one cut at `to`. */
function buckets(from: number, to: number, perHour: number): DemandBucket[] {
  const out: DemandBucket[] = [];
  for (let t = from; t < to; t += H) {
    const end = Math.min(to, t + H);
    out.push({ from: t, to: end, quantity: (perHour * (end - t)) / H });
  }
  return out;
}

/**
 * The late truck whose part runs short: one already on the road at `now` (a truck still in its
 * yard sends nothing, so nobody could know it is late until it leaves, which can be an hour
 * away) and planned well past its window end, so its ETA shows it late from its first fixes;
 * else the first on the road, else the first late one.
 */
export function demoShortTruck(fleet: readonly Truck[], now: number): Truck | null {
  const late = fleet.filter((t) => t.trip.scenario === 'late' && !t.done);
  const onTheRoad = late.filter((t) => t.trip.departAt <= now && arrivalOf(t.trip) > now);
  return onTheRoad.find((t) => arrivalOf(t.trip) - Date.parse(t.shipment.windowEnd) >= 15 * 60_000) ?? onTheRoad[0] ?? late[0] ?? null;
}

/**
 * Seeds the demo site's materials (the fleet's part numbers), a stock count at `now` and four
 * weeks of hourly demand, every part covered for days. One part more goes on one late truck
 * only (`demoShortTruck`), with stock that runs out 5 min after that truck's window end: while the truck is
 * not tracked it counts at its window and the part is covered; once its ETA shows it late, the
 * part runs out before it comes, and the planner gets a shortage alert naming it.
 */
export async function seedMaterials(api: DockwatchClient, site: Site, fleet: Truck[], now: number): Promise<SeededMaterials> {
  const late = demoShortTruck(fleet, now);
  if (late && !late.shipment.items.some((i) => i.sku === DEMO_SHORT_PART.sku)) {
    late.shipment = await api.patchShipment(late.shipment.id, { items: [...late.shipment.items, DEMO_SHORT_PART] });
  }
  const parts = new Map<string, { item: LineItem; suppliers: Set<string> }>();
  for (const t of fleet) {
    for (const item of t.shipment.items) {
      const entry = parts.get(item.sku) ?? { item, suppliers: new Set<string>() };
      entry.suppliers.add(t.shipment.supplier);
      parts.set(item.sku, entry);
    }
  }
  if (parts.size === 0) return { materials: 0, shortage: null };
  const escape = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const rows = [...parts.values()].map(({ item, suppliers }, i) => [item.sku, item.description ?? '', 'pcs', '2', [...suppliers].join(';'), `L${(i % 3) + 1}`].map(escape).join(','));
  await api.importCsv(site.id, `sku,description,unit,safety_stock_hours,suppliers,line\n${rows.join('\n')}\n`);

  const from = Math.floor(now / H) * H;
  const until = from + DEMAND_HOURS * H;
  const materials = await api.listMaterials(site.id);
  for (const m of materials) {
    const loads = fleet.flatMap((t) => t.shipment.items.filter((i) => i.sku === m.sku).map((i) => i.quantity));
    const perLoad = loads.reduce((sum, q) => sum + q, 0) / Math.max(1, loads.length);
    let plan: DemandBucket[];
    let stock: number;
    if (late && m.sku === DEMO_SHORT_PART.sku) {
      // A load lasts an hour until the run-out; after it the line slows to what the late load covers for four days.
      const runOut = Date.parse(late.shipment.windowEnd) + 5 * 60_000;
      const perHour = DEMO_SHORT_PART.quantity;
      stock = Math.max(0, Math.round((perHour * (runOut - now)) / H));
      plan = [...buckets(from, runOut, perHour), ...buckets(runOut, until, DEMO_SHORT_PART.quantity / 96)];
      // Demand before the count is already in it: only what is left of the plan from the count on matters.
      stock += Math.round((perHour * (now - from)) / H);
    } else {
      // About one load used every 4 hours, three days on hand.
      const perHour = Math.max(1, Math.round(perLoad / 4));
      stock = perHour * 72;
      plan = buckets(from, until, perHour);
    }
    await api.setStock(m.id, { quantity: stock, countedAt: new Date(from).toISOString() });
    await api.setDemand(m.id, { buckets: plan.map((b) => ({ from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString(), quantity: b.quantity })) });
  }
  return { materials: materials.length, shortage: late ? { sku: DEMO_SHORT_PART.sku, reference: late.shipment.reference, supplier: late.shipment.supplier } : null };
}
