import {
  dailyDemand,
  SUPPLIER_DEMAND_DAYS,
  withPrevious,
  type Material,
  type SiteDay,
  type Site,
  type SupplierDemand,
} from '@dockwatch/shared';
import type { DemandSharingRepository } from '../repositories/demand-sharing';
import type { MaterialRepository } from '../repositories/materials';
import type { ShipmentRepository } from '../repositories/shipments';
import type { CoverageService } from './coverage-service';
import { zonedTimeToUtc } from './site-time';

const DAY = 86_400_000;

/** The site's calendar days from today on (in its zone), `count` of them. */
export function siteDays(timeZone: string, now: number, count: number): SiteDay[] {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const days: SiteDay[] = [];
  for (let i = 0; i < count; i++) {
    const civil = new Date(Date.UTC(y, m - 1, d + i));
    const next = new Date(civil.getTime() + DAY);
    const at = (c: Date) => zonedTimeToUtc({ year: c.getUTCFullYear(), month: c.getUTCMonth() + 1, day: c.getUTCDate(), hour: 0, minute: 0 }, timeZone);
    days.push({ date: civil.toISOString().slice(0, 10), from: at(civil), to: at(next) });
  }
  return days;
}

/**
 * What a supplier sees of a site's demand: its parts' demand per day for the next 4 weeks (with
 * what moved since it last looked), the plant's cover where shared, and its inbound loads.
 */
export class SupplierDemandService {
  constructor(private readonly deps: { materials: MaterialRepository; shipments: ShipmentRepository; sharing: DemandSharingRepository; coverage: CoverageService }) {}

  /** The site's materials this supplier delivers. */
  async materialsOf(siteId: string, supplier: string): Promise<Material[]> {
    return (await this.deps.materials.list(siteId)).filter((m) => m.suppliers.includes(supplier));
  }

  async view(site: Site, supplier: string, list: readonly Material[], now: number): Promise<SupplierDemand> {
    const days = siteDays(site.timezone, now, SUPPLIER_DEMAND_DAYS);
    const ids = list.map((m) => m.id);
    const [demand, shared, seen] = [await this.deps.materials.demandOf(ids, new Date(days[0]!.from)), await this.deps.sharing.sharedWith(supplier, ids), await this.deps.sharing.seen(supplier, ids)];
    const sharedList = list.filter((m) => shared.has(m.id));
    const covers = new Map((await this.deps.coverage.forMaterials(site.id, sharedList, now, DAY)).map((c) => [c.coverage.materialId, c.coverage]));
    const shipments = (await this.deps.shipments.activeCarrying(site.id, list.map((m) => m.sku))).filter((s) => s.supplier === supplier);
    const skus = new Set(list.map((m) => m.sku));
    return {
      siteId: site.id,
      siteName: site.name,
      timezone: site.timezone,
      supplier,
      generatedAt: new Date(now).toISOString(),
      dates: days.map((d) => d.date),
      materials: list.map((m) => {
        const perDay = withPrevious(dailyDemand(demand.get(m.id) ?? [], days), seen.get(m.id) ?? null);
        const c = covers.get(m.id);
        return {
          materialId: m.id,
          sku: m.sku,
          description: m.description,
          unit: m.unit,
          days: perDay,
          changed: perDay.some((d) => d.previousQuantity !== null),
          shared: c !== undefined,
          cover: c
            ? {
                onHand: c.onHand,
                daysOfCover: c.coverHours === null ? null : Math.round((c.coverHours / 24) * 10) / 10,
                status: c.status,
                runOutAt: c.runOutAt,
                shortageRisk: c.status === 'critical',
              }
            : null,
        };
      }),
      shipments: shipments.map((s) => ({
        shipmentId: s.id,
        reference: s.reference,
        items: s.items.filter((i) => skus.has(i.sku)).map((i) => ({ sku: i.sku, quantity: i.quantity })),
        windowStart: s.windowStart,
        windowEnd: s.windowEnd,
        eta: s.eta,
        etaEarliest: s.etaEarliest,
        etaLatest: s.etaLatest,
        windowStatus: s.windowStatus,
        status: s.status,
      })),
    };
  }
}
