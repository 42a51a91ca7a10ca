import fp from 'fastify-plugin';
import { resolveDestination, systemLookup, type HostLookup } from '../webhooks/destination';
import { WebhookWorker } from '../webhooks/worker';

declare module 'fastify' {
  interface FastifyInstance {
    /** Posts queued webhook deliveries; `nudge()` it after queueing some. */
    webhookWorker: WebhookWorker;
    /** Throws `DestinationRefused` for a URL webhooks may not post to (not public, and not allowed by configuration). */
    checkWebhookDestination(url: string): Promise<void>;
  }
}

export interface WebhookWorkerPluginOptions {
  /** Resolves receivers' host names. Default the system resolver. */
  lookup?: HostLookup;
}

/** Runs the webhook outbox worker on every instance while the app is up. */
export default fp<WebhookWorkerPluginOptions>(
  async (app, options) => {
    const lookup = options.lookup ?? systemLookup;
    const worker = new WebhookWorker({ repository: app.webhookRepository, config: app.config.webhooks, log: app.log.child({ component: 'webhooks' }), lookup, onAttempt: (result) => app.metrics.webhookAttempts.inc({ result }) });
    app.decorate('webhookWorker', worker);
    app.decorate('checkWebhookDestination', async (url: string) => {
      await resolveDestination(url, lookup, app.config.webhooks.allowedDestinations);
    });
    app.addHook('onReady', async () => {
      worker.start();
    });
    // preClose, not onClose: posts in flight still need the database to record their attempt.
    app.addHook('preClose', async () => {
      await worker.stop();
    });
  },
  { name: 'webhook-worker', dependencies: ['config', 'repositories', 'metrics'] },
);
