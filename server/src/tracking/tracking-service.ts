import {
  applyFixes,
  type DeviceProtocol,
  type Fix,
  type FixFilterRules,
  type FixRejectReason,
  isPreArrival,
  defaultProfile,
  chooseProfile,
  laneKeys,
  learnLanes,
  outlookAt,
  type AlertSettings,
  type ArrivalProfile,
  type EtaEstimator,
  applyStatusEvent,
  type DomainEvent,
  type Shipment,
  type ShipmentCreate,
  type ShipmentPatch,
  type Site,
  type StatusEvent,
  type StatusEventType,
  type TrackingContext,
  type TrackingState,
  mayUndoReceipt,
  receivedLines,
  settingsWithBenefits,
  type TierBenefits,
  type ReceivedItemInput,
} from '@dockwatch/shared';
import type { AlertService } from '../alerts/alert-service';
import type { TrackingConfig } from '../config';
import type { Database, Transaction } from '../db/connect';
import { isDatabaseBusy, isDatabaseUnavailable, isRetryableTransactionError, uniqueViolation } from '../db/errors';
import { GroupCommit, type GroupCommitOptions, type Settled } from '../db/group-commit';
import { HttpError, notFound } from '../errors';
import type { BatteryReading, CarrierRepository, DeviceRecord } from '../repositories/carriers';
import type { DepartureRepository } from '../repositories/departures';
import { PingRepository, type StoredFix } from '../repositories/pings';
import type { ReceiptRepository } from '../repositories/receipts';
import type { SweepLeaseRepository } from '../repositories/sweep-leases';
import { toShipment, trackingStateOf, type ShipmentRepository, type ShipmentRow } from '../repositories/shipments';
import type { SiteRepository } from '../repositories/sites';
import type { ScorecardService } from '../scorecards/scorecard-service';
import type { Metrics } from '../metrics/metrics';
import { randomUUID } from 'node:crypto';
import { trackDepartures } from './departures';
import { screenFixes } from './screen-fixes';

export interface TrackingServiceDeps {
  db: Database;
  sites: SiteRepository;
  carriers: CarrierRepository;
  shipments: ShipmentRepository;
  pings: PingRepository;
  departures: DepartureRepository;
  receipts: ReceiptRepository;
  config: TrackingConfig;
  alerts: AlertService;
  /** Scorecard facts follow arrivals, steps and receipts; tier benefits change the alert rules of a partner's loads. */
  scorecards: Pick<ScorecardService, 'recordShipment' | 'benefitsAt'>;
  /** Called after each commit with what changed; never awaited. */
  publish: (events: DomainEvent[]) => void;
  /** Where ingest and sweep figures are counted. Default: not counted. */
  metrics?: Metrics;
  /** The sweep's page size and lease. Default 500 shipments a page, 60 s lease. */
  sweep?: SweepOptions;
  sweepLeases: SweepLeaseRepository;
  /** How concurrent reports share transactions. Default: one report per transaction, one at a time. */
  groupCommit?: GroupCommitOptions;
  /** Injectable clock for tests. Default `Date.now`. */
  now?: () => number;
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  /** Fixes the filters dropped (stored as rejected with the reason). */
  rejected: { reason: FixRejectReason; ts: number }[];
  updated: Shipment[];
}

/** What a device's report carried besides fixes, and how to screen them. */
export interface IngestOptions {
  protocol?: DeviceProtocol;
  battery?: BatteryReading | null;
  /** Filters for raw device fixes; dropped fixes are stored as rejected. Absent: every fix passes. */
  filter?: FixFilterRules;
  /** A recording imported on the device's behalf: the device was not seen. Default false. */
  backfill?: boolean;
  /** Messages the device sent that the server could not read (encrypted): stored as rejected. Default none. */
  unreadable?: readonly { reason: FixRejectReason; ts: number }[];
  /** The report carried no position at all (heartbeat, cell / Wi-Fi only). Default false. */
  heartbeat?: boolean;
  /**
   * The one shipment these fixes may move: a load's driver link, or an import into one load, reaches
   * no further than its issuer could (other loads on the truck may belong to other sites). Default
   * every active shipment the device carries.
   */
  onlyShipmentId?: string;
  /** The device token the report came with: refused (401, nothing stored) if it was rotated meanwhile. Default: not checked, only revocation is. */
  tokenHash?: string;
}

