import type { AlertWatch, DemandBucket, Material, MaterialCreate, MaterialPatch, PartCover } from '@dockwatch/shared';
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
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

export const toPartCover = (row: MaterialRow): PartCover | null =>
  row.coverStatus === null || row.coverEvaluatedAt === null
    ? null
    : {
        materialId: row.id,
        sku: row.sku,
        description: row.description,
        unit: row.unit,
        line: row.line,
        status: row.coverStatus,
        runOutAt: row.runOutAt?.toISOString() ?? null,
        pessimisticRunOutAt: row.pessimisticRunOutAt?.toISOString() ?? null,
        belowSafetyAt: row.belowSafetyAt?.toISOString() ?? null,
        lateCausesRunOut: row.lateCausesRunOut,
        evaluatedAt: row.coverEvaluatedAt.toISOString(),
      };

/** What one evaluation of a material keeps: its cover, its alert persistence and when to look again. */
export interface MaterialEvaluation {
  cover: Omit<PartCover, 'materialId' | 'sku' | 'description' | 'unit' | 'line'>;
  watch: AlertWatch;
  nextCheckAt: Date;
}

/** A float8[] as the driver gives it: parsed already, or in PostgreSQL's text form. */
function numbers(value: number[] | string): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map(Number);
}

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
    await tx.update(materials).set({ updatedAt: now, demandRevision: sql`${materials.demandRevision} + 1` }).where(eq(materials.id, id));
  }

  /** The demand buckets of these materials that end after `after`, by material, in time order. */
  async demandOf(ids: readonly string[], after: Date, tx: Executor = this.db): Promise<Map<string, DemandBucket[]>> {
    const byMaterial = new Map<string, DemandBucket[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return byMaterial;
    // One row per material with its plan as three arrays: 4 weeks of hourly buckets for a page
    // of materials is 100,000+ buckets, which as rows cost more to decode than to compute with.
    const epochMs = (column: typeof materialDemand.from) => sql`(extract(epoch from ${column}) * 1000)::float8`;
    const rows = await tx
      .select({
        materialId: materialDemand.materialId,
        from: sql<number[]>`array_agg(${epochMs(materialDemand.from)} order by ${materialDemand.from})`,
        to: sql<number[]>`array_agg(${epochMs(materialDemand.to)} order by ${materialDemand.from})`,
        quantity: sql<number[]>`array_agg(${materialDemand.quantity} order by ${materialDemand.from})`,
      })
      .from(materialDemand)
      .where(and(inArray(materialDemand.materialId, [...ids]), gt(materialDemand.to, after)))
      .groupBy(materialDemand.materialId);
    for (const r of rows) {
      const from = numbers(r.from);
      const to = numbers(r.to);
      const quantity = numbers(r.quantity);
      byMaterial.set(
        r.materialId,
        from.map((f, i) => ({ from: f, to: to[i]!, quantity: quantity[i]! })),
      );
    }
    return byMaterial;
  }

  /** Whether the site has any material. */
  async siteKeepsMaterials(siteId: string, tx: Executor = this.db): Promise<boolean> {
    const [row] = await tx.select({ id: materials.id }).from(materials).where(eq(materials.siteId, siteId)).limit(1);
    return row !== undefined;
  }

  /**
   * The site's materials to evaluate, locked for it in id order (an evaluation of the same part
   * from another request or instance waits; two never deadlock): all of them, or those with
   * these part numbers.
   */
  async lockForEvaluation(tx: Executor, siteId: string, skus?: readonly string[]): Promise<{ material: Material; watch: AlertWatch; cover: PartCover | null; demandRevision: number }[]> {
    if (skus?.length === 0) return [];
    const rows = await tx
      .select()
      .from(materials)
      .where(and(eq(materials.siteId, siteId), skus ? inArray(materials.sku, [...skus]) : undefined))
      .orderBy(asc(materials.id))
      .for('update');
    return rows.map((row) => ({ material: toMaterial(row), watch: row.alertWatch ?? {}, cover: toPartCover(row), demandRevision: row.demandRevision }));
  }

  /**
   * Materials whose next check is due, a page at a time, locked for this evaluation; rows another
   * evaluation holds are skipped (it is evaluating them), so sweeps on several instances share
   * the work and never wait on each other.
   */
  async dueForCheck(tx: Executor, now: Date, limit: number): Promise<{ siteId: string; sku: string }[]> {
    return tx
      .select({ siteId: materials.siteId, sku: materials.sku })
      .from(materials)
      .where(or(isNull(materials.nextCheckAt), lte(materials.nextCheckAt, now)))
      .orderBy(sql`${materials.nextCheckAt} asc nulls first`, asc(materials.id))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  /** Keeps one evaluation: the cover shown beside the part, the alert persistence, the next check. */
  /**
   * Stores a page of evaluations in one statement (a page is up to 200 materials: one round
   * trip instead of one each). The rows travel as one JSON parameter, which reads the same on
   * PostgreSQL and PGlite.
   */
  async saveEvaluations(tx: Executor, list: readonly { materialId: string; evaluation: MaterialEvaluation }[]): Promise<void> {
    if (list.length === 0) return;
    const rows = list.map(({ materialId, evaluation: { cover, watch, nextCheckAt } }) => ({
      id: materialId,
      alert_watch: Object.keys(watch).length === 0 ? null : watch,
      cover_status: cover.status,
      run_out_at: cover.runOutAt,
      pessimistic_run_out_at: cover.pessimisticRunOutAt,
      below_safety_at: cover.belowSafetyAt,
      late_causes_run_out: cover.lateCausesRunOut,
      cover_evaluated_at: cover.evaluatedAt,
      next_check_at: nextCheckAt.toISOString(),
    }));
    await tx.execute(sql`
      update ${materials} m set
        alert_watch = v.alert_watch,
        cover_status = v.cover_status,
        run_out_at = v.run_out_at,
        pessimistic_run_out_at = v.pessimistic_run_out_at,
        below_safety_at = v.below_safety_at,
        late_causes_run_out = v.late_causes_run_out,
        cover_evaluated_at = v.cover_evaluated_at,
        next_check_at = v.next_check_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
        id uuid, alert_watch jsonb, cover_status text, run_out_at timestamptz, pessimistic_run_out_at timestamptz,
        below_safety_at timestamptz, late_causes_run_out jsonb, cover_evaluated_at timestamptz, next_check_at timestamptz)
      where m.id = v.id`);
  }

  /** The cover of every evaluated part of the site, by part number. */
  async partCovers(siteId: string, tx: Executor = this.db): Promise<PartCover[]> {
    const rows = await tx.select().from(materials).where(eq(materials.siteId, siteId)).orderBy(asc(materials.sku));
    return rows.map(toPartCover).filter((c): c is PartCover => c !== null);
  }

  /**
   * What the site's receipts after `after` booked, line by line, at the time of the receipt: the
   * quantities the clerk counted (the notice's where not counted). Undone receipts book nothing.
   */
  async receivedItems(siteId: string, after: Date, tx: Executor = this.db, skus?: readonly string[]): Promise<ReceivedItem[]> {
    const rows = await tx
      .select({ shipmentId: receipts.shipmentId, sku: receiptItems.sku, quantity: receiptItems.quantity, receivedAt: receipts.receivedAt })
      .from(receipts)
      .innerJoin(receiptItems, eq(receiptItems.receiptId, receipts.id))
      .innerJoin(shipments, eq(shipments.id, receipts.shipmentId))
      .where(and(eq(shipments.siteId, siteId), isNull(receipts.undoneAt), gt(receipts.receivedAt, after), skus ? inArray(receiptItems.sku, [...skus]) : undefined));
    return rows;
  }

}
