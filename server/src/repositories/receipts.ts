import { RECEIPT_UNDO_MS, type Receipt, type ReceiptDiscrepancy, type ReceivedLine, type ShipmentStatus } from '@dockwatch/shared';
import { and, desc, eq, gt, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import { receiptItems, receipts, shipments } from '../db/schema';

export type ReceiptRow = typeof receipts.$inferSelect;

function toReceipt(row: ReceiptRow, items: (typeof receiptItems.$inferSelect)[], descriptions: Map<string, string | null>): Receipt {
  return {
    id: row.id,
    shipmentId: row.shipmentId,
    receivedAt: row.receivedAt.toISOString(),
    receivedBy: row.receivedBy,
    undoneAt: row.undoneAt?.toISOString() ?? null,
    undoUntil: new Date(row.receivedAt.getTime() + RECEIPT_UNDO_MS).toISOString(),
    items: items.map((i) => ({ sku: i.sku, description: descriptions.get(i.sku) ?? null, expectedQuantity: i.expectedQuantity, quantity: i.quantity })),
  };
}

/** Receipts and their counted lines: what came in, against what the notice said. */
export class ReceiptRepository {
  constructor(private readonly db: Database) {}

  async create(
    tx: Executor,
    receipt: { shipmentId: string; eventId: string; previousStatus: ShipmentStatus; receivedAt: Date; receivedBy: string; lines: readonly ReceivedLine[] },
  ): Promise<Receipt> {
    const id = randomUUID();
    const [row] = await tx
      .insert(receipts)
      .values({ id, shipmentId: receipt.shipmentId, eventId: receipt.eventId, previousStatus: receipt.previousStatus, receivedAt: receipt.receivedAt, receivedBy: receipt.receivedBy })
      .returning();
    const items = receipt.lines.length
      ? await tx
          .insert(receiptItems)
          .values(receipt.lines.map((l) => ({ receiptId: id, sku: l.sku, expectedQuantity: l.expectedQuantity, quantity: l.quantity })))
          .returning()
      : [];
    return toReceipt(row!, items, new Map(receipt.lines.map((l) => [l.sku, l.description])));
  }

  /** The shipment's receipt that stands (not undone), if any. */
  async standing(tx: Executor, shipmentId: string): Promise<ReceiptRow | null> {
    const [row] = await tx
      .select()
      .from(receipts)
      .where(and(eq(receipts.shipmentId, shipmentId), isNull(receipts.undoneAt)))
      .limit(1);
    return row ?? null;
  }

  async markUndone(tx: Executor, id: string, at: Date): Promise<void> {
    await tx.update(receipts).set({ undoneAt: at }).where(eq(receipts.id, id));
  }

  /** The site's standing receipts since `since` with lines counted off their notice, newest first (at most `limit`). */
  async discrepancies(siteId: string, since: Date, limit = 500): Promise<ReceiptDiscrepancy[]> {
    const rows = await this.db
      .select({
        receiptId: receipts.id,
        shipmentId: receipts.shipmentId,
        reference: shipments.reference,
        supplier: shipments.supplier,
        receivedAt: receipts.receivedAt,
        receivedBy: receipts.receivedBy,
        sku: receiptItems.sku,
        expectedQuantity: receiptItems.expectedQuantity,
        quantity: receiptItems.quantity,
      })
      .from(receipts)
      .innerJoin(receiptItems, eq(receiptItems.receiptId, receipts.id))
      .innerJoin(shipments, eq(shipments.id, receipts.shipmentId))
      .where(
        and(
          eq(shipments.siteId, siteId),
          isNull(receipts.undoneAt),
          gt(receipts.receivedAt, since),
          isNotNull(receiptItems.expectedQuantity),
          ne(receiptItems.quantity, receiptItems.expectedQuantity),
        ),
      )
      .orderBy(desc(receipts.receivedAt), receiptItems.sku)
      .limit(limit);
    return rows.map((r) => ({
      ...r,
      receivedAt: r.receivedAt.toISOString(),
      expectedQuantity: r.expectedQuantity!,
      difference: r.quantity - r.expectedQuantity!,
    }));
  }

  /** A shipment's receipts, newest first, with descriptions from its notice. */
  async list(shipmentId: string, notice: readonly { sku: string; description?: string }[]): Promise<Receipt[]> {
    const rows = await this.db.select().from(receipts).where(eq(receipts.shipmentId, shipmentId)).orderBy(desc(receipts.receivedAt));
    if (rows.length === 0) return [];
    const items = await this.db.select().from(receiptItems).where(inArray(receiptItems.receiptId, rows.map((r) => r.id)));
    const descriptions = new Map(notice.map((i) => [i.sku, i.description ?? null]));
    return rows.map((r) =>
      toReceipt(
        r,
        items.filter((i) => i.receiptId === r.id),
        descriptions,
      ),
    );
  }
}
