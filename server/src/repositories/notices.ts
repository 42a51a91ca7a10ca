import type { DisruptionNotice, NoticeCreate, NoticePartner, NoticeQuery, NoticeSide, NoticeState } from '@dockwatch/shared';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import { disruptionNotices } from '../db/schema';

type NoticeRow = typeof disruptionNotices.$inferSelect;

export const toNotice = (r: NoticeRow): DisruptionNotice => ({
  id: r.id,
  cause: r.cause,
  effect: r.effect,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt?.toISOString() ?? null,
  siteIds: r.siteIds,
  skus: r.skus,
  text: r.text,
  partner: r.partnerType === 'carrier' ? { type: 'carrier', id: r.partnerId } : { type: 'supplier', name: r.partnerId },
  partnerName: r.partnerName,
  author: { side: r.authorSide, name: r.authorName },
  state: r.state,
  acks: r.acks.map(({ by, at }) => ({ by, at })),
  replies: r.replies,
  createdAt: r.createdAt.toISOString(),
  closedAt: r.closedAt?.toISOString() ?? null,
  version: r.version,
});

/** Who writes to a notice: the side they speak for, their name, and their audit identity. */
export interface NoticeSpeaker {
  side: NoticeSide;
  name: string;
  actor: string;
}

/** A stored notice with who posted it (never on the wire). */
export interface StoredNotice {
  notice: DisruptionNotice;
  authorActor: string;
  ackedBy: string[];
}

const stored = (r: NoticeRow): StoredNotice => ({ notice: toNotice(r), authorActor: r.authorActor, ackedBy: r.acks.map((a) => a.actor) });

/** Disruption notices, their acks and replies. */
export class NoticeRepository {
  constructor(private readonly db: Database) {}

  async create(input: NoticeCreate & { partner: NoticePartner }, partnerName: string, by: NoticeSpeaker, at: Date, tx: Executor = this.db): Promise<DisruptionNotice> {
    const [row] = await tx
      .insert(disruptionNotices)
      .values({
        id: randomUUID(),
        cause: input.cause,
        effect: input.effect,
        startsAt: new Date(input.startsAt),
        endsAt: input.endsAt == null ? null : new Date(input.endsAt),
        siteIds: input.siteIds,
        skus: input.skus ?? [],
        text: input.text.trim(),
        partnerType: input.partner.type,
        partnerId: input.partner.type === 'carrier' ? input.partner.id : input.partner.name,
        partnerName,
        authorSide: by.side,
        authorName: by.name,
        authorActor: by.actor,
        createdAt: at,
      })
      .returning();
    return toNotice(row!);
  }

  async get(id: string): Promise<StoredNotice | null> {
    const [row] = await this.db.select().from(disruptionNotices).where(eq(disruptionNotices.id, id));
    return row ? stored(row) : null;
  }

  /**
   * Newest first, at most `limit`: of one partner when `partner` is given, else every partner's;
   * the caller keeps only what its scope allows.
   */
  async list(query: NoticeQuery, partner: { type: 'carrier' | 'supplier'; id: string } | null, limit = 500): Promise<StoredNotice[]> {
    const where: SQL[] = [];
    if (partner) where.push(eq(disruptionNotices.partnerType, partner.type), eq(disruptionNotices.partnerId, partner.id));
    if (query.state) where.push(eq(disruptionNotices.state, query.state));
    if (query.siteId) where.push(sql`${disruptionNotices.siteIds} @> ${JSON.stringify([query.siteId])}::jsonb`);
    if (query.sku) where.push(sql`(${disruptionNotices.skus} = '[]'::jsonb or ${disruptionNotices.skus} @> ${JSON.stringify([query.sku])}::jsonb)`);
    const rows = await this.db
      .select()
      .from(disruptionNotices)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(disruptionNotices.createdAt), desc(disruptionNotices.id))
      .limit(limit);
    return rows.map(stored);
  }

  /** Records the speaker's ack once (a second ack changes nothing); null when the notice is gone. */
  async ack(id: string, by: NoticeSpeaker, at: Date): Promise<DisruptionNotice | null> {
    const entry = JSON.stringify([{ by: { side: by.side, name: by.name }, at: at.toISOString(), actor: by.actor }]);
    const [row] = await this.db
      .update(disruptionNotices)
      .set({
        acks: sql`case when ${disruptionNotices.acks} @> ${JSON.stringify([{ actor: by.actor }])}::jsonb then ${disruptionNotices.acks} else ${disruptionNotices.acks} || ${entry}::jsonb end`,
        version: sql`${disruptionNotices.version} + case when ${disruptionNotices.acks} @> ${JSON.stringify([{ actor: by.actor }])}::jsonb then 0 else 1 end`,
      })
      .where(eq(disruptionNotices.id, id))
      .returning();
    return row ? toNotice(row) : null;
  }

  async reply(id: string, text: string, by: NoticeSpeaker, at: Date): Promise<DisruptionNotice | null> {
    const entry = JSON.stringify([{ id: randomUUID(), by: { side: by.side, name: by.name }, text: text.trim(), at: at.toISOString() }]);
    const [row] = await this.db
      .update(disruptionNotices)
      .set({ replies: sql`${disruptionNotices.replies} || ${entry}::jsonb`, version: sql`${disruptionNotices.version} + 1` })
      .where(eq(disruptionNotices.id, id))
      .returning();
    return row ? toNotice(row) : null;
  }

  /** Closes an open notice; null when it was not open (closed meanwhile, or gone). */
  async close(id: string, at: Date): Promise<DisruptionNotice | null> {
    const open: NoticeState = 'open';
    const [row] = await this.db
      .update(disruptionNotices)
      .set({ state: 'closed', closedAt: at, version: sql`${disruptionNotices.version} + 1` })
      .where(and(eq(disruptionNotices.id, id), eq(disruptionNotices.state, open)))
      .returning();
    return row ? toNotice(row) : null;
  }
}
