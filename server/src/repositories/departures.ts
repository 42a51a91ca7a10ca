import type { Approach } from '@dockwatch/shared';
import { and, asc, eq, exists, gte, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Database, Executor } from '../db/connect';
import { shipmentAssignments, shipments } from '../db/schema';

export interface AwaitingDeparture {
  id: string;
  siteId: string;
  /** When the shipment was received: fixes before it say nothing about leaving. */
  receivedAt: Date;
  leaving: Approach | null;
}

export interface Departure {
  shipmentId: string;
  reference: string;
  supplier: string;
  carrierId: string;
  dock: string | null;
  departedAt: Date;
}

/** Trucks leaving the site after receipt (EDI 214 CD): watched for a while after the device is released. */
export class DepartureRepository {
  constructor(private readonly db: Database) {}

  /** Received shipments the device carried, received since `since`, whose departure is not yet known; locked. */
  async lockAwaiting(tx: Executor, deviceId: string, since: Date): Promise<AwaitingDeparture[]> {
    const carried = tx
      .select({ one: shipmentAssignments.id })
      .from(shipmentAssignments)
      .where(and(eq(shipmentAssignments.shipmentId, shipments.id), eq(shipmentAssignments.deviceId, deviceId)));
    const rows = await tx
      .select({ id: shipments.id, siteId: shipments.siteId, updatedAt: shipments.updatedAt, since: shipments.departureSince, fixes: shipments.departureFixes })
      .from(shipments)
      .where(and(eq(shipments.status, 'received'), isNull(shipments.departedAt), gte(shipments.updatedAt, since), exists(carried)))
      .orderBy(asc(shipments.id))
      .for('update');
    return rows.map((r) => ({ id: r.id, siteId: r.siteId, receivedAt: r.updatedAt, leaving: r.since ? { since: r.since.getTime(), fixes: r.fixes ?? 0 } : null }));
  }

  async save(tx: Executor, shipmentId: string, leaving: Approach | null, departedAt: number | null): Promise<void> {
    await tx
      .update(shipments)
      .set({
        departureSince: leaving ? new Date(leaving.since) : null,
        departureFixes: leaving?.fixes ?? null,
        departedAt: departedAt === null ? null : new Date(departedAt),
      })
      .where(eq(shipments.id, shipmentId));
  }

  /** A site's departures between two times, oldest first. */
  async forSite(siteId: string, range: { from: Date | null; to: Date | null }, limit: number): Promise<Departure[]> {
    const rows = await this.db
      .select({ shipmentId: shipments.id, reference: shipments.reference, supplier: shipments.supplier, carrierId: shipments.carrierId, dock: shipments.dock, departedAt: shipments.departedAt })
      .from(shipments)
      .where(
        and(
          eq(shipments.siteId, siteId),
          isNotNull(shipments.departedAt),
          range.from ? gte(shipments.departedAt, range.from) : undefined,
          range.to ? lte(shipments.departedAt, range.to) : undefined,
        ),
      )
      .orderBy(asc(shipments.departedAt))
      .limit(limit);
    return rows.map((r) => ({ ...r, departedAt: r.departedAt! }));
  }
}
