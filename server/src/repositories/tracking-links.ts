import type { TrackingLink } from '@dockwatch/shared';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/connect';
import { trackingLinks } from '../db/schema';

export type TrackingLinkRecord = typeof trackingLinks.$inferSelect;

export const toTrackingLink = (row: TrackingLinkRecord): TrackingLink => ({
  id: row.id,
  deviceId: row.deviceId,
  shipmentId: row.shipmentId,
  expiresAt: row.expiresAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** Driver links; looked up in the database on every request, so a revoke holds at once on every instance. */
export class TrackingLinkRepository {
  constructor(private readonly db: Database) {}

  async create(input: { deviceId: string; shipmentId: string | null; tokenHash: string; expiresAt: Date }): Promise<TrackingLinkRecord> {
    const [row] = await this.db.insert(trackingLinks).values({ id: randomUUID(), ...input }).returning();
    return row!;
  }

  async findByTokenHash(tokenHash: string): Promise<TrackingLinkRecord | null> {
    const [row] = await this.db.select().from(trackingLinks).where(eq(trackingLinks.tokenHash, tokenHash));
    return row ?? null;
  }

  async get(id: string): Promise<TrackingLinkRecord | null> {
    const [row] = await this.db.select().from(trackingLinks).where(eq(trackingLinks.id, id));
    return row ?? null;
  }

  async listForShipment(shipmentId: string): Promise<TrackingLink[]> {
    const rows = await this.db.select().from(trackingLinks).where(eq(trackingLinks.shipmentId, shipmentId)).orderBy(desc(trackingLinks.createdAt));
    return rows.map(toTrackingLink);
  }

  async revoke(id: string, at: Date): Promise<TrackingLink | null> {
    const [row] = await this.db
      .update(trackingLinks)
      .set({ revokedAt: at })
      .where(and(eq(trackingLinks.id, id), isNull(trackingLinks.revokedAt)))
      .returning();
    if (row) return toTrackingLink(row);
    const [existing] = await this.db.select().from(trackingLinks).where(eq(trackingLinks.id, id));
    return existing ? toTrackingLink(existing) : null;
  }
}
