import type { AuthorSide, MessageCreate, ShipmentMessage } from '@dockwatch/shared';
import { and, asc, count, eq, gt, ne, sql, type Column } from 'drizzle-orm';
import type { ListScope } from '../access/policy';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import { messageReads, shipmentMessages, shipments } from '../db/schema';
import { loadsInScope } from './load-scope';

type MessageRow = typeof shipmentMessages.$inferSelect;

const toMessage = (r: MessageRow): ShipmentMessage => ({
  id: r.id,
  shipmentId: r.shipmentId,
  siteId: r.siteId,
  kind: r.kind,
  text: r.text,
  delayMinutes: r.delayMinutes,
  reason: r.reason,
  sku: r.sku,
  quantity: r.quantity,
  expectedQuantity: r.expectedQuantity,
  author: { side: r.authorSide, name: r.authorName },
  createdAt: r.createdAt.toISOString(),
});

/** A read marker, or the beginning of time for a reader who never read. */
const sqlCoalesce = (column: Column) => sql`coalesce(${column}, '-infinity'::timestamptz)`;

/** Who writes or reads a conversation: the side they speak for, their name, and their audit identity. */
export interface Speaker {
  side: AuthorSide;
  name: string;
  actor: string;
}

/** Shipment conversations and how far each reader has read them. */
export class MessageRepository {
  constructor(private readonly db: Database) {}

  async create(shipment: { id: string; siteId: string }, input: MessageCreate, by: Speaker, at: Date, tx: Executor = this.db): Promise<ShipmentMessage> {
    const [row] = await tx
      .insert(shipmentMessages)
      .values({
        id: randomUUID(),
        shipmentId: shipment.id,
        siteId: shipment.siteId,
        kind: input.kind ?? 'text',
        text: input.text?.trim() ?? '',
        delayMinutes: input.delayMinutes ?? null,
        reason: input.reason ?? null,
        sku: input.sku ?? null,
        quantity: input.quantity ?? null,
        expectedQuantity: input.expectedQuantity ?? null,
        authorSide: by.side,
        authorName: by.name,
        authorActor: by.actor,
        createdAt: at,
      })
      .returning();
    // Writing is reading: the writer has seen everything up to their own message.
    await this.markRead(shipment.id, by.actor, at, tx);
    return toMessage(row!);
  }

  /** The conversation, oldest first (at most `limit`, the newest of them), and how many of it are unread for `reader`. */
  async list(shipmentId: string, reader: string, limit = 500): Promise<{ messages: ShipmentMessage[]; unread: number }> {
    const rows = await this.db.select().from(shipmentMessages).where(eq(shipmentMessages.shipmentId, shipmentId)).orderBy(asc(shipmentMessages.createdAt), asc(shipmentMessages.id));
    const [read] = await this.db.select().from(messageReads).where(and(eq(messageReads.shipmentId, shipmentId), eq(messageReads.reader, reader)));
    const since = read?.readAt.getTime() ?? Number.NEGATIVE_INFINITY;
    const unread = rows.filter((r) => r.authorActor !== reader && r.createdAt.getTime() > since).length;
    return { messages: rows.slice(-limit).map(toMessage), unread };
  }

  /** Messages from others the reader has not read, per shipment of the site (only shipments with any). */
  async unreadBySite(siteId: string, reader: string): Promise<Record<string, number>> {
    const rows = await this.db
      .select({ shipmentId: shipmentMessages.shipmentId, n: count() })
      .from(shipmentMessages)
      .leftJoin(messageReads, and(eq(messageReads.shipmentId, shipmentMessages.shipmentId), eq(messageReads.reader, reader)))
      .where(and(eq(shipmentMessages.siteId, siteId), ne(shipmentMessages.authorActor, reader), gt(shipmentMessages.createdAt, sqlCoalesce(messageReads.readAt))))
      .groupBy(shipmentMessages.shipmentId);
    return Object.fromEntries(rows.map((r) => [r.shipmentId, Number(r.n)]));
  }

  /** The same over every shipment in a caller's scope: a partner's own loads, or the sites of the plant's staff. */
  async unreadInScope(scope: ListScope, reader: string): Promise<Record<string, number>> {
    const rows = await this.db
      .select({ shipmentId: shipmentMessages.shipmentId, n: count() })
      .from(shipmentMessages)
      .innerJoin(shipments, eq(shipments.id, shipmentMessages.shipmentId))
      .leftJoin(messageReads, and(eq(messageReads.shipmentId, shipmentMessages.shipmentId), eq(messageReads.reader, reader)))
      .where(
        and(
          loadsInScope(scope),
          ne(shipmentMessages.authorActor, reader),
          gt(shipmentMessages.createdAt, sqlCoalesce(messageReads.readAt)),
        ),
      )
      .groupBy(shipmentMessages.shipmentId);
    return Object.fromEntries(rows.map((r) => [r.shipmentId, Number(r.n)]));
  }

  async markRead(shipmentId: string, reader: string, at: Date, tx: Executor = this.db): Promise<void> {
    await tx
      .insert(messageReads)
      .values({ shipmentId, reader, readAt: at })
      .onConflictDoUpdate({ target: [messageReads.shipmentId, messageReads.reader], set: { readAt: at } });
  }
}