export interface SweepOptions {
  /** Shipments per page transaction. */
  pageSize: number;
  /** How long the round's lease lasts without a renewal (each page renews it), in ms. */
  leaseMs: number;
}

const DEFAULT_SWEEP: SweepOptions = { pageSize: 500, leaseMs: 60_000 };
const SWEEP_LEASE = 'tracking-sweep';

/** One device report waiting for its batch. */
interface IngestJob {
  device: DeviceRecord;
  fixes: readonly StoredFix[];
  options: IngestOptions;
  /** When the report arrived (epoch ms). */
  now: number;
}

type JobOutcome = IngestOutcome & { events: DomainEvent[] };

/** A report of a shared batch run without savepoints failed: the batch rolls back and runs again, each report in a savepoint. */
class IsolateReports extends Error {
  constructor(readonly failure: unknown) {
    super('a report of the batch failed; running each in a savepoint');
  }
}

/**
 * Errors of the database as a whole (it is gone, or a lock or statement timed out): the batch
 * fails with them instead of running again, since its neighbours would wait as long.
 */
const failsTheBatch = (error: unknown) => isRetryableTransactionError(error) || isDatabaseUnavailable(error) || isDatabaseBusy(error);

/** Who posted a status event. */
export type EventActor = { kind: 'bootstrap' | 'user' | 'token' } | { kind: 'device'; device: DeviceRecord };

/** Who booked or undid a receipt, as people read it: the user's or token's name, or the device's. */
const actorName = (actor: EventActor): string =>
  actor.kind === 'device' ? actor.device.name : 'name' in actor && typeof actor.name === 'string' ? actor.name : actor.kind;

const updatedEvent = (shipment: Shipment): DomainEvent => ({ type: 'shipment:updated', shipment });
const lifecycleEvent = (shipment: Shipment, event: StatusEvent): DomainEvent => ({
  type: 'shipment:event',
  shipmentId: shipment.id,
  payload: { siteId: shipment.siteId, event, version: shipment.version },
});

const revokedMeanwhile = () => new HttpError(401, 'unauthorized', 'Unknown, expired or revoked credentials', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });

const TERMINAL: readonly StatusEventType[] = ['received', 'cancelled'];

/** A site as tracking needs it: the site, what its arrivals taught (by lane key), its alert thresholds. */
interface SiteEntry {
  site: Site;
  learned: Map<string, ArrivalProfile>;
  settings: AlertSettings;
  /** What the partners' loyalty tiers earn a load of theirs at the site. */
  benefits: (carrierId: string, supplier: string) => TierBenefits;
}

/** Worth a write (and a delta to every board): the ETA or an edge of its band moved by a minute, or the window status changed. */
/** The site's alert thresholds as they apply to one load: its partners' tier benefits on top. */
const rulesFor = (entry: SiteEntry, row: Pick<ShipmentRow, 'carrierId' | 'supplier'>): AlertSettings => settingsWithBenefits(entry.settings, entry.benefits(row.carrierId, row.supplier));

function outlookMoved(before: TrackingState, after: TrackingState): boolean {
  const far = (a: number | null, b: number | null) => (a === null) !== (b === null) || (a !== null && b !== null && Math.abs(a - b) >= 60_000);
  return before.windowStatus !== after.windowStatus || before.etaOverdue !== after.etaOverdue || far(before.eta, after.eta) || far(before.etaEarliest, after.etaEarliest) || far(before.etaLatest, after.etaLatest);
}

/**
 * The imperative shell around the pure tracking pipeline: each write runs in one transaction,
 * and the changes are published only after it commits.
 */
