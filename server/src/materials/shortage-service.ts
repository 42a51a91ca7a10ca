import { shortageOf, stepAlertSlot, type AlertWatch, type DomainEvent, type OpenAlert, type PartCover, type Shipment, type WebhookEventType } from '@dockwatch/shared';
import { performance } from 'node:perf_hooks';
import type { AlertOutbox } from '../alerts/alert-service';
import type { Database, Executor } from '../db/connect';
import { toAlert, type AlertRepository, type AlertRow } from '../repositories/alerts';
import type { MaterialEvaluation, MaterialRepository } from '../repositories/materials';
import type { CoverageService } from './coverage-service';

export interface ShortageServiceDeps {
  db: Database;
  alerts: AlertRepository;
  materials: MaterialRepository;
  coverage: CoverageService;
  outbox: AlertOutbox | null;
  publish: (events: DomainEvent[]) => void;
  now: () => number;
  /** The longest a part goes without being looked at again when nothing about it changes (ms). */
  maxRecheckMs?: number;
  /** How long shipment changes gather before their parts are evaluated together (ms). */
  gatherMs?: number;
  /** Where an evaluation that failed after a change is reported (it is tried again shortly, and by the sweep). */
  onError?: (err: unknown, siteId: string) => void;
}

/** Materials evaluated in one transaction: a page of the sweep, a slice of a site-wide evaluation. */
const PAGE = 200;
const DEFAULT_MAX_RECHECK_MS = 15 * 60_000;
const SITE_LOOKUP_MS = 30_000;
/** After a failed evaluation its parts are tried again in 0.5 s, then 1 s, 2 s … up to 30 s. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 30_000;

/** What of a shipment moves its parts' cover: when they come, how many, and whether they are in. */
const coverKeyOf = (s: Shipment) =>
  JSON.stringify([s.status, s.eta, s.etaEarliest, s.etaLatest, s.arrivedAt, s.windowStart, s.windowEnd, s.items.map((i) => [i.sku, i.quantity])]);

const sameCover = (a: PartCover | null, b: PartCover) =>
  a !== null &&
  a.status === b.status &&
  a.runOutAt === b.runOutAt &&
  a.pessimisticRunOutAt === b.pessimisticRunOutAt &&
  a.belowSafetyAt === b.belowSafetyAt &&
  a.lateCausesRunOut.join() === b.lateCausesRunOut.join();

/**
 * Keeps each material's cover and `shortage_risk` alert in step with its facts: raised once the
 * pessimistic projection has run out (critical) or gone below safety stock (warning) for the
 * site's raise persistence, re-notified when the gap grows by the escalation step, resolved
 * once covered for the resolve persistence; the same state machine, history, acknowledgement
 * and webhooks as the other alerts (`stepAlertSlot`, slot `shortage`).
 *
 * Only what a change touches is evaluated: a shipment's change its parts (gathered for a moment
 * after the commit), a stock, demand or material change that material; and the sweep evaluates
 * the materials whose next check is due, which each evaluation sets to when the clock alone
 * could change its status (`statusHoldsUntil`), or to the next round while an alert is pending
 * or open. Each evaluation keeps the part's cover (`PartCover`) and publishes it when it moved.
 */
export class ShortageService {
  readonly #maxRecheckMs: number;
  readonly #gatherMs: number;
  /** Parts to evaluate per site, from shipment changes not evaluated yet. */
  #pending = new Map<string, Set<string>>();
  /** The cover-relevant state of shipments last seen, so a ping that moves nothing costs nothing. */
  #seen = new Map<string, string>();
  /** Whether a site keeps materials, as last looked up: a site without any costs its shipments' changes nothing. */
  #sitesKnown = new Map<string, { has: boolean; at: number }>();
  /** Material writes evaluated on this instance, so a lookup racing one is not kept. */
  #materialWrites = 0;
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  /** Evaluations since start: transactions, materials in them, and the time they took (ms). */
  readonly stats = { evaluations: 0, materials: 0, busyMs: 0 };

  constructor(private readonly deps: ShortageServiceDeps) {
    this.#maxRecheckMs = deps.maxRecheckMs ?? DEFAULT_MAX_RECHECK_MS;
    this.#gatherMs = deps.gatherMs ?? 200;
  }

