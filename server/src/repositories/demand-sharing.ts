import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../db/connect';
import { demandSharing, materials, supplierDemandSeen } from '../db/schema';

/** What the plant shares with each supplier, and what each supplier last saw of the demand. */
export class DemandSharingRepository {
  constructor(private readonly db: Database) {}

  /** Every sharing setting of a site (rows only where one was ever set). */
  async list(siteId: string, tx: Executor = this.db): Promise<{ supplier: string; materialId: string; share: boolean; sku: string }[]> {
    return tx
      .select({ supplier: demandSharing.supplier, materialId: demandSharing.materialId, share: demandSharing.share, sku: materials.sku })
      .from(demandSharing)
      .innerJoin(materials, eq(materials.id, demandSharing.materialId))
      .where(eq(demandSharing.siteId, siteId))
      .orderBy(materials.sku, demandSharing.supplier);
  }

  async set(tx: Executor, siteId: string, entries: readonly { supplier: string; materialId: string; share: boolean }[], now: Date): Promise<void> {
    for (const e of entries) {
      await tx
        .insert(demandSharing)
        .values({ siteId, materialId: e.materialId, supplier: e.supplier, share: e.share, updatedAt: now })
        .onConflictDoUpdate({ target: [demandSharing.materialId, demandSharing.supplier], set: { share: e.share, updatedAt: now } });
    }
  }

  /** The ids of these materials the plant shares with the supplier. */
  async sharedWith(supplier: string, materialIds: readonly string[], tx: Executor = this.db): Promise<Set<string>> {
    if (materialIds.length === 0) return new Set();
    const rows = await tx
      .select({ id: demandSharing.materialId })
      .from(demandSharing)
      .where(and(eq(demandSharing.supplier, supplier), eq(demandSharing.share, true), inArray(demandSharing.materialId, [...materialIds])));
    return new Set(rows.map((r) => r.id));
  }

  async seen(supplier: string, materialIds: readonly string[], tx: Executor = this.db): Promise<Map<string, Record<string, number>>> {
    if (materialIds.length === 0) return new Map();
    const rows = await tx
      .select({ id: supplierDemandSeen.materialId, days: supplierDemandSeen.days })
      .from(supplierDemandSeen)
      .where(and(eq(supplierDemandSeen.supplier, supplier), inArray(supplierDemandSeen.materialId, [...materialIds])));
    return new Map(rows.map((r) => [r.id, r.days]));
  }

  async markSeen(supplier: string, seen: readonly { materialId: string; days: Record<string, number> }[], now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const s of seen) {
        await tx
          .insert(supplierDemandSeen)
          .values({ materialId: s.materialId, supplier, days: s.days, seenAt: now })
          .onConflictDoUpdate({ target: [supplierDemandSeen.materialId, supplierDemandSeen.supplier], set: { days: s.days, seenAt: now } });
      }
    });
  }
}
