import type { LineItem } from '../contracts/shipments';

/** How long a receipt can be undone: enough to catch a wrong tap or a miscount at the dock. */
export const RECEIPT_UNDO_MS = 5 * 60_000;

export interface ReceivedLine {
  sku: string;
  description: string | null;
  expectedQuantity: number | null;
  quantity: number;
}

/**
 * What a receipt books: every line of the notice at its notified quantity unless counted
 * otherwise, then counted lines the notice did not have. A sku counted twice counts its last.
 */
export function receivedLines(notice: readonly LineItem[], counted: readonly { sku: string; quantity: number }[] = []): ReceivedLine[] {
  const byCount = new Map(counted.map((c) => [c.sku, c.quantity]));
  const lines: ReceivedLine[] = notice.map((item) => ({ sku: item.sku, description: item.description ?? null, expectedQuantity: item.quantity, quantity: byCount.get(item.sku) ?? item.quantity }));
  const known = new Set(notice.map((i) => i.sku));
  for (const [sku, quantity] of byCount) if (!known.has(sku)) lines.push({ sku, description: null, expectedQuantity: null, quantity });
  return lines;
}

/** Whether a receipt booked at `receivedAt` may still be undone at `now`. */
export const mayUndoReceipt = (receivedAt: number, now: number): boolean => now - receivedAt <= RECEIPT_UNDO_MS;