  /** Committed changes: the parts on each shipment whose arrival, quantities or state moved are evaluated shortly. */
  notice(events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (event.type !== 'shipment:updated') continue;
      const { shipment } = event;
      const key = coverKeyOf(shipment);
      if (this.#seen.get(shipment.id) === key || shipment.items.length === 0) continue;
      this.#seen.delete(shipment.id);
      this.#seen.set(shipment.id, key);
      if (this.#seen.size > 10_000) this.#seen.delete(this.#seen.keys().next().value!);
      this.#queue(shipment.siteId, shipment.items.map((i) => i.sku));
    }
    this.#schedule();
  }

  #queue(siteId: string, skus: Iterable<string>): void {
    const set = this.#pending.get(siteId) ?? new Set<string>();
    for (const sku of skus) set.add(sku);
    if (set.size > 0) this.#pending.set(siteId, set);
  }

  #schedule(): void {
    if (this.#timer || this.#flushing || this.#pending.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#gatherMs);
    this.#timer.unref();
  }

  /** Evaluates the parts gathered from shipment changes now; a failed site's parts wait for the next flush or sweep. */
  async flush(now = this.deps.now()): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#flushing) await this.#flushing;
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    let failed = false;
    this.#flushing = (async () => {
      for (const [siteId, skus] of batch) {
        try {
          if (!(await this.#keepsMaterials(siteId))) continue;
          await this.#evaluateAndPublish(siteId, [...skus], now);
        } catch (err) {
          failed = true;
          this.#queue(siteId, skus);
          this.deps.onError?.(err, siteId);
        }
      }
    })().finally(() => (this.#flushing = null));
    await this.#flushing;
    // A failed site's parts are tried again by themselves (backing off while it keeps failing),
    // not only when the next change or sweep comes: a screen waiting for that cover catches up.
    this.#retryMs = failed ? Math.min(this.#retryMs * 2, RETRY_MAX_MS) : RETRY_FIRST_MS;
    if (this.#pending.size > 0 && !this.#timer) {
      this.#timer = setTimeout(
        () => {
          this.#timer = null;
          void this.flush();
        },
        failed ? this.#retryMs : this.#gatherMs,
      );
      this.#timer.unref();
    }
  }

  #retryMs = RETRY_FIRST_MS;

  /**
   * Looked up at most every 30 s per site (monotonic clock). A material added on another
   * instance meanwhile is evaluated by the sweep (a new material is due at once).
   */
  async #keepsMaterials(siteId: string): Promise<boolean> {
    const known = this.#sitesKnown.get(siteId);
    const at = performance.now();
    if (known && at - known.at < SITE_LOOKUP_MS) return known.has;
    const written = this.#materialWrites;
    const has = await this.deps.materials.siteKeepsMaterials(siteId);
    // A material written here while the lookup ran may not be in its answer: not kept then.
    if (has || written === this.#materialWrites) this.#sitesKnown.set(siteId, { has, at });
    return has;
  }

  /** Resolves once nothing gathered is waiting or being evaluated (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.#flushing || this.#timer) {
      if (this.#timer) await this.flush();
      else await this.#flushing;
    }
  }

  /** Evaluates these parts of the site (all of them when none are named) at `now`; the changes are published after commit. */
  async evaluateParts(siteId: string, skus: readonly string[] | undefined, now = this.deps.now()): Promise<void> {
    // After a material write: the site keeps materials from now on.
    this.#materialWrites += 1;
    if (this.#sitesKnown.get(siteId)?.has === false) this.#sitesKnown.delete(siteId);
    await this.#evaluateAndPublish(siteId, skus, now);
  }

  async #evaluateAndPublish(siteId: string, skus: readonly string[] | undefined, now: number): Promise<void> {
    const events = await this.deps.db.transaction((tx) => this.#evaluate(tx, siteId, skus, now));
    this.deps.publish(events);
  }

  /** Every material of the site, a page per transaction (a stock, demand or materials import). */
  async evaluateSite(siteId: string, now = this.deps.now()): Promise<void> {
    const skus = (await this.deps.materials.list(siteId)).map((m) => m.sku);
    for (let i = 0; i < skus.length; i += PAGE) await this.evaluateParts(siteId, skus.slice(i, i + PAGE), now);
  }

  async #evaluate(tx: Executor, siteId: string, skus: readonly string[] | undefined, now: number): Promise<DomainEvent[]> {
    const started = performance.now();
    try {
      return await this.#evaluateLocked(tx, siteId, skus, now);
    } finally {
      this.stats.evaluations += 1;
      this.stats.busyMs += performance.now() - started;
    }
  }

