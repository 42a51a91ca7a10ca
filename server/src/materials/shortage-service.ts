import { shortageOf, stepAlertSlot, type AlertWatch, type DomainEvent, type OpenAlert, type WebhookEventType } from '@dockwatch/shared';
import type { AlertOutbox } from '../alerts/alert-service';
import type { Database, Executor } from '../db/connect';
import { LOCK_KEYS, tryAdvisoryXactLock } from '../db/locks';
import { toAlert, type AlertRepository, type AlertRow } from '../repositories/alerts';
import type { MaterialRepository } from '../repositories/materials';
import type { CoverageService } from './coverage-service';

export interface ShortageServiceDeps {
  db: Database;
  alerts: AlertRepository;
  materials: MaterialRepository;
  coverage: CoverageService;
  outbox: AlertOutbox | null;
  publish: (events: DomainEvent[]) => void;
  now: () => number;
}

/**
 * Keeps each material's `shortage_risk` alert in step with its coverage: raised once the
 * pessimistic projection has run out (critical) or gone below safety stock (warning) for the
 * site's raise persistence, re-notified when the gap grows by the escalation step, resolved
 * once covered for the resolve persistence; the same state machine, history, acknowledgement
 * and webhooks as the other alerts (`stepAlertSlot`, slot `shortage`).
 */
export class ShortageService {
  constructor(private readonly deps: ShortageServiceDeps) {}

  /** Evaluates every material of the site at `now`; the changes are published after commit. */
  async evaluateSite(siteId: string, now = this.deps.now()): Promise<void> {
    const events = await this.deps.db.transaction((tx) => this.#evaluate(tx, siteId, now));
    this.deps.publish(events);
  }

  async #evaluate(tx: Executor, siteId: string, now: number): Promise<DomainEvent[]> {
    const { alerts, materials, coverage, outbox } = this.deps;
    const { materials: list, horizonHours } = await coverage.forSite(siteId, now, {}, tx);
    const at = new Date(now);
    const settings = await alerts.settingsFor(siteId, tx);
    const out: DomainEvent[] = [];
    const emit = async (row: AlertRow, type: 'alert:raised' | 'alert:updated' | 'alert:resolved', webhook: WebhookEventType | null) => {
      const alert = toAlert(row, null);
      out.push({ type, alert });
      if (webhook && outbox) await outbox.enqueue(tx, siteId, webhook, alert, at);
    };
    for (const c of list) {
      const found = shortageOf(c, now, horizonHours);
      const [row] = await alerts.unresolvedForMaterial(tx, c.materialId);
      const open: OpenAlert | null = row && row.state !== 'resolved' ? { kind: row.kind, state: row.state, delayMinutes: row.delayMinutes, notifiedDelayMinutes: row.notifiedDelayMinutes } : null;
      const watch = await materials.alertWatch(tx, c.materialId);
      const step = stepAlertSlot(open, found?.condition ?? null, watch.shortage, { slot: 'shortage', settled: false, stopped: false }, settings, now);
      const nextWatch: AlertWatch = step.watch ? { shortage: step.watch } : {};
      if (JSON.stringify(nextWatch) !== JSON.stringify(watch)) await materials.saveAlertWatch(tx, c.materialId, nextWatch);
      const action = step.action;
      if (action.type === 'raise') {
        const raised = await alerts.raise(tx, { shipmentId: null, materialId: c.materialId, details: found!.details, siteId, condition: action.condition, now: at });
        if (!raised) continue;
        await alerts.addChange(tx, raised, 'raised', at);
        await emit(raised, 'alert:raised', 'alert.raised');
      } else if (action.type === 'update' && row) {
        const { condition, notify } = action;
        const updated = await alerts.update(tx, row.id, {
          kind: condition.kind,
          delayMinutes: condition.delayMinutes,
          details: found?.details ?? row.details,
          updatedAt: at,
          ...(notify ? { leadMinutes: condition.leadMinutes, notifiedAt: at, notifiedDelayMinutes: condition.delayMinutes } : {}),
        });
        if (notify) await alerts.addChange(tx, updated, 'notified', at);
        await emit(updated, 'alert:updated', notify ? 'alert.updated' : null);
      } else if (action.type === 'resolve' && row) {
        const resolved = await alerts.update(tx, row.id, { state: 'resolved', resolvedAt: at, updatedAt: at });
        await alerts.addChange(tx, resolved, 'resolved', at);
        await emit(resolved, 'alert:resolved', 'alert.resolved');
      } else if (row && found && JSON.stringify(found.details) !== JSON.stringify(row.details)) {
        // Same alert, new facts (the next truck's ETA moved, stock was counted): shown, not notified.
        const updated = await alerts.update(tx, row.id, { details: found.details, updatedAt: at });
        await emit(updated, 'alert:updated', null);
      }
    }
    return out;
  }

  /**
   * The timer's pass: every site with materials, since consumption never stops. One instance
   * sweeps at a time (advisory lock, held in a transaction of its own); the others skip the round.
   */
  async sweep(now = this.deps.now()): Promise<{ sites: number; skipped: boolean }> {
    const { db, materials } = this.deps;
    const outcome = await db.transaction(async (tx) => {
      if (!(await tryAdvisoryXactLock(tx, LOCK_KEYS.shortageSweep))) return { sites: 0, skipped: true, events: [] as DomainEvent[] };
      const sites = await materials.sitesWithMaterials(tx);
      const events: DomainEvent[] = [];
      for (const siteId of sites) events.push(...(await this.#evaluate(tx, siteId, now)));
      return { sites: sites.length, skipped: false, events };
    });
    this.deps.publish(outcome.events);
    return { sites: outcome.sites, skipped: outcome.skipped };
  }
}
