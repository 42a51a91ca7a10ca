import {
  coverageOf,
  DEFAULT_COVERAGE_RULES,
  projectStock,
  safetyAt,
  statusHoldsUntil,
  type Coverage,
  type CoverageList,
  type CoverageQuery,
  type CoverageRules,
  type InboundDelivery,
  type Material,
  type MaterialCoverage,
  type Projection,
  type ProjectionInput,
  type Shipment,
  type StockLine,
} from '@dockwatch/shared';
import type { Executor } from '../db/connect';
import type { MaterialRepository, ReceivedItem } from '../repositories/materials';
import type { ShipmentRepository } from '../repositories/shipments';
import { DemandPlanCache } from './demand-cache';

const H = 3_600_000;
/** The projection behind the cover figures: 4 weeks, as far as demand plans go. */
export const PROJECTION_HOURS = 24 * 28;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (s: string | null) => (s === null ? null : Date.parse(s));

/** A shipment's quantity of one part number, and when it comes: its ETA band, or its window while it has none, or now once on the yard. */
function deliveryOf(s: Shipment, sku: string): InboundDelivery | null {
  const quantity = s.items.filter((i) => i.sku === sku).reduce((sum, i) => sum + i.quantity, 0);
  if (quantity <= 0) return null;
  const windowStart = Date.parse(s.windowStart);
  const windowEnd = Date.parse(s.windowEnd);
  const arrived = ms(s.arrivedAt);
  const eta = ms(s.eta);
  if (arrived !== null) return { shipmentId: s.id, quantity, windowEnd, expectedAt: arrived, earliestAt: arrived, latestAt: arrived };
  if (eta === null) return { shipmentId: s.id, quantity, windowEnd, expectedAt: (windowStart + windowEnd) / 2, earliestAt: windowStart, latestAt: windowEnd };
  return { shipmentId: s.id, quantity, windowEnd, expectedAt: eta, earliestAt: ms(s.etaEarliest) ?? eta, latestAt: ms(s.etaLatest) ?? eta };
}

/** What a site's coverage is computed from, read once. */
interface SiteFacts {
  shipments: Shipment[];
  received: ReceivedItem[];
  demand: Map<string, ProjectionInput['demand'][number][]>;
}

/**
 * Material coverage for planners: reads each material's count, demand and the shipments that
 * carry its part number, and runs the pure projection (`coverageOf`, `projectStock`).
 */
export class CoverageService {
  constructor(
    private readonly deps: { materials: MaterialRepository; shipments: ShipmentRepository; rules?: CoverageRules },
  ) {}

  /** The demand plans evaluations read, kept per plan revision. */
  readonly #plans = new DemandPlanCache();

  get rules(): CoverageRules {
    return this.deps.rules ?? DEFAULT_COVERAGE_RULES;
  }