  async #evaluateLocked(tx: Executor, siteId: string, skus: readonly string[] | undefined, now: number): Promise<DomainEvent[]> {
    const { alerts, materials, coverage, outbox } = this.deps;
    const locked = await materials.lockForEvaluation(tx, siteId, skus);
    this.stats.materials += locked.length;
    if (locked.length === 0) return [];
    const assessed = await coverage.forMaterials(
      siteId,
      locked.map((l) => l.material),
      now,
      this.#maxRecheckMs,
      tx,
      new Map(locked.map((l) => [l.material.id, l.demandRevision])),
    );
    const open = new Map((await alerts.unresolvedForMaterials(tx, locked.map((l) => l.material.id))).map((row) => [row.materialId!, row]));
    const { horizonHours } = coverage.rules;
    const at = new Date(now);
    const settings = await alerts.settingsFor(siteId, tx);
    const out: DomainEvent[] = [];
    const moved: PartCover[] = [];
    const evaluations: { materialId: string; evaluation: MaterialEvaluation }[] = [];
    const emit = async (row: AlertRow, type: 'alert:raised' | 'alert:updated' | 'alert:resolved', webhook: WebhookEventType | null) => {
      const alert = toAlert(row, null);
      out.push({ type, alert });
      if (webhook && outbox) await outbox.enqueue(tx, siteId, webhook, alert, at);
    };
    for (const [i, { coverage: c, holdsUntil }] of assessed.entries()) {
      const { watch, cover: before } = locked[i]!;
      const found = shortageOf(c, now, horizonHours);
      let row = open.get(c.materialId) ?? null;
      const openAlert: OpenAlert | null = row && row.state !== 'resolved' ? { kind: row.kind, state: row.state, delayMinutes: row.delayMinutes, notifiedDelayMinutes: row.notifiedDelayMinutes } : null;
      const step = stepAlertSlot(openAlert, found?.condition ?? null, watch.shortage, { slot: 'shortage', settled: false, stopped: false }, settings, now);
      const nextWatch: AlertWatch = step.watch ? { shortage: step.watch } : {};
      const action = step.action;
      if (action.type === 'raise') {
        const raised = await alerts.raise(tx, { shipmentId: null, materialId: c.materialId, details: found!.details, siteId, condition: action.condition, now: at });
        if (raised) {
          await alerts.addChange(tx, raised, 'raised', at);
          await emit(raised, 'alert:raised', 'alert.raised');
          row = raised;
        }
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
        row = null;
      } else if (row && found && JSON.stringify(found.details) !== JSON.stringify(row.details)) {
        // Same alert, new facts (the next truck's ETA moved, stock was counted): shown, not notified.
        const updated = await alerts.update(tx, row.id, { details: found.details, updatedAt: at });
        await emit(updated, 'alert:updated', null);
      }
      const cover: PartCover = {
        materialId: c.materialId,
        sku: c.sku,
        description: c.description,
        unit: c.unit,
        line: c.line,
        status: c.status,
        runOutAt: c.runOutAt,
        pessimisticRunOutAt: c.pessimisticRunOutAt,
        belowSafetyAt: c.belowSafetyAt,
        lateCausesRunOut: c.inbound.filter((d) => d.lateCausesRunOut).map((d) => d.shipmentId),
        evaluatedAt: at.toISOString(),
      };
      if (!sameCover(before, cover)) moved.push(cover);
      // While a condition is pending or an alert is open, every round looks again (its figures
      // move with the clock); otherwise not before the clock alone could change the status.
      const every = found !== null || row !== null || nextWatch.shortage !== undefined;
      const nextCheckAt = new Date(every ? now + 1 : Math.max(now + 1, holdsUntil));
      evaluations.push({ materialId: c.materialId, evaluation: { cover, watch: nextWatch, nextCheckAt } });
    }
    await materials.saveEvaluations(tx, evaluations);
    if (moved.length > 0) out.push({ type: 'coverage:updated', update: { siteId, parts: moved } });
    return out;
  }

  /**
   * The timer's pass: what shipment changes left waiting, then every material whose next check
   * is due, a page per short transaction. Instances share the work: a page skips the rows
   * another instance is evaluating.
   */
  async sweep(now = this.deps.now()): Promise<{ materials: number }> {
    await this.flush(now);
    let total = 0;
    for (;;) {
      const { count, events } = await this.deps.db.transaction(async (tx) => {
        const due = await this.deps.materials.dueForCheck(tx, new Date(now), PAGE);
        const bySite = new Map<string, string[]>();
        for (const d of due) bySite.set(d.siteId, [...(bySite.get(d.siteId) ?? []), d.sku]);
        const events: DomainEvent[] = [];
        for (const [siteId, skus] of bySite) events.push(...(await this.#evaluate(tx, siteId, skus, now)));
        return { count: due.length, events };
      });
      this.deps.publish(events);
      total += count;
      if (count < PAGE) return { materials: total };
    }
  }
}