export class TrackingService {
  readonly #now: () => number;
  readonly #ingestBatches: GroupCommit<IngestJob, IngestOutcome>;

  constructor(private readonly deps: TrackingServiceDeps) {
    this.#now = deps.now ?? Date.now;
    this.#ingestBatches = new GroupCommit((jobs) => this.#ingestBatch(jobs), deps.groupCommit ?? { windowMs: 0, maxWeight: 1, concurrency: 1 });
  }

  /**
   * The tracking context of one shipment: its site, window, rules, and the most specific profile
   * the site has learned for its trip (carrier lane, origin area, site). The trip is the stored
   * estimator's, or, before the first fix, the one the fix `starting` begins.
   */
  #context(site: SiteEntry, row: Pick<ShipmentRow, 'windowStart' | 'windowEnd' | 'carrierId' | 'etaEstimator'>, starting?: { lat: number; lon: number }): TrackingContext {
    const trip = row.etaEstimator ?? (starting ? { startLat: starting.lat, startLon: starting.lon } : null);
    return {
      site: { lat: site.site.lat, lon: site.site.lon, geofenceRadiusM: site.site.geofenceRadiusM, roadFactor: site.site.roadFactor },
      windowStart: row.windowStart.getTime(),
      windowEnd: row.windowEnd.getTime(),
      eta: this.deps.config.eta,
      band: this.deps.config.band,
      profile: chooseProfile(site.learned, laneKeys(row.carrierId, trip), defaultProfile(site.site.roadFactor)).profile,
      window: this.deps.config.window,
      arrival: this.deps.config.arrival,
    };
  }

  /**
   * A completed trip teaches the profiles (road factor, pace) of its lanes for the ETAs of later
   * ones: the site's, its origin area's and its carrier's lane from there. `trip` is the
   * estimator as the arrival found it (with the fixes that brought the truck in). One truck's
   * trip teaches once however many of its loads arrive with it (`taught` holds the sites it has
   * taught in this batch).
   */
  async #learn(tx: Transaction, entry: SiteEntry, before: ShipmentRow, after: Shipment, trip: EtaEstimator | null, now: Date, taught: Set<string>): Promise<void> {
    if (before.arrivedAt !== null || after.arrivedAt === null || trip === null || taught.has(entry.site.id)) return;
    taught.add(entry.site.id);
    const learned = learnLanes(entry.learned, laneKeys(before.carrierId, trip), trip, Date.parse(after.arrivedAt), defaultProfile(entry.site.roadFactor), this.deps.config.eta);
    for (const [key, profile] of learned) entry.learned.set(key, profile);
    await this.deps.sites.saveLearnedProfiles(tx, entry.site.id, learned, now);
  }

  /**
   * Stores a device's fixes (duplicates skipped) and moves every active shipment it carries.
   * Fixes older than a shipment's latest position are kept as history only. Concurrent calls
   * share transactions (group commit); each answers once its own fixes are committed, and one
   * that fails (a revoked token, bad data) fails alone.
   */
  async ingest(device: DeviceRecord, fixes: readonly StoredFix[], options: IngestOptions = {}): Promise<IngestOutcome> {
    const weight = Math.max(1, fixes.length + (options.unreadable?.length ?? 0));
    return this.#ingestBatches.submit({ device, fixes, options, now: this.#now() }, weight);
  }

  /**
   * One shared transaction for a batch of reports. It runs first without savepoints (two round
   * trips fewer per report); when a report fails alone (a revoked token, a value the database
   * refuses), it rolls back and runs again with each report in a savepoint of its own, so the
   * failure stays that report's.
   */
  async #ingestBatch(jobs: IngestJob[]): Promise<Settled<IngestOutcome>[]> {
    const { db, metrics } = this.deps;
    // In device order, so two batches with devices in common take their locks in the same order.
    const order = jobs.map((_, i) => i).sort((x, y) => (jobs[x]!.device.id < jobs[y]!.device.id ? -1 : jobs[x]!.device.id > jobs[y]!.device.id ? 1 : x - y));
    const committed = metrics?.commitDuration.startTimer();
    const run = (isolate: boolean) =>
      db.transaction(async (tx) => {
        const settled: Settled<JobOutcome>[] = new Array<Settled<JobOutcome>>(jobs.length);
        let siteOf = this.#siteLookup(tx);
        for (const i of order) {
          const job = jobs[i]!;
          if (!isolate) {
            try {
              settled[i] = { ok: true, value: await this.#ingestOne(tx, job, siteOf) };
            } catch (error) {
              if (jobs.length === 1 || failsTheBatch(error)) throw error;
              throw new IsolateReports(error);
            }
            continue;
          }
          try {
            settled[i] = { ok: true, value: await tx.transaction((savepoint) => this.#ingestOne(savepoint, job, siteOf)) };
          } catch (error) {
            // A deadlock or serialization failure aborts the batch, which then runs again whole.
            if (failsTheBatch(error)) throw error;
            settled[i] = { ok: false, error };
            // What the failed report taught a site was rolled back with it.
            siteOf = this.#siteLookup(tx);
          }
        }
        return settled;
      });
    const results = await run(false).catch((error: unknown) => {
      if (!(error instanceof IsolateReports)) throw error;
      metrics?.commitIsolatedRetries.inc();
      return run(true);
    });
    committed?.();
    const events: DomainEvent[] = [];
    for (const r of results) if (r.ok) events.push(...r.value.events);
    if (metrics) {
      metrics.commitBatchSize.observe(jobs.reduce((n, j) => n + j.fixes.length + (j.options.unreadable?.length ?? 0), 0));
      metrics.commitBatchRequests.observe(jobs.length);
      for (const r of results) {
        if (!r.ok) continue;
        metrics.pings.inc({ outcome: 'accepted', reason: '' }, r.value.accepted);
        metrics.pings.inc({ outcome: 'duplicate', reason: '' }, r.value.duplicates);
        for (const rejected of r.value.rejected) metrics.pings.inc({ outcome: 'rejected', reason: rejected.reason });
      }
    }
    this.deps.publish(events);
    return results.map((r) => (r.ok ? { ok: true, value: { accepted: r.value.accepted, duplicates: r.value.duplicates, rejected: r.value.rejected, updated: r.value.updated } } : r));
  }

  async #ingestOne(tx: Transaction, { device, fixes, options, now }: IngestJob, siteOf: (siteId: string) => Promise<SiteEntry>): Promise<JobOutcome> {
    const receivedAt = new Date(now);
    const { pings, shipments, carriers } = this.deps;
    const { passed, rejected } = await screenFixes(tx, pings, device.id, fixes, options.filter, now, receivedAt, options.unreadable);
    const reported = { protocol: options.protocol, battery: options.battery, fix: passed.length > 0, heartbeat: options.heartbeat === true };
    let inserted: Fix[];
    // The credential may have come from the token cache: the device row decides, under its lock.
    if (!options.backfill && passed.length > 0 && passed.length <= PingRepository.MAX_TOUCHING_FIXES) {
      const stored = await pings.insertNewTouchingDevice(tx, device.id, passed, receivedAt, reported, options.tokenHash);
      if (stored === null) throw revokedMeanwhile();
      inserted = stored;
    } else {
      inserted = await pings.insertNew(tx, device.id, passed, receivedAt);
      if (!options.backfill && !(await carriers.touchDevice(tx, device.id, receivedAt, reported, options.tokenHash))) throw revokedMeanwhile();
    }
    const updated: Shipment[] = [];
    const events: DomainEvent[] = [];
    if (inserted.length > 0) {
      const inReach = (row: { id: string }) => options.onlyShipmentId === undefined || row.id === options.onlyShipmentId;
      const rows = (await shipments.lockActiveForDevice(tx, device.id)).filter(inReach);
      // One truck's trip teaches a site once, however many of its loads arrive with this report.
      const taught = new Set<string>();
      for (const row of rows) {
        const entry = await siteOf(row.siteId);
        const result = applyFixes(trackingStateOf(row), inserted, this.#context(entry, row, inserted[0]), now);
        if (!result.moved) continue;
        const shipment = await shipments.update(tx, row.id, { tracking: result.state }, receivedAt);
        await this.#learn(tx, entry, row, shipment, result.state.estimator, receivedAt, taught);
        updated.push(shipment);
        events.push(updatedEvent(shipment));
        for (const derived of result.events) {
          const event = await shipments.addEvent(tx, row.id, { type: derived.type, ts: new Date(derived.ts), note: null, source: derived.source }, receivedAt);
          events.push(lifecycleEvent(shipment, event));
        }
        events.push(...(await this.#afterChange(tx, row, shipment, now, rulesFor(entry, row), result.state.estimator?.stoppedSince != null)));
        if (row.arrivedAt === null && shipment.arrivedAt !== null) await this.deps.scorecards.recordShipment(tx, row.id, receivedAt);
      }
      await trackDepartures(tx, this.deps.departures, device.id, inserted, siteOf, this.deps.config.arrival, now, inReach);
    }
    const rejectedSummary = rejected.map((r) => ({ reason: r.reason, ts: r.fix.ts }));
    return { accepted: inserted.length, duplicates: passed.length - inserted.length, rejected: rejectedSummary, updated, events };
  }

  /** ETA history and alerts follow every committed change of a shipment's tracking state. */
  async #afterChange(tx: Transaction, before: ShipmentRow, after: Shipment, now: number, settings?: AlertSettings, stopped = false): Promise<DomainEvent[]> {
    await this.deps.alerts.recordEta(tx, { eta: before.eta, windowStatus: before.windowStatus }, after, now);
    return this.deps.alerts.evaluate(tx, after, now, settings, stopped);
  }

  /** Sites, their learned ETA profile and alert thresholds, each read once per transaction however many shipments share them. */
  #siteLookup(tx: Transaction): (siteId: string) => Promise<SiteEntry> {
    const cache = new Map<string, SiteEntry>();
    return async (siteId) => {
      let entry = cache.get(siteId);
      if (!entry) {
        entry = {
          site: (await this.deps.sites.get(siteId, tx))!,
          learned: await this.deps.sites.learnedProfiles(siteId, tx),
          settings: await this.deps.alerts.settingsFor(siteId, tx),
          benefits: await this.deps.scorecards.benefitsAt(siteId, tx),
        };
        cache.set(siteId, entry);
      }
      return entry;
    };
  }

  /**
   * The timer's pass over every active shipment: ETAs of trucks that went quiet drift later
   * (never frozen), and time-based alerts (missed window, stale tracking) are raised or
   * resolved. It goes in pages of short transactions (`sweep.pageSize` shipments each, by id),
   * each page's changes published once it commits, so writes never wait long behind it. One
   * instance runs a round at a time (a lease in the database, renewed with every page); the
   * others skip it.
   */
  async sweep(now = this.#now()): Promise<{ swept: number; pages: number; skipped: boolean }> {
    const { db, shipments, sweepLeases, metrics } = this.deps;
    const { pageSize, leaseMs } = this.deps.sweep ?? DEFAULT_SWEEP;
    const holder = randomUUID();
    if (!(await sweepLeases.claim(SWEEP_LEASE, holder, leaseMs))) return { swept: 0, pages: 0, skipped: true };
    const timer = metrics?.sweepDuration.startTimer();
    const at = new Date(now);
    let swept = 0;
    let pages = 0;
    try {
      for (let after: string | null = null; ; ) {
        const page = await db.transaction(async (tx) => {
          // Lost the lease (it lapsed while this instance stalled): the new holder goes on.
          if (!(await sweepLeases.renew(tx, SWEEP_LEASE, holder, leaseMs))) return null;
          const rows = await shipments.lockActivePage(tx, after, pageSize);
          const siteOf = this.#siteLookup(tx);
          const events: DomainEvent[] = [];
          for (const row of rows) {
            const entry = await siteOf(row.siteId);
            let shipment = toShipment(row);
            const state = trackingStateOf(row);
            if ((isPreArrival(state.status) || state.status === 'exception') && state.arrivedAt === null) {
              // The band follows the clock: a standing or silent truck's ETA drifts later, never into the past.
              const next = outlookAt(state, this.#context(entry, row), now);
              if (outlookMoved(state, next)) {
                shipment = await shipments.update(tx, row.id, { tracking: next }, at);
                await this.deps.alerts.recordEta(tx, { eta: row.eta, windowStatus: row.windowStatus }, shipment, now);
                events.push(updatedEvent(shipment));
              }
            }
            events.push(...(await this.deps.alerts.evaluate(tx, shipment, now, rulesFor(entry, row), state.estimator?.stoppedSince != null)));
          }
          return { count: rows.length, last: rows.at(-1)?.id ?? null, events };
        });
        if (page === null) break;
        this.deps.publish(page.events);
        pages++;
        swept += page.count;
        if (page.count < pageSize || page.last === null) break;
        after = page.last;
      }
    } finally {
      await sweepLeases.release(SWEEP_LEASE, holder).catch(() => {});
    }
    timer?.();
    metrics?.sweptShipments.inc(swept);
    return { swept, pages, skipped: false };
  }

  /**
   * Stores the road factor a routing engine measured for the rest of a truck's trip and
   * recomputes its ETA with it. Null when the shipment has arrived (or is gone) meanwhile.
   */
  async applyRoute(id: string, factor: number, measuredAt: number): Promise<Shipment | null> {
    const { db, shipments } = this.deps;
    const nowMs = this.#now();
    const now = new Date(nowMs);
    const result = await db.transaction(async (tx) => {
      const row = await shipments.lock(tx, id);
      if (!row || row.etaEstimator === null || row.arrivedAt !== null || !isPreArrival(row.status)) return null;
      const entry = await this.#siteLookup(tx)(row.siteId);
      const state = trackingStateOf(row);
      const next = outlookAt({ ...state, estimator: { ...state.estimator!, route: { factor, at: measuredAt } } }, this.#context(entry, row), nowMs);
      const shipment = await shipments.update(tx, id, { tracking: next }, now);
      return { shipment, events: [updatedEvent(shipment), ...(await this.#afterChange(tx, row, shipment, nowMs, rulesFor(entry, row), next.estimator?.stoppedSince != null))] };
    });
    if (result === null) return null;
    this.deps.publish(result.events);
    return result.shipment;
  }

  async createShipment(input: ShipmentCreate): Promise<Shipment> {
    const windowStart = new Date(input.windowStart);
    const windowEnd = new Date(input.windowEnd);
    if (windowEnd.getTime() <= windowStart.getTime()) {
      throw new HttpError(400, 'invalid_window', 'windowEnd must be after windowStart');
    }
    const { db, sites, carriers, shipments } = this.deps;
    const now = new Date(this.#now());
    const shipment = await db
      .transaction(async (tx) => {
        if (!(await sites.get(input.siteId, tx))) throw notFound('Site', input.siteId);
        if (!(await carriers.get(input.carrierId, tx))) throw notFound('Carrier', input.carrierId);
        if (input.deviceId !== undefined) await this.#assertDeviceOfCarrier(tx, input.deviceId, input.carrierId);
        return shipments.create(
          tx,
          {
            reference: input.reference,
            supplier: input.supplier,
            carrierId: input.carrierId,
            siteId: input.siteId,
            dock: input.dock ?? null,
            windowStart,
            windowEnd,
            deviceId: input.deviceId ?? null,
            items: input.items ?? [],
          },
          now,
        );
      })
      .catch((error: unknown) => {
        if (uniqueViolation(error) !== null) {
          throw new HttpError(409, 'duplicate_reference', `Site ${input.siteId} already has a shipment with reference ${input.reference}`);
        }
        throw error;
      });
    this.deps.publish([updatedEvent(shipment)]);
    return shipment;
  }

  // Takes the transaction: PGlite has one connection, so a query outside it would wait forever.
  async #assertDeviceOfCarrier(tx: Transaction, deviceId: string, carrierId: string): Promise<void> {
    const device = await this.deps.carriers.getDevice(deviceId, tx);
    if (!device) throw notFound('Device', deviceId);
    if (device.carrierId !== carrierId) {
      throw new HttpError(409, 'device_of_other_carrier', `Device ${deviceId} belongs to another carrier than the shipment`);
    }
    if (device.revokedAt !== null) throw new HttpError(409, 'device_revoked', `Device ${deviceId} is revoked`);
  }

  /** Reassigns the device, moves the window or edits details; the window status follows a moved window. */
  async patchShipment(
    id: string,
    patch: ShipmentPatch,
    /** Throws unless the change may go ahead on this shipment; runs under its lock. Default: none. */
    guard: (row: ShipmentRow) => void = () => {},
  ): Promise<Shipment> {
    const { db, shipments } = this.deps;
    const now = new Date(this.#now());
    const result = await db.transaction(async (tx) => {
      const row = await shipments.lock(tx, id);
      if (!row) throw notFound('Shipment', id);
      guard(row);
      const windowStart = patch.windowStart ? new Date(patch.windowStart) : row.windowStart;
      const windowEnd = patch.windowEnd ? new Date(patch.windowEnd) : row.windowEnd;
      if (windowEnd.getTime() <= windowStart.getTime()) {
        throw new HttpError(400, 'invalid_window', 'windowEnd must be after windowStart');
      }
      const deviceChanged = patch.deviceId !== undefined && patch.deviceId !== row.deviceId;
      if (deviceChanged && patch.deviceId) await this.#assertDeviceOfCarrier(tx, patch.deviceId, row.carrierId);
      if (deviceChanged) await shipments.reassign(tx, id, patch.deviceId ?? null, now);
      const entry = await this.#siteLookup(tx)(row.siteId);
      const tracking = outlookAt(trackingStateOf(row), this.#context(entry, { ...row, windowStart, windowEnd }), now.getTime());
      const shipment = await shipments.update(
        tx,
        id,
        {
          ...(patch.dock !== undefined ? { dock: patch.dock } : {}),
          ...(patch.supplier !== undefined ? { supplier: patch.supplier } : {}),
          ...(patch.items !== undefined ? { items: patch.items } : {}),
          ...(deviceChanged ? { deviceId: patch.deviceId ?? null } : {}),
          windowStart,
          windowEnd,
          tracking,
        },
        now,
      );
      return { shipment, events: [updatedEvent(shipment), ...(await this.#afterChange(tx, row, shipment, now.getTime(), rulesFor(entry, shipment)))] };
    });
    this.deps.publish(result.events);
    return result.shipment;
  }

  /** Records a lifecycle step; 409 with the allowed steps when the transition is not possible. */
  async recordStatusEvent(
    id: string,
    input: { type: StatusEventType; ts?: string; note?: string; receivedItems?: readonly ReceivedItemInput[] },
    actor: EventActor,
    /** Throws unless the actor may record events on this shipment; runs under its lock. */
    authorize: (row: ShipmentRow) => void,
  ): Promise<{ event: StatusEvent; shipment: Shipment }> {
    const { db, shipments } = this.deps;
    const nowMs = this.#now();
    const now = new Date(nowMs);
    const ts = input.ts ? Date.parse(input.ts) : nowMs;
    if (ts > nowMs + this.deps.config.maxFutureSkewMs) {
      throw new HttpError(400, 'timestamp_in_future', `ts ${input.ts} is in the future`);
    }
    if (input.receivedItems && input.type !== 'received') throw new HttpError(400, 'validation_failed', 'receivedItems go with a received event only');
    const result = await db.transaction(async (tx) => {
      const row = await shipments.lock(tx, id);
      if (!row) throw notFound('Shipment', id);
      authorize(row);
      const entry = await this.#siteLookup(tx)(row.siteId);
      const outcome = applyStatusEvent(trackingStateOf(row), { type: input.type, ts }, this.#context(entry, row), nowMs);
      if (!outcome.ok) {
        throw new HttpError(409, 'invalid_transition', `A ${row.status} shipment cannot become ${input.type}`, {
          status: row.status,
          allowed: outcome.allowed,
        });
      }
      if (TERMINAL.includes(input.type) && row.deviceId !== null) await shipments.reassign(tx, id, null, now);
      const event = await shipments.addEvent(
        tx,
        id,
        { type: input.type, ts: new Date(ts), note: input.note ?? null, source: actor.kind === 'device' ? 'device' : 'staff' },
        now,
      );
      if (input.type === 'received') {
        // Booked in the same transaction as the step: a receipt without its counts cannot exist.
        await this.deps.receipts.create(tx, {
          shipmentId: id,
          eventId: event.id,
          previousStatus: row.status,
          receivedAt: now,
          receivedBy: actorName(actor),
          lines: receivedLines(row.items, input.receivedItems),
        });
      }
      const shipment = await shipments.update(tx, id, { tracking: outcome.state }, now);
      await this.#learn(tx, entry, row, shipment, row.etaEstimator, now, new Set());
      const alertEvents = await this.#afterChange(tx, row, shipment, nowMs, rulesFor(entry, row));
      // A load counts on scorecards from its arrival (or exception) on; a cancelled one leaves them.
      if (shipment.arrivedAt !== null || input.type === 'exception' || input.type === 'cancelled') await this.deps.scorecards.recordShipment(tx, id, now);
      return { event, shipment, alertEvents };
    });
    this.deps.publish([updatedEvent(result.shipment), lifecycleEvent(result.shipment, result.event), ...result.alertEvents]);
    return { event: result.event, shipment: result.shipment };
  }

  /**
   * Takes back a receipt within `RECEIPT_UNDO_MS`: the receipt is marked undone (its counts stay
   * on record), the shipment returns to the status it had before, with a status event saying so,
   * and it is back on every board. 409 `undo_expired` after the window, `not_received` before.
   */
  async undoReceipt(id: string, actor: EventActor, authorize: (row: ShipmentRow) => void): Promise<{ event: StatusEvent; shipment: Shipment }> {
    const { db, shipments, receipts } = this.deps;
    const nowMs = this.#now();
    const now = new Date(nowMs);
    const result = await db.transaction(async (tx) => {
      const row = await shipments.lock(tx, id);
      if (!row) throw notFound('Shipment', id);
      authorize(row);
      const receipt = row.status === 'received' ? await receipts.standing(tx, id) : null;
      if (!receipt) throw new HttpError(409, 'not_received', `Shipment ${id} has no receipt to undo`);
      if (!mayUndoReceipt(receipt.receivedAt.getTime(), nowMs)) throw new HttpError(409, 'undo_expired', `The receipt of shipment ${id} can no longer be undone`);
      await receipts.markUndone(tx, receipt.id, now);
      const back = receipt.previousStatus as StatusEventType;
      const event = await shipments.addEvent(tx, id, { type: back, ts: now, note: `Receipt undone by ${actorName(actor)}`, source: 'staff' }, now);
      const shipment = await shipments.update(tx, id, { tracking: { ...trackingStateOf(row), status: receipt.previousStatus } }, now);
      await this.deps.scorecards.recordShipment(tx, id, now);
      return { event, shipment };
    });
    this.deps.publish([updatedEvent(result.shipment), lifecycleEvent(result.shipment, result.event)]);
    return result;
  }
}
