import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where the scrape-time gauges read from; each is called only when `/metrics` is scraped. */
export interface MetricSources {
  /** Socket.IO connections on this instance. */
  socketsConnected?: () => number;
  /** Alerts not yet resolved, by kind and state. */
  openAlerts?: () => Promise<{ kind: string; state: string; count: number }[]>;
  /** Webhook deliveries waiting to be posted. */
  webhookQueueDepth?: () => Promise<number>;
}

/** Seconds, from a tenth of a millisecond to ten seconds. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every metric one instance exports, in its own registry (tests build several apps in one
 * process, so nothing goes into prom-client's global registry).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly sources: MetricSources = {};

  readonly ingestRequests = new Counter({
    name: 'dockwatch_ingest_requests_total',
    help: 'Device report requests answered, by route and status code',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly pings = new Counter({
    name: 'dockwatch_pings_total',
    help: 'Fixes received, by outcome (accepted, duplicate, rejected) and, for rejected ones, the filter reason',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });
  readonly commitBatchSize = new Histogram({
    name: 'dockwatch_commit_batch_pings',
    help: 'Fixes (stored, duplicate or rejected) per ingest transaction',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000],
    registers: [this.registry],
  });
  readonly commitBatchRequests = new Histogram({
    name: 'dockwatch_commit_batch_requests',
    help: 'Device reports sharing one ingest transaction (group commit)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  readonly commitIsolatedRetries = new Counter({
    name: 'dockwatch_commit_isolated_retries_total',
    help: 'Shared ingest transactions run again with a savepoint per report because one report failed',
    registers: [this.registry],
  });
  readonly commitDuration = new Histogram({
    name: 'dockwatch_commit_duration_seconds',
    help: 'Ingest transaction time, from begin to commit',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly busPublishLag = new Histogram({
    name: 'dockwatch_bus_publish_lag_seconds',
    help: 'Time from a commit until the bus took its changes (Redis acknowledged the publish)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly busPublishFailures = new Counter({
    name: 'dockwatch_bus_publish_failures_total',
    help: 'Bus messages that could not be published (live updates dropped; clients resync)',
    registers: [this.registry],
  });
  readonly alertChanges = new Counter({
    name: 'dockwatch_alert_changes_total',
    help: 'Alert changes committed on this instance, by kind and the state they left the alert in',
    labelNames: ['kind', 'state'] as const,
    registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: 'dockwatch_webhook_attempts_total',
    help: 'Webhook posts by what became of the delivery (delivered, pending = will retry, failed = given up, lost = lease lapsed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly sweepDuration = new Histogram({
    name: 'dockwatch_sweep_duration_seconds',
    help: 'Duration of a tracking sweep round that this instance ran',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly sweptShipments = new Counter({
    name: 'dockwatch_swept_shipments_total',
    help: 'Active shipments evaluated by the tracking sweep on this instance',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'dockwatch_' });
    const sources = this.sources;
    new Gauge({
      name: 'dockwatch_sockets_connected',
      help: 'Socket.IO connections open on this instance',
      registers: [this.registry],
      collect() {
        this.set(sources.socketsConnected?.() ?? 0);
      },
    });
    new Gauge({
      name: 'dockwatch_alerts_open',
      help: 'Alerts not resolved, by kind and state (read from the database: the same on every instance)',
      labelNames: ['kind', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of (await sources.openAlerts?.()) ?? []) this.set({ kind: row.kind, state: row.state }, row.count);
      },
    });
    new Gauge({
      name: 'dockwatch_webhook_queue_depth',
      help: 'Webhook deliveries pending (due now or waiting for a retry), read from the database',
      registers: [this.registry],
      async collect() {
        this.set((await sources.webhookQueueDepth?.()) ?? 0);
      },
    });
  }

  /** Times an async step into a histogram, in seconds, whether it succeeds or throws. */
  async time<T>(histogram: Histogram, step: () => Promise<T>): Promise<T> {
    const end = histogram.startTimer();
    try {
      return await step();
    } finally {
      end();
    }
  }
}
