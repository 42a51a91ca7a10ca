import fp from 'fastify-plugin';
import type { DomainEvent } from '@dockwatch/shared';
import { AlertService } from '../alerts/alert-service';
import { withResilientTransactions } from '../db/retry';
import { TransactionSlots, TransactionSlotTimeout } from '../db/transaction-slots';
import { AlertRepository } from '../repositories/alerts';
import { ApiTokenRepository } from '../repositories/api-tokens';
import { AuditRepository } from '../repositories/audit';
import { CarrierRepository } from '../repositories/carriers';
import { DepartureRepository } from '../repositories/departures';
import { EtaAccuracyRepository } from '../repositories/eta-accuracy';
import { MaterialRepository } from '../repositories/materials';
import { MessageRepository } from '../repositories/messages';
import { NoticeRepository } from '../repositories/notices';
import { DemandSharingRepository } from '../repositories/demand-sharing';
import { CoverageService } from '../materials/coverage-service';
import { ShortageService } from '../materials/shortage-service';
import { PingRepository } from '../repositories/pings';
import { ReceiptRepository } from '../repositories/receipts';
import { AsnRuleRepository } from '../repositories/asn-rules';
import { ScorecardRepository } from '../repositories/scorecards';
import { ScorecardService } from '../scorecards/scorecard-service';
import { ShipmentRepository } from '../repositories/shipments';
import { SiteRepository } from '../repositories/sites';
import { SweepLeaseRepository } from '../repositories/sweep-leases';
import { TrackingLinkRepository } from '../repositories/tracking-links';
import { UserRepository } from '../repositories/users';
import { WebhookRepository } from '../repositories/webhooks';
import { TrackingService } from '../tracking/tracking-service';
import { createRoutingEngine } from '../routing/routing-engine';
import { RouteRefresher } from '../routing/route-refresher';

declare module 'fastify' {
  interface FastifyInstance {
    siteRepository: SiteRepository;
    carrierRepository: CarrierRepository;
    shipmentRepository: ShipmentRepository;
    receiptRepository: ReceiptRepository;
    scorecardRepository: ScorecardRepository;
    scorecards: ScorecardService;
    pingRepository: PingRepository;
    webhookRepository: WebhookRepository;
    trackingLinkRepository: TrackingLinkRepository;
    departureRepository: DepartureRepository;
    alertRepository: AlertRepository;
    etaAccuracyRepository: EtaAccuracyRepository;
    materialRepository: MaterialRepository;
    messageRepository: MessageRepository;
    asnRuleRepository: AsnRuleRepository;
    noticeRepository: NoticeRepository;
    demandSharingRepository: DemandSharingRepository;
    coverage: CoverageService;
    shortages: ShortageService;
    userRepository: UserRepository;
    apiTokenRepository: ApiTokenRepository;
    auditRepository: AuditRepository;
    alerts: AlertService;
    tracking: TrackingService;
    /** Road distances from the routing engine for ETAs; null when none is configured. */
    routeRefresher: RouteRefresher | null;
  }
}

