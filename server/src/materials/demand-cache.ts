import type { DemandBucket } from '@dockwatch/shared';

interface CachedPlan {
  revision: number;
  /** The plan holds every bucket that ends after this instant. */
  after: number;
  from: Float64Array;
  to: Float64Array;
  quantity: Float64Array;
}

/** Reads the demand plans of these materials that end after `after`. */
export type DemandLoader = (ids: readonly string[], after: Date) => Promise<Map<string, DemandBucket[]>>;

/**
 * Demand plans as last read, per material and plan revision (a material's `demand_revision`
 * rises with every plan written, on any instance). A plan only changes when it is written, so an
 * evaluation that finds the revision it read before reads none of its buckets again: 4 weeks
 * of hourly demand for a page of 200 parts is 134,400 rows. Bounded by buckets held; the least
 * recently used plans go first.
 */
export class DemandPlanCache {
  readonly #plans = new Map<string, CachedPlan>();
  #buckets = 0;

  constructor(private readonly maxBuckets = 2_000_000) {}

  /** Each material's buckets that end after `after`, in time order. */
  async plans(wanted: readonly { id: string; revision: number }[], after: number, load: DemandLoader): Promise<Map<string, DemandBucket[]>> {
    const out = new Map<string, DemandBucket[]>();
    const missing: { id: string; revision: number }[] = [];
    for (const w of wanted) {
      const plan = this.#plans.get(w.id);
      if (plan && plan.revision === w.revision && plan.after <= after) {
        this.#touch(w.id, plan);
        out.set(w.id, bucketsOf(plan, after));
      } else missing.push(w);
    }
    if (missing.length === 0) return out;
    const read = await load(
      missing.map((m) => m.id),
      new Date(after),
    );
    for (const m of missing) {
      const buckets = read.get(m.id) ?? [];
      out.set(m.id, buckets);
      this.#store(m.id, {
        revision: m.revision,
        after,
        from: Float64Array.from(buckets, (b) => b.from),
        to: Float64Array.from(buckets, (b) => b.to),
        quantity: Float64Array.from(buckets, (b) => b.quantity),
      });
    }
    return out;
  }

  /** Plans held, for tests and metrics. */
  get size(): number {
    return this.#plans.size;
  }

  #touch(id: string, plan: CachedPlan): void {
    this.#plans.delete(id);
    this.#plans.set(id, plan);
  }

  #store(id: string, plan: CachedPlan): void {
    const old = this.#plans.get(id);
    if (old) {
      this.#buckets -= old.from.length;
      this.#plans.delete(id);
    }
    if (plan.from.length > this.maxBuckets) return;
    this.#plans.set(id, plan);
    this.#buckets += plan.from.length;
    for (const [oldest, p] of this.#plans) {
      if (this.#buckets <= this.maxBuckets) break;
      this.#plans.delete(oldest);
      this.#buckets -= p.from.length;
    }
  }
}

/** The plan's buckets that end after `after`, in the plan's order. */
function bucketsOf(plan: CachedPlan, after: number): DemandBucket[] {
  const out: DemandBucket[] = [];
  for (let i = 0; i < plan.to.length; i++) if (plan.to[i]! > after) out.push({ from: plan.from[i]!, to: plan.to[i]!, quantity: plan.quantity[i]! });
  return out;
}
