import {
  type LineItem,
  type Shipment,
  type ShipmentListQuery,
  type StatusEvent,
  type StatusEventType,
  type StatusExportRow,
  type TrackingState,
} from '@dockwatch/shared';
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { ListScope } from '../access/policy';
import type { Database, Executor } from '../db/connect';
import { pings, shipmentAssignments, shipments, statusEvents } from '../db/schema';

export type ShipmentRow = typeof shipments.$inferSelect;
type StatusEventSource = StatusEvent['source'];

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export function toShipment(row: ShipmentRow): Shipment {
  return {
    id: row.id,
    reference: row.reference,
    supplier: row.supplier,
    carrierId: row.carrierId,
    siteId: row.siteId,
    dock: row.dock,
    windowStart: row.windowStart.toISOString(),
    windowEnd: row.windowEnd.toISOString(),
    deviceId: row.deviceId,
    items: row.items,
    status: row.status,
    position:
      row.positionLat !== null && row.positionLon !== null && row.positionTs !== null
        ? { lat: row.positionLat, lon: row.positionLon, ts: row.positionTs.toISOString(), speed: row.positionSpeed, heading: row.positionHeading }
        : null,
    eta: iso(row.eta),
    etaEarliest: iso(row.etaEarliest),
    etaLatest: iso(row.etaLatest),
    etaOverdue: row.etaOverdue,
    windowStatus: row.windowStatus,
    arrivedAt: iso(row.arrivedAt),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The tracking part of a shipment row, as the pure pipeline sees it. */
export function trackingStateOf(row: ShipmentRow): TrackingState {
  return {
    status: row.status,
    position:
      row.positionLat !== null && row.positionLon !== null && row.positionTs !== null
        ? { lat: row.positionLat, lon: row.positionLon, ts: row.positionTs.getTime(), speed: row.positionSpeed, heading: row.positionHeading }
        : null,
    estimator: row.etaEstimator,
    eta: row.eta?.getTime() ?? null,
    etaEarliest: row.etaEarliest?.getTime() ?? null,
    etaLatest: row.etaLatest?.getTime() ?? null,
    etaOverdue: row.etaOverdue,
    arrivedAt: row.arrivedAt?.getTime() ?? null,
    windowStatus: row.windowStatus,
    ...(row.approachSince !== null ? { approach: { since: row.approachSince.getTime(), fixes: row.approachFixes ?? 0 } } : {}),
  };
}

function trackingColumns(state: TrackingState) {
  return {
    status: state.status,
    positionLat: state.position?.lat ?? null,
    positionLon: state.position?.lon ?? null,
    positionTs: state.position ? new Date(state.position.ts) : null,
    positionSpeed: state.position?.speed ?? null,
    positionHeading: state.position?.heading ?? null,
    etaEstimator: state.estimator,
    eta: state.eta === null ? null : new Date(state.eta),
    etaEarliest: state.etaEarliest === null ? null : new Date(state.etaEarliest),
    etaLatest: state.etaLatest === null ? null : new Date(state.etaLatest),
    etaOverdue: state.etaOverdue,
    arrivedAt: state.arrivedAt === null ? null : new Date(state.arrivedAt),
    windowStatus: state.windowStatus,
    approachSince: state.approach ? new Date(state.approach.since) : null,
    approachFixes: state.approach?.fixes ?? null,
  };
}

const toStatusEvent = (row: typeof statusEvents.$inferSelect): StatusEvent => ({
  id: row.id,
  shipmentId: row.shipmentId,
  type: row.type,
  ts: row.ts.toISOString(),
  note: row.note,
  source: row.source,
  createdAt: row.createdAt.toISOString(),
});

/** How far before its assignment a device's fixes still count toward a shipment's track. */
export const TRACK_LOOKBACK_MS = 60 * 60_000;

const isActive = sql`${shipments.status} not in ('received', 'cancelled')`;

export interface NewShipment {
  reference: string;
  supplier: string;
  carrierId: string;
  siteId: string;
  dock: string | null;
  windowStart: Date;
  windowEnd: Date;
  deviceId: string | null;
  items: LineItem[];
}

export interface ShipmentChanges {
  dock?: string | null;
  supplier?: string;
  items?: LineItem[];
  windowStart?: Date;
  windowEnd?: Date;
  deviceId?: string | null;
  tracking?: TrackingState;
}

export class ShipmentRepository {
  constructor(private readonly db: Database) {}

  async create(tx: Executor, input: NewShipment, now: Date): Promise<Shipment> {
    const id = randomUUID();
    const [row] = await tx
      .insert(shipments)
      .values({ id, ...input, status: 'planned', windowStatus: 'unknown', version: 1, createdAt: now, updatedAt: now })
      .returning();
    if (input.deviceId !== null) {
      await tx.insert(shipmentAssignments).values({ id: randomUUID(), shipmentId: id, deviceId: input.deviceId, assignedAt: now });
    }
    return toShipment(row!);
  }

  async get(id: string, tx: Executor = this.db): Promise<Shipment | null> {
    const [row] = await tx.select().from(shipments).where(eq(shipments.id, id));
    return row ? toShipment(row) : null;
  }

  /** The row, locked until the transaction ends, so concurrent writers serialise per shipment. */
  async lock(tx: Executor, id: string): Promise<ShipmentRow | null> {
    const [row] = await tx.select().from(shipments).where(eq(shipments.id, id)).for('update');
    return row ?? null;
  }

  /** Active shipments a device carries, locked in a stable order (no deadlocks between batches). */
  async lockActiveForDevice(tx: Executor, deviceId: string): Promise<ShipmentRow[]> {
    return tx
      .select()
      .from(shipments)
      .where(and(eq(shipments.deviceId, deviceId), isActive))
      .orderBy(asc(shipments.id))
      .for('update');
  }

  /**
   * Every active shipment, locked; rows a writer holds right now are skipped (that writer
   * re-evaluates them itself).
   */
  /** The next `limit` active shipments after `afterId` (all from the start when null), by id, locked; those locked by a write now are left for the next round. */
  async lockActivePage(tx: Executor, afterId: string | null, limit: number): Promise<ShipmentRow[]> {
    const where = afterId === null ? isActive : and(isActive, gt(shipments.id, afterId));
    return tx.select().from(shipments).where(where).orderBy(asc(shipments.id)).limit(limit).for('update', { skipLocked: true });
  }

  /** Writes changes and bumps the version. */
  async update(tx: Executor, id: string, changes: ShipmentChanges, now: Date): Promise<Shipment> {
    const { tracking, ...plain } = changes;
    const [row] = await tx
      .update(shipments)
      .set({ ...plain, ...(tracking ? trackingColumns(tracking) : {}), version: sql`${shipments.version} + 1`, updatedAt: now })
      .where(eq(shipments.id, id))
      .returning();
    return toShipment(row!);
  }

  /** Closes the open assignment and opens one for the new device (if any). */
  async reassign(tx: Executor, shipmentId: string, deviceId: string | null, now: Date): Promise<void> {
    await tx
      .update(shipmentAssignments)
      .set({ unassignedAt: now })
      .where(and(eq(shipmentAssignments.shipmentId, shipmentId), isNull(shipmentAssignments.unassignedAt)));
    if (deviceId !== null) {
      await tx.insert(shipmentAssignments).values({ id: randomUUID(), shipmentId, deviceId, assignedAt: now });
    }
  }

  /** A closed span of a device's pings that belong to the shipment's track (an imported recording). */
  async addTrackSpan(shipmentId: string, deviceId: string, from: Date, to: Date): Promise<void> {
    await this.db.insert(shipmentAssignments).values({ id: randomUUID(), shipmentId, deviceId, assignedAt: from, unassignedAt: to });
  }

  /** Shipments matching the query, within the caller's scope. */
  async list(query: ShipmentListQuery, scope: ListScope | null = null): Promise<{ shipments: Shipment[]; total: number }> {
    const conditions: SQL[] = [];
    if (scope?.siteIds) conditions.push(scope.siteIds.length > 0 ? inArray(shipments.siteId, scope.siteIds) : sql`false`);
    if (scope?.carrierId) conditions.push(eq(shipments.carrierId, scope.carrierId));
    if (scope?.supplier) conditions.push(eq(shipments.supplier, scope.supplier));
    if (query.siteId) conditions.push(eq(shipments.siteId, query.siteId));
    if (query.carrierId) conditions.push(eq(shipments.carrierId, query.carrierId));
    if (query.deviceId) conditions.push(eq(shipments.deviceId, query.deviceId));
    if (query.status) conditions.push(eq(shipments.status, query.status));
    if (query.windowStatus) conditions.push(eq(shipments.windowStatus, query.windowStatus));
    if (query.active === true) conditions.push(isActive);
    if (query.active === false) conditions.push(inArray(shipments.status, ['received', 'cancelled']));
    if (query.reference) conditions.push(eq(shipments.reference, query.reference));
    if (query.windowFrom) conditions.push(gte(shipments.windowEnd, new Date(query.windowFrom)));
    if (query.windowTo) conditions.push(lte(shipments.windowStart, new Date(query.windowTo)));
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(shipments)
        .where(where)
        .orderBy(asc(shipments.windowStart), asc(shipments.id))
        .limit(query.limit ?? 100)
        .offset(query.offset ?? 0),
      this.db.select({ n: count() }).from(shipments).where(where),
    ]);
    return { shipments: rows.map(toShipment), total: total?.n ?? 0 };
  }

  /** Every active shipment of a site by window start: the board query (partial index). */
  async activeForSite(siteId: string, tx: Executor = this.db): Promise<Shipment[]> {
    const rows = await tx
      .select()
      .from(shipments)
      .where(and(eq(shipments.siteId, siteId), isActive))
      .orderBy(asc(shipments.windowStart), asc(shipments.id));
    return rows.map(toShipment);
  }

  /** The site's shipments still inbound that carry any of these part numbers. */
  async activeCarrying(siteId: string, skus: readonly string[], tx: Executor = this.db): Promise<Shipment[]> {
    if (skus.length === 0) return [];
    const rows = await tx
      .select()
      .from(shipments)
      .where(
        and(
          eq(shipments.siteId, siteId),
          isActive,
          sql`exists (select 1 from jsonb_array_elements(${shipments.items}) as item where item->>'sku' in (${sql.join(
            skus.map((sku) => sql`${sku}`),
            sql`, `,
          )}))`,
        ),
      )
      .orderBy(asc(shipments.windowStart), asc(shipments.id));
    return rows.map(toShipment);
  }

  /** A device's shipments still inbound, by window start (no lock: for reading). */
  async activeForDevice(deviceId: string): Promise<Shipment[]> {
    const rows = await this.db
      .select()
      .from(shipments)
      .where(and(eq(shipments.deviceId, deviceId), isActive))
      .orderBy(asc(shipments.windowStart), asc(shipments.id));
    return rows.map(toShipment);
  }

  async addEvent(
    tx: Executor,
    shipmentId: string,
    event: { type: StatusEventType; ts: Date; note: string | null; source: StatusEventSource },
    now: Date,
  ): Promise<StatusEvent> {
    const [row] = await tx
      .insert(statusEvents)
      .values({ id: randomUUID(), shipmentId, ...event, createdAt: now })
      .returning();
    return toStatusEvent(row!);
  }

  async events(shipmentId: string): Promise<StatusEvent[]> {
    const rows = await this.db
      .select()
      .from(statusEvents)
      .where(eq(statusEvents.shipmentId, shipmentId))
      .orderBy(asc(statusEvents.ts), asc(statusEvents.createdAt));
    return rows.map(toStatusEvent);
  }

  /** A site's lifecycle events between two times, oldest first, with their shipment's identity. */
  async eventsForSite(siteId: string, range: { from: Date | null; to: Date | null }, limit: number): Promise<Omit<StatusExportRow, 'ediCode'>[]> {
    const rows = await this.db
      .select({ event: statusEvents, shipment: { reference: shipments.reference, supplier: shipments.supplier, carrierId: shipments.carrierId, dock: shipments.dock } })
      .from(statusEvents)
      .innerJoin(shipments, eq(shipments.id, statusEvents.shipmentId))
      .where(and(eq(shipments.siteId, siteId), range.from ? gte(statusEvents.ts, range.from) : undefined, range.to ? lte(statusEvents.ts, range.to) : undefined))
      .orderBy(asc(statusEvents.ts), asc(statusEvents.createdAt), asc(statusEvents.id))
      .limit(limit);
    return rows.map(({ event, shipment }) => ({
      eventId: event.id,
      shipmentId: event.shipmentId,
      ...shipment,
      siteId,
      type: event.type,
      ts: event.ts.toISOString(),
      source: event.source,
      note: event.note,
    }));
  }

  /**
   * The newest `limit` pings of the devices that carried the shipment, oldest first. A span
   * opens TRACK_LOOKBACK_MS before the assignment: devices report fixes they queued or took
   * while the dispatcher was still assigning the load.
   */
  async track(shipmentId: string, limit: number): Promise<{ ts: Date; lat: number; lon: number }[]> {
    const spans = await this.db
      .select()
      .from(shipmentAssignments)
      .where(eq(shipmentAssignments.shipmentId, shipmentId));
    if (spans.length === 0) return [];
    const inSpan = spans.map((s) =>
      and(
        eq(pings.deviceId, s.deviceId),
        gte(pings.ts, new Date(s.assignedAt.getTime() - TRACK_LOOKBACK_MS)),
        s.unassignedAt ? lte(pings.ts, s.unassignedAt) : undefined,
      )!,
    );
    const rows = await this.db
      .select({ ts: pings.ts, lat: pings.lat, lon: pings.lon })
      .from(pings)
      .where(or(...inSpan))
      .orderBy(desc(pings.ts))
      .limit(limit);
    return rows.reverse();
  }
}