/** One repository per aggregate, and the services that write across them. */
export default fp(
  async (app) => {
    const sites = new SiteRepository(app.db);
    const carriers = new CarrierRepository(app.db);
    const shipments = new ShipmentRepository(app.db);
    const pings = new PingRepository(app.db);
    const alertRepository = new AlertRepository(app.db);
    const webhookRepository = new WebhookRepository(app.db);
    // Alert changes leave deliveries in the outbox: wake the worker after the commit instead of
    // waiting for its next poll (it registers later, so look it up when called).
    let routes: RouteRefresher | null = null;
    let shortages: ShortageService | null = null;
    const publish = (events: DomainEvent[]) => {
      app.publishCommitted(events);
      for (const e of events) if (e.type.startsWith('alert:') && 'alert' in e) app.metrics.alertChanges.inc({ kind: e.alert.kind, state: e.alert.state });
      routes?.notice(events);
      // The parts on a shipment whose arrival moved are evaluated again (this instance committed it).
      shortages?.notice(events);
      if (events.some((e) => e.type.startsWith('alert:')) && app.hasDecorator('webhookWorker')) app.webhookWorker.nudge();
    };
    // Tracking writes run again after a deadlock or serialization failure. On PostgreSQL they
    // hold at most all but two pooled connections, so a locked table leaves some for reads; a
    // write waits half the lock timeout for one, so it answers 503 within 1.5 lock timeouts.
    const { poolSize, lockTimeoutMs } = app.config.database;
    const slots = app.database.engine === 'postgres' ? new TransactionSlots(Math.max(1, poolSize - 2), Math.round(lockTimeoutMs / 2)) : undefined;
    const trackingDb = withResilientTransactions(app.db, { slots });
    const alerts = new AlertService({ db: app.db, alerts: alertRepository, outbox: webhookRepository, publish });
    app.metrics.sources.openAlerts = () => alertRepository.countOpen();
    app.metrics.sources.webhookQueueDepth = () => webhookRepository.countPending();
    app.decorate('siteRepository', sites);
    app.decorate('carrierRepository', carriers);
    app.decorate('shipmentRepository', shipments);
    app.decorate('pingRepository', pings);
    app.decorate('webhookRepository', webhookRepository);
    app.decorate('alertRepository', alertRepository);
    app.decorate('etaAccuracyRepository', new EtaAccuracyRepository(app.db));
    const materialRepository = new MaterialRepository(app.db);
    app.decorate('materialRepository', materialRepository);
    app.decorate('messageRepository', new MessageRepository(app.db));
    app.decorate('noticeRepository', new NoticeRepository(app.db));
    app.decorate('demandSharingRepository', new DemandSharingRepository(app.db));
    const coverage = new CoverageService({ materials: materialRepository, shipments });
    app.decorate('coverage', coverage);
    shortages = new ShortageService({
      db: app.db,
      alerts: alertRepository,
      materials: materialRepository,
      coverage,
      outbox: webhookRepository,
      publish,
      now: app.clock,
      onError: (err, siteId) => app.log.warn({ err, siteId }, 'coverage evaluation after a shipment change failed; tried again shortly'),
    });
    app.decorate('shortages', shortages);
    app.decorate('trackingLinkRepository', new TrackingLinkRepository(app.db));
    const departures = new DepartureRepository(app.db);
    app.decorate('departureRepository', departures);
    app.decorate('alerts', alerts);
    app.decorate('userRepository', new UserRepository(app.db));
    app.decorate('apiTokenRepository', new ApiTokenRepository(app.db));
    const audit = new AuditRepository(app.db);
    app.decorate('auditRepository', audit);
    const receipts = new ReceiptRepository(app.db);
    app.decorate('receiptRepository', receipts);
    app.decorate('asnRuleRepository', new AsnRuleRepository(app.db));
    const scorecardRepository = new ScorecardRepository(app.db);
    app.decorate('scorecardRepository', scorecardRepository);
    const sweepLeases = new SweepLeaseRepository(app.db);
    const scorecards = new ScorecardService({ db: app.db, scorecards: scorecardRepository, carriers, audit, outbox: webhookRepository, sweepLeases });
    app.decorate('scorecards', scorecards);
    const ingest = app.config.ingest;
    const tracking = new TrackingService({
      db: trackingDb,
      sites,
      carriers,
      shipments,
      pings,
      departures,
      receipts,
      alerts,
      scorecards,
      sweepLeases,
      sweep: { pageSize: app.config.sweepPageSize, leaseMs: 60_000 },
      config: app.config.tracking,
      publish,
      metrics: app.metrics,
      // The embedded database has one connection: one shared transaction at a time.
      // A report waits for a batch at most as long as a write waits for a slot, so it still
      // answers 503 within 1.5 lock timeouts when a table is locked.
      groupCommit:
        app.database.engine === 'postgres'
          ? { windowMs: ingest.windowMs, maxWeight: ingest.maxPings, concurrency: Math.min(ingest.concurrency, Math.max(1, poolSize - 2)), maxQueueMs: Math.round(lockTimeoutMs / 2), queueTimeout: (ms) => new TransactionSlotTimeout(Math.round(ms)) }
          : { windowMs: ingest.windowMs, maxWeight: ingest.maxPings, concurrency: 1 },
      now: app.clock,
    });
    app.decorate('tracking', tracking);
    const routing = app.config.routing;
    if (routing !== null) {
      routes = new RouteRefresher({
        engine: createRoutingEngine({ kind: routing.kind, url: routing.url, timeoutMs: routing.timeoutMs, ...(routing.profile ? { profile: routing.profile } : {}) }),
        siteLocation: async (siteId) => sites.get(siteId),
        apply: (id, factor, at) => tracking.applyRoute(id, factor, at),
        refreshMs: routing.refreshMs,
        log: app.log,
        now: app.clock,
      });
    }
    app.decorate('routeRefresher', routes);
    // Requests still out to the routing engine finish before the database closes.
    app.addHook('onClose', async () => routes?.idle());
    // Parts gathered from the last changes are evaluated before the database closes.
    app.addHook('preClose', async () => shortages?.idle().catch((err: unknown) => app.log.warn({ err }, 'coverage evaluation at shutdown failed; the next sweep catches up')));
  },
  { name: 'repositories', dependencies: ['database', 'bus', 'metrics'] },
);
