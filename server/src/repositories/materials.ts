import type { AlertWatch, DemandBucket, Material, MaterialCreate, MaterialPatch } from '@dockwatch/shared';
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import { materialDemand, materials, receiptItems, receipts, shipments } from '../db/schema';

type MaterialRow = typeof materials.$inferSelect;

export const toMaterial = (row: MaterialRow): Material => ({
  id: row.id,
  siteId: row.siteId,
  sku: row.sku,
  description: row.description,
  unit: row.unit,
  safetyStock: { quantity: row.safetyStockQuantity, hours: row.safetyStockHours },
  suppliers: row.suppliers,
  line: row.line,
  stock: row.stockQuantity !== null && row.stockCountedAt !== null ? { quantity: row.stockQuantity, countedAt: row.stockCountedAt.toISOString() } : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** A received shipment's line item, booked at the time it was received. */
export interface ReceivedItem {
  shipmentId: string;
  sku: string;
  quantity: number;
  receivedAt: Date;
}

/** The columns a create or patch sets (safety stock: an absent side stays, null clears it). */
function columnsOf(input: MaterialCreate | MaterialPatch) {
  return {
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.unit !== undefined ? { unit: input.unit } : {}),
    ...(input.safetyStock?.quantity !== undefined ? { safetyStockQuantity: input.safetyStock.quantity } : {}),
    ...(input.safetyStock?.hours !== undefined ? { safetyStockHours: input.safetyStock.hours } : {}),
    ...(input.suppliers !== undefined ? { suppliers: input.suppliers } : {}),
    ...(input.line !== undefined ? { line: input.line } : {}),
  };
}

/** Materials, their stock counts and demand plans; and the receipts and inbound quantities of their part numbers. */
export class MaterialRepository {
  constructor(private readonly db: Database) {}

  async list(siteId: string, tx: Executor = this.db): Promise<Material[]> {
    const rows = await tx.select().from(materials).where(eq(materials.siteId, siteId)).orderBy(asc(materials.sku));
    return rows.map(toMaterial);
  }

  async get(id: string, tx: Executor = this.db): Promise<Material | null> {
    const [row] = await tx.select().from(materials).where(eq(materials.id, id));
    return row ? toMaterial(row) : null;
  }

  async bySku(tx: Executor, siteId: string, skus: readonly string[]): Promise<Material[]> {
    if (skus.length === 0) return [];
    const rows = await tx.select().from(materials).where(and(eq(materials.siteId, siteId), inArray(materials.sku, [...skus])));
    return rows.map(toMaterial);
  }

  async create(tx: Executor, siteId: string, input: MaterialCreate, now: Date): Promise<Material> {
    const [row] = await tx
      .insert(materials)
      .values({ id: randomUUID(), siteId, sku: input.sku, ...columnsOf(input), createdAt: now, updatedAt: now })
      .returning();
    return toMaterial(row!);
  }

  /** Creates the material, or updates the fields given for the site's existing one with that sku. */
  async upsert(tx: Executor, siteId: string, input: MaterialCreate, now: Date): Promise<Material> {
    const set = { ...columnsOf(input), updatedAt: now };
    const [row] = await tx
      .insert(materials)
      .values({ id: randomUUID(), siteId, sku: input.sku, ...columnsOf(input), createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [materials.siteId, materials.sku], set })
      .returning();
    return toMaterial(row!);
  }

  async patch(tx: Executor, id: string, patch: MaterialPatch, now: Date): Promise<Material | null> {
    const [row] = await tx
      .update(materials)
      .set({ ...columnsOf(patch), updatedAt: now })
      .where(eq(materials.id, id))
      .returning();
    return row ? toMaterial(row) : null;
  }

  async setStock(tx: Executor, id: string, quantity: number, countedAt: Date, now: Date): Promise<Material | null> {
    const [row] = await tx.update(materials).set({ stockQuantity: quantity, stockCountedAt: countedAt, updatedAt: now }).where(eq(materials.id, id)).returning();
    return row ? toMaterial(row) : null;
  }

  /** Replaces the material's whole demand plan. */
  async replaceDemand(tx: Executor, id: string, buckets: readonly DemandBucket[], now: Date): Promise<void> {
    await tx.delete(materialDemand).where(eq(materialDemand.materialId, id));
    if (buckets.length > 0) {
      await tx.insert(materialDemand).values(buckets.map((b) => ({ materialId: id, from: new Date(b.from), to: new Date(b.to), quantity: b.quantity })));
    }
    await tx.update(materials).set({ updatedAt: now }).where(eq(materials.id, id));
  }

  /** The demand buckets of these materials that end after `after`, by material, in time order. */
  async demandOf(ids: readonly string[], after: Date, tx: Executor = this.db): Promise<Map<string, DemandBucket[]>> {
    const byMaterial = new Map<string, DemandBucket[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return byMaterial;
    const rows = await tx
      .select()
      .from(materialDemand)
      .where(and(inArray(materialDemand.materialId, [...ids]), gt(materialDemand.to, after)))
      .orderBy(asc(materialDemand.materialId), asc(materialDemand.from));
    for (const r of rows) byMaterial.get(r.materialId)!.push({ from: r.from.getTime(), to: r.to.getTime(), quantity: r.quantity });
    return byMaterial;
  }

  /** Sites that have materials (whose coverage the sweep keeps). */
  async sitesWithMaterials(tx: Executor = this.db): Promise<string[]> {
    const rows = await tx.selectDistinct({ siteId: materials.siteId }).from(materials).orderBy(asc(materials.siteId));
    return rows.map((r) => r.siteId);
  }

  /** What the shortage alert's persistence remembers for a material (empty when nothing). */
  async alertWatch(tx: Executor, id: string): Promise<AlertWatch> {
    const [row] = await tx.select({ watch: materials.alertWatch }).from(materials).where(eq(materials.id, id));
    return row?.watch ?? {};
  }

  async saveAlertWatch(tx: Executor, id: string, watch: AlertWatch): Promise<void> {
    await tx.update(materials).set({ alertWatch: Object.keys(watch).length === 0 ? null : watch }).where(eq(materials.id, id));
  }

  /**
   * What the site's receipts after `after` booked, line by line, at the time of the receipt: the
   * quantities the clerk counted (the notice's where not counted). Undone receipts book nothing.
   */
  async receivedItems(siteId: string, after: Date, tx: Executor = this.db): Promise<ReceivedItem[]> {
    const rows = await tx
      .select({ shipmentId: receipts.shipmentId, sku: receiptItems.sku, quantity: receiptItems.quantity, receivedAt: receipts.receivedAt })
      .from(receipts)
      .innerJoin(receiptItems, eq(receiptItems.receiptId, receipts.id))
      .innerJoin(shipments, eq(shipments.id, receipts.shipmentId))
      .where(and(eq(shipments.siteId, siteId), isNull(receipts.undoneAt), gt(receipts.receivedAt, after)));
    return rows;
  }

}