  /**
   * Receipts and demand from the oldest stock count on (what the counts do not hold yet), and
   * the active shipments: the site's all, or (`only`) just those carrying these materials' parts.
   */
  async #facts(siteId: string, list: readonly Material[], now: number, tx?: Executor, only = false, revisions?: ReadonlyMap<string, number>): Promise<SiteFacts> {
    const counted = list.map((m) => (m.stock ? Date.parse(m.stock.countedAt) : now));
    const since = new Date(Math.min(now, ...counted));
    const skus = only ? list.map((m) => m.sku) : undefined;
    // One after the other: inside a transaction they share its one connection anyway.
    const shipments = skus ? await this.deps.shipments.activeCarrying(siteId, skus, tx) : await this.deps.shipments.activeForSite(siteId, tx);
    const received = await this.deps.materials.receivedItems(siteId, since, tx, skus);
    const demand = revisions
      ? await this.#plans.plans(
          list.map((m) => ({ id: m.id, revision: revisions.get(m.id) ?? -1 })),
          since.getTime(),
          (ids, after) => this.deps.materials.demandOf(ids, after, tx),
        )
      : await this.deps.materials.demandOf(
          list.map((m) => m.id),
          since,
          tx,
        );
    return { shipments, received, demand };
  }

  /**
   * The coverage of these materials of one site (the facts read are only theirs), in the order
   * given, each with the time until which the clock alone leaves its status as it is (at most
   * `maxWaitMs` on). With the materials' demand revisions (read with their rows, locked), plans
   * already read at that revision are not read again.
   */
  async forMaterials(
    siteId: string,
    list: readonly Material[],
    now: number,
    maxWaitMs: number,
    tx?: Executor,
    revisions?: ReadonlyMap<string, number>,
  ): Promise<{ coverage: MaterialCoverage; holdsUntil: number }[]> {
    if (list.length === 0) return [];
    const facts = await this.#facts(siteId, list, now, tx, true, revisions);
    return list.map((m) => {
      const { input, carriers } = this.#input(m, facts, now, PROJECTION_HOURS);
      const { view, raw } = this.#assess(m, input, carriers);
      return { coverage: view, holdsUntil: statusHoldsUntil(input, raw, this.rules, maxWaitMs) };
    });
  }

  #input(m: Material, facts: SiteFacts, now: number, hours: number): { input: ProjectionInput; carriers: Map<string, Shipment> } {
    const carriers = new Map<string, Shipment>();
    const inbound: InboundDelivery[] = [];
    for (const s of facts.shipments) {
      const d = deliveryOf(s, m.sku);
      if (d) {
        inbound.push(d);
        carriers.set(s.id, s);
      }
    }
    const input: ProjectionInput = {
      stock: m.stock ? { quantity: m.stock.quantity, countedAt: Date.parse(m.stock.countedAt) } : null,
      receipts: facts.received.filter((r) => r.sku === m.sku).map((r) => ({ at: r.receivedAt.getTime(), quantity: r.quantity })),
      demand: facts.demand.get(m.id) ?? [],
      inbound,
      safety: m.safetyStock,
      now,
      until: now + hours * H,
    };
    return { input, carriers };
  }

  #coverage(m: Material, input: ProjectionInput, carriers: Map<string, Shipment>): MaterialCoverage {
    return this.#assess(m, input, carriers).view;
  }

  #assess(m: Material, input: ProjectionInput, carriers: Map<string, Shipment>): { view: MaterialCoverage; raw: Coverage } {
    const c = coverageOf(input, this.rules);
    const blamed = new Set(c.lateCausesRunOut);
    const inbound = input.inbound
      .map((d) => {
        const s = carriers.get(d.shipmentId)!;
        return {
          shipmentId: s.id,
          reference: s.reference,
          supplier: s.supplier,
          quantity: d.quantity,
          windowEnd: s.windowEnd,
          eta: s.arrivedAt ?? s.eta,
          etaEarliest: s.arrivedAt ?? s.etaEarliest,
          etaLatest: s.arrivedAt ?? s.etaLatest,
          lateCausesRunOut: blamed.has(s.id),
          expectedAt: d.expectedAt,
        };
      })
      .sort((a, b) => a.expectedAt - b.expectedAt || a.shipmentId.localeCompare(b.shipmentId))
      .map(({ expectedAt: _e, ...rest }) => rest);
    const view: MaterialCoverage = {
      materialId: m.id,
      sku: m.sku,
      description: m.description,
      unit: m.unit,
      line: m.line,
      suppliers: m.suppliers,
      onHand: c.onHand,
      safetyStock: m.safetyStock.quantity ?? (m.safetyStock.hours !== null ? safetyAt(input, input.now) : null),
      coverHours: c.coverHours,
      runOutAt: iso(c.runOutAt),
      pessimisticRunOutAt: iso(c.pessimisticRunOutAt),
      belowSafetyAt: iso(c.pessimisticBelowSafetyAt),
      status: c.status,
      nextInbound: inbound[0] ?? null,
      inbound,
    };
    return { view, raw: c };
  }

  /** Every material of the site (filtered by supplier or line), the least covered first. */
  async forSite(siteId: string, now: number, query: CoverageQuery = {}, tx?: Executor): Promise<CoverageList> {
    const list = (await this.deps.materials.list(siteId, tx)).filter(
      (m) => (query.supplier === undefined || m.suppliers.includes(query.supplier)) && (query.line === undefined || m.line === query.line),
    );
    const facts = await this.#facts(siteId, list, now, tx);
    const rank = { critical: 0, warning: 1, covered: 2, unknown: 3 } as const;
    const materials = list
      .map((m) => {
        const { input, carriers } = this.#input(m, facts, now, PROJECTION_HOURS);
        return this.#coverage(m, input, carriers);
      })
      .sort((a, b) => rank[a.status] - rank[b.status] || (a.coverHours ?? Infinity) - (b.coverHours ?? Infinity) || a.sku.localeCompare(b.sku));
    return { siteId, generatedAt: new Date(now).toISOString(), horizonHours: this.rules.horizonHours, materials };
  }

  /** One material's projected stock lines over the next `hours`, with its coverage. */
  async projection(m: Material, now: number, hours: number): Promise<Projection> {
    const facts = await this.#facts(m.siteId, [m], now, undefined, true);
    const full = this.#input(m, facts, now, PROJECTION_HOURS);
    const input: ProjectionInput = { ...full.input, until: now + hours * H };
    const wire = (line: StockLine) => line.map((p) => ({ t: new Date(p.t).toISOString(), quantity: p.quantity }));
    const expected = projectStock(input, 'expected');
    return {
      materialId: m.id,
      from: new Date(now).toISOString(),
      until: new Date(input.until).toISOString(),
      optimistic: wire(projectStock(input, 'optimistic')),
      expected: wire(expected),
      pessimistic: wire(projectStock(input, 'pessimistic')),
      safety: expected.map((p) => ({ t: new Date(p.t).toISOString(), quantity: safetyAt(input, p.t) })),
      demand: input.demand
        .filter((b) => b.to > now && b.from < input.until)
        .map((b) => {
          const from = Math.max(b.from, now);
          const to = Math.min(b.to, input.until);
          return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), quantity: (b.quantity * (to - from)) / (b.to - b.from) };
        }),
      coverage: this.#coverage(m, full.input, full.carriers),
    };
  }
}
