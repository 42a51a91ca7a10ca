import fp from 'fastify-plugin';
import { WebhookWorker } from '../webhooks/worker';

declare module 'fastify' {
  interface FastifyInstance {
    /** Posts queued webhook deliveries; `nudge()` it after queueing some. */
    webhookWorker: WebhookWorker;
  }
}

/** Runs the webhook outbox worker on every instance while the app is up. */
export default fp(
  async (app) => {
    const worker = new WebhookWorker({ repository: app.webhookRepository, config: app.config.webhooks, log: app.log.child({ component: 'webhooks' }), onAttempt: (result) => app.metrics.webhookAttempts.inc({ result }) });
    app.decorate('webhookWorker', worker);
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
