import {
  ALERT_SEVERITY,
  DEFAULT_ALERT_SETTINGS,
  alertSlot,
  type Alert,
  type AlertChange,
  type AlertCondition,
  type AlertListQuery,
  type AlertSettings,
  type AlertSettingsPatch,
  type AlertWatch,
  type ShortageDetails,
  type EtaChange,
  type Shipment,
  type WindowStatus,
} from '@dockwatch/shared';
import { and, asc, desc, eq, gte, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import type { ListScope } from '../access/policy';
import { alertChanges, alertWatches, alerts, etaHistory, shipments, siteAlertSettings } from '../db/schema';
import { loadsInScope } from './load-scope';

export type AlertRow = typeof alerts.$inferSelect;
type ShipmentFields = Pick<Alert, 'reference' | 'supplier' | 'dock' | 'windowStart' | 'windowEnd' | 'items' | 'eta' | 'etaEarliest' | 'etaLatest' | 'etaOverdue'>;
type ChangeKind = AlertChange['change'];

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A shortage alert has no shipment: its shipment fields are empty. */
const NO_SHIPMENT: ShipmentFields = { reference: null, supplier: null, dock: null, windowStart: null, windowEnd: null, items: [], eta: null, etaEarliest: null, etaLatest: null, etaOverdue: false };

export function toAlert(row: AlertRow, shipment: ShipmentFields | null): Alert {
  const s = shipment ?? NO_SHIPMENT;
  const material = row.details ?? null;
  return {
    id: row.id,
    shipmentId: row.shipmentId,
    siteId: row.siteId,
    kind: row.kind,
    state: row.state,
    severity: material?.level === 'warning' ? 2 : ALERT_SEVERITY[row.kind],
    delayMinutes: row.delayMinutes,
    leadMinutes: row.leadMinutes,
    raisedAt: row.raisedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    notifiedAt: row.notifiedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    ackNote: row.ackNote,
    resolvedAt: iso(row.resolvedAt),
    reference: s.reference,
    supplier: s.supplier,
    dock: s.dock,
    windowStart: s.windowStart,
    windowEnd: s.windowEnd,
    items: s.items,
    eta: s.eta,
    etaEarliest: s.etaEarliest,
    etaLatest: s.etaLatest,
    etaOverdue: s.etaOverdue,
    material,
  };
}

const shipmentFields = {
  reference: shipments.reference,
  supplier: shipments.supplier,
  dock: shipments.dock,
  windowStart: shipments.windowStart,
  windowEnd: shipments.windowEnd,
  items: shipments.items,
  eta: shipments.eta,
  etaEarliest: shipments.etaEarliest,
  etaLatest: shipments.etaLatest,
  etaOverdue: shipments.etaOverdue,
};
type ShipmentFieldsRow = { reference: string; supplier: string; dock: string | null; windowStart: Date; windowEnd: Date; items: Shipment['items']; eta: Date | null; etaEarliest: Date | null; etaLatest: Date | null; etaOverdue: boolean };
const fieldsOf = (r: ShipmentFieldsRow | null): ShipmentFields | null =>
  r === null || r.reference === null ? null : ({
  ...r,
  windowStart: r.windowStart.toISOString(),
  windowEnd: r.windowEnd.toISOString(),
  eta: iso(r.eta),
  etaEarliest: iso(r.etaEarliest),
  etaLatest: iso(r.etaLatest),
  });

/** Alerts, their history, per-site thresholds and the ETA history planners read. */
export class AlertRepository {
  constructor(private readonly db: Database) {}

  async settingsFor(siteId: string, tx: Executor = this.db): Promise<AlertSettings> {
    const [row] = await tx.select().from(siteAlertSettings).where(eq(siteAlertSettings.siteId, siteId));
    // Only the keys that are settings today: a stored key a release retired is ignored.
    const stored = row?.settings ?? {};
    const settings = { ...DEFAULT_ALERT_SETTINGS };
    for (const key of Object.keys(settings) as (keyof AlertSettings)[]) {
      const value = stored[key];
      if (typeof value === 'number') settings[key] = value;
    }
    return settings;
  }

  /** What the alert persistence remembers for a shipment (empty when nothing). */
  async watchFor(tx: Executor, shipmentId: string): Promise<AlertWatch> {
    const [row] = await tx.select({ watch: alertWatches.watch }).from(alertWatches).where(eq(alertWatches.shipmentId, shipmentId));
    return row?.watch ?? {};
  }

  async saveWatch(tx: Executor, shipmentId: string, watch: AlertWatch, now: Date): Promise<void> {
    if (Object.keys(watch).length === 0) {
      await tx.delete(alertWatches).where(eq(alertWatches.shipmentId, shipmentId));
      return;
    }
    await tx
      .insert(alertWatches)
      .values({ shipmentId, watch, updatedAt: now })
      .onConflictDoUpdate({ target: alertWatches.shipmentId, set: { watch, updatedAt: now } });
  }

  async patchSettings(siteId: string, patch: AlertSettingsPatch, now: Date): Promise<AlertSettings> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(siteAlertSettings).where(eq(siteAlertSettings.siteId, siteId)).for('update');
      const settings = { ...row?.settings, ...patch };
      await tx
        .insert(siteAlertSettings)
        .values({ siteId, settings, updatedAt: now })
        .onConflictDoUpdate({ target: siteAlertSettings.siteId, set: { settings, updatedAt: now } });
      return { ...DEFAULT_ALERT_SETTINGS, ...settings };
    });
  }

  /** Open and acknowledged alerts of a shipment (at most one per slot). */
  async unresolvedFor(tx: Executor, shipmentId: string): Promise<AlertRow[]> {
    return tx
      .select()
      .from(alerts)
      .where(and(eq(alerts.shipmentId, shipmentId), ne(alerts.state, 'resolved')));
  }

  /** Open and acknowledged shortage alerts of a material (at most one). */
  async unresolvedForMaterial(tx: Executor, materialId: string): Promise<AlertRow[]> {
    return this.unresolvedForMaterials(tx, [materialId]);
  }

  /** Open and acknowledged shortage alerts of these materials (at most one each). */
  async unresolvedForMaterials(tx: Executor, materialIds: readonly string[]): Promise<AlertRow[]> {
    if (materialIds.length === 0) return [];
    return tx
      .select()
      .from(alerts)
      .where(and(inArray(alerts.materialId, [...materialIds]), ne(alerts.state, 'resolved')));
  }

  /** Inserts a new open alert; null when one is already open in the slot (another writer won). */
  async raise(
    tx: Executor,
    input: { shipmentId: string | null; materialId?: string; details?: ShortageDetails; siteId: string; condition: AlertCondition; now: Date },
  ): Promise<AlertRow | null> {
    const { condition, now } = input;
    const [row] = await tx
      .insert(alerts)
      .values({
        id: randomUUID(),
        shipmentId: input.shipmentId,
        materialId: input.materialId ?? null,
        details: input.details ?? null,
        siteId: input.siteId,
        kind: condition.kind,
        slot: alertSlot(condition.kind),
        state: 'open',
        delayMinutes: condition.delayMinutes,
        leadMinutes: condition.leadMinutes,
        notifiedDelayMinutes: condition.delayMinutes,
        raisedAt: now,
        updatedAt: now,
        notifiedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    return row ?? null;
  }

  async update(tx: Executor, id: string, changes: Partial<Omit<AlertRow, 'id' | 'shipmentId' | 'siteId' | 'slot'>>): Promise<AlertRow> {
    const [row] = await tx.update(alerts).set(changes).where(eq(alerts.id, id)).returning();
    return row!;
  }

  /** The alert, locked for the rest of the transaction. */
  async lock(tx: Executor, id: string): Promise<AlertRow | null> {
    const [row] = await tx.select().from(alerts).where(eq(alerts.id, id)).for('update');
    return row ?? null;
  }

  async addChange(tx: Executor, row: AlertRow, change: ChangeKind, at: Date): Promise<void> {
    await tx.insert(alertChanges).values({
      alertId: row.id,
      shipmentId: row.shipmentId,
      at,
      change,
      kind: row.kind,
      state: row.state,
      delayMinutes: row.delayMinutes,
      leadMinutes: row.leadMinutes,
    });
  }

  async shipmentFields(tx: Executor, shipmentId: string | null): Promise<ShipmentFields | null> {
    if (shipmentId === null) return null;
    const [row] = await tx.select(shipmentFields).from(shipments).where(eq(shipments.id, shipmentId));
    return fieldsOf(row ?? null);
  }

  async get(id: string): Promise<Alert | null> {
    const [row] = await this.db.select({ alert: alerts, shipment: shipmentFields }).from(alerts).leftJoin(shipments, eq(shipments.id, alerts.shipmentId)).where(eq(alerts.id, id));
    return row ? toAlert(row.alert, fieldsOf(row.shipment)) : null;
  }

  /** Newest first; open before acknowledged before resolved is the client's ordering to make. */
  async list(query: AlertListQuery, siteIds: string[] | null = null): Promise<Alert[]> {
    const conditions: SQL[] = [];
    if (siteIds) conditions.push(siteIds.length > 0 ? inArray(alerts.siteId, siteIds) : sql`false`);
    if (query.siteId) conditions.push(eq(alerts.siteId, query.siteId));
    if (query.shipmentId) conditions.push(eq(alerts.shipmentId, query.shipmentId));
    if (query.kind) conditions.push(eq(alerts.kind, query.kind));
    if (query.state) conditions.push(eq(alerts.state, query.state));
    if (query.since) conditions.push(gte(alerts.updatedAt, new Date(query.since)));
    const rows = await this.db
      .select({ alert: alerts, shipment: shipmentFields })
      .from(alerts)
      .leftJoin(shipments, eq(shipments.id, alerts.shipmentId))
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(alerts.updatedAt), desc(alerts.id))
      .limit(query.limit ?? 200);
    return rows.map((r) => toAlert(r.alert, fieldsOf(r.shipment)));
  }

  /** The open alerts of the loads in a caller's scope (a partner's own loads), newest change first; shortage alerts (about a material) are not a load's. */
  async openOnLoads(scope: ListScope, limit = 200): Promise<Alert[]> {
    const rows = await this.db
      .select({ alert: alerts, shipment: shipmentFields })
      .from(alerts)
      .innerJoin(shipments, eq(shipments.id, alerts.shipmentId))
      .where(
        and(
          ne(alerts.state, 'resolved'),
          loadsInScope(scope),
        ),
      )
      .orderBy(desc(alerts.updatedAt), desc(alerts.id))
      .limit(limit);
    return rows.map((r) => toAlert(r.alert, fieldsOf(r.shipment)));
  }

  async recordEta(tx: Executor, shipmentId: string, at: Date, eta: Date | null, windowStatus: WindowStatus): Promise<void> {
    await tx.insert(etaHistory).values({ shipmentId, at, eta, windowStatus });
  }

  async history(shipmentId: string): Promise<{ eta: EtaChange[]; alerts: AlertChange[] }> {
    const [eta, changes] = await Promise.all([
      this.db.select().from(etaHistory).where(eq(etaHistory.shipmentId, shipmentId)).orderBy(asc(etaHistory.at), asc(etaHistory.id)),
      this.db.select().from(alertChanges).where(eq(alertChanges.shipmentId, shipmentId)).orderBy(asc(alertChanges.at), asc(alertChanges.id)),
    ]);
    return {
      eta: eta.map((e) => ({ at: e.at.toISOString(), eta: iso(e.eta), windowStatus: e.windowStatus })),
      alerts: changes.map((c) => ({
        alertId: c.alertId,
        at: c.at.toISOString(),
        change: c.change,
        kind: c.kind,
        state: c.state,
        delayMinutes: c.delayMinutes,
        leadMinutes: c.leadMinutes,
      })),
    };
  }

  /** Alerts not resolved, by kind and state (the partial unique index keeps these few). */
  async countOpen(): Promise<{ kind: string; state: string; count: number }[]> {
    const rows = await this.db
      .select({ kind: alerts.kind, state: alerts.state, count: sql<number>`count(*)::int` })
      .from(alerts)
      .where(ne(alerts.state, 'resolved'))
      .groupBy(alerts.kind, alerts.state);
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }
}
