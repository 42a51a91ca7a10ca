import {
  stepAlerts,
  type Alert,
  type AlertFacts,
  type AlertSettings,
  type AlertSlot,
  type OpenAlert,
  type DomainEvent,
  type Shipment,
  type WebhookEventType,
  type WindowStatus,
} from '@dockwatch/shared';
import type { Database, Executor } from '../db/connect';
import { HttpError, notFound } from '../errors';
import { toAlert, type AlertRepository, type AlertRow } from '../repositories/alerts';

/** Where alert changes go that must arrive: the webhook outbox, written in the same transaction. */
export interface AlertOutbox {
  enqueue(tx: Executor, siteId: string, type: WebhookEventType, data: Alert, now: Date): Promise<number>;
}

export interface AlertServiceDeps {
  db: Database;
  alerts: AlertRepository;
  outbox: AlertOutbox | null;
  publish: (events: DomainEvent[]) => void;
  now?: () => number;
}

/** An ETA move smaller than this is noise for the history. */
const ETA_HISTORY_STEP_MS = 60_000;

/**
 * Keeps each shipment's alerts in step with its tracking state. Runs inside the caller's
 * transaction, so an alert change commits (with its outbox rows) together with the shipment
 * change that caused it; the caller publishes the returned events after commit.
 */
export class AlertService {
  readonly #now: () => number;

  constructor(private readonly deps: AlertServiceDeps) {
    this.#now = deps.now ?? Date.now;
  }

  settingsFor(siteId: string, tx?: Executor): Promise<AlertSettings> {
    return this.deps.alerts.settingsFor(siteId, tx);
  }

  /**
   * Raises, updates or resolves the shipment's alerts for its state at `now`, through the pure
   * alert state machine (`stepAlerts`); what its persistence remembers is stored with them.
   * `stopped`: the truck stands (a growing delay then re-notifies only at twice the step).
   */
  async evaluate(tx: Executor, shipment: Shipment, now: number, settings?: AlertSettings, stopped = false): Promise<DomainEvent[]> {
    const { alerts, outbox } = this.deps;
    const rules = settings ?? (await alerts.settingsFor(shipment.siteId, tx));
    const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
    const facts: AlertFacts = {
      status: shipment.status,
      windowStart: Date.parse(shipment.windowStart),
      windowEnd: Date.parse(shipment.windowEnd),
      eta: ms(shipment.eta),
      etaEarliest: ms(shipment.etaEarliest),
      etaLatest: ms(shipment.etaLatest),
      arrivedAt: ms(shipment.arrivedAt),
      positionTs: shipment.position ? Date.parse(shipment.position.ts) : null,
      stopped,
    };
    const unresolved = await alerts.unresolvedFor(tx, shipment.id);
    const open = new Map<AlertSlot, OpenAlert>();
    for (const a of unresolved) {
      if (a.state !== 'resolved') open.set(a.slot, { kind: a.kind, state: a.state, delayMinutes: a.delayMinutes, notifiedDelayMinutes: a.notifiedDelayMinutes });
    }
    const watch = await alerts.watchFor(tx, shipment.id);
    const result = stepAlerts(open, watch, facts, rules, now);
    const at = new Date(now);
    if (JSON.stringify(result.watch) !== JSON.stringify(watch)) await alerts.saveWatch(tx, shipment.id, result.watch, at);
    const events: DomainEvent[] = [];
    const emit = async (row: AlertRow, type: 'alert:raised' | 'alert:updated' | 'alert:resolved', webhook: WebhookEventType | null) => {
      const alert = toAlert(row, shipment);
      events.push({ type, alert });
      if (webhook && outbox) await outbox.enqueue(tx, shipment.siteId, webhook, alert, at);
    };

    for (const { slot, action } of result.steps) {
      const open = unresolved.find((a) => a.slot === slot && a.state !== 'resolved') ?? null;
      switch (action.type) {
        case 'none':
          break;
        case 'raise': {
          const row = await alerts.raise(tx, { shipmentId: shipment.id, siteId: shipment.siteId, condition: action.condition, now: at });
          // Null: another writer raised it first; the unique index keeps it to one.
          if (!row) break;
          await alerts.addChange(tx, row, 'raised', at);
          await emit(row, 'alert:raised', 'alert.raised');
          break;
        }
        case 'update': {
          const { condition: c, notify } = action;
          const kindChanged = c.kind !== open!.kind;
          const row = await alerts.update(tx, open!.id, {
            kind: c.kind,
            delayMinutes: c.delayMinutes,
            updatedAt: at,
            // Lead time is "how early we warned": it moves only when the planner is warned again.
            ...(notify || kindChanged ? { leadMinutes: c.leadMinutes } : {}),
            ...(notify ? { notifiedAt: at, notifiedDelayMinutes: c.delayMinutes } : {}),
          });
          if (notify || kindChanged) await alerts.addChange(tx, row, notify ? 'notified' : 'updated', at);
          await emit(row, 'alert:updated', notify ? 'alert.updated' : null);
          break;
        }
        case 'resolve': {
          const row = await alerts.update(tx, open!.id, { state: 'resolved', resolvedAt: at, updatedAt: at });
          await alerts.addChange(tx, row, 'resolved', at);
          await emit(row, 'alert:resolved', 'alert.resolved');
          break;
        }
      }
    }
    return events;
  }

  /** Adds to the ETA history when the ETA moved by a minute or more or the window status changed. */
  async recordEta(tx: Executor, before: { eta: Date | null; windowStatus: WindowStatus } | null, after: Shipment, now: number): Promise<void> {
    const eta = after.eta === null ? null : new Date(after.eta);
    const moved =
      before === null ||
      before.windowStatus !== after.windowStatus ||
      (before.eta === null) !== (eta === null) ||
      (before.eta !== null && eta !== null && Math.abs(before.eta.getTime() - eta.getTime()) >= ETA_HISTORY_STEP_MS);
    if (moved) await this.deps.alerts.recordEta(tx, after.id, new Date(now), eta, after.windowStatus);
  }

  /** A planner acknowledges: the alert stays visible until resolved but stops notifying. */
  async acknowledge(id: string, by: string, note: string | undefined): Promise<Alert> {
    const { db, alerts } = this.deps;
    const at = new Date(this.#now());
    const alert = await db.transaction(async (tx) => {
      const row = await alerts.lock(tx, id);
      if (!row) throw notFound('Alert', id);
      if (row.state === 'resolved') throw new HttpError(409, 'alert_resolved', `Alert ${id} is already resolved`);
      if (row.state === 'acknowledged') throw new HttpError(409, 'alert_acknowledged', `Alert ${id} was already acknowledged by ${row.acknowledgedBy ?? 'someone'}`);
      const updated = await alerts.update(tx, id, { state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by, ackNote: note ?? null, updatedAt: at });
      await alerts.addChange(tx, updated, 'acknowledged', at);
      return toAlert(updated, await alerts.shipmentFields(tx, row.shipmentId));
    });
    this.deps.publish([{ type: 'alert:updated', alert }]);
    return alert;
  }
}
