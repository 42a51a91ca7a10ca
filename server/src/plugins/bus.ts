import type { DomainEvent } from '@dockwatch/shared';
import fp from 'fastify-plugin';
import { MAX_EVENTS_PER_MESSAGE, type Bus } from '../bus/bus';
import { MemoryBus } from '../bus/memory-bus';
import { RedisBus } from '../bus/redis-bus';

declare module 'fastify' {
  interface FastifyInstance {
    bus: Bus;
    /**
     * Publishes committed changes without making the caller wait or fail: the data is already
     * safe in the database, and clients catch up through versions if an event is lost.
     */
    publishCommitted(events: DomainEvent[]): void;
  }
}

export default fp(
  async (app) => {
    const bus: Bus = app.redis
      ? RedisBus.create({
          publisher: app.redis.publisher,
          subscriber: app.redis.busSubscriber,
          onError: (err) => app.log.warn({ err }, 'bus message or subscription failed'),
        })
      : new MemoryBus();
    app.decorate('bus', bus);
    // One warning per outage, not one per commit: ingest goes on at full rate meanwhile.
    let dropped = 0;
    app.decorate('publishCommitted', (events: DomainEvent[]) => {
      for (let start = 0; start < events.length; start += MAX_EVENTS_PER_MESSAGE) {
        const slice = events.slice(start, start + MAX_EVENTS_PER_MESSAGE);
        const lag = app.metrics.busPublishLag.startTimer();
        bus.publish(slice).then(
          () => {
            lag();
            if (dropped === 0) return;
            app.log.info({ droppedMessages: dropped }, 'bus publishes go through again; clients are told to resync');
            dropped = 0;
          },
          (err: unknown) => {
            app.metrics.busPublishFailures.inc();
            // The bus tells every instance once Redis takes messages again, and their clients resync.
            if (dropped++ === 0) app.log.warn({ err }, 'bus publish failed; live updates are dropped until Redis answers');
          },
        );
      }
    });
    app.addHook('onClose', async () => {
      await bus.close();
    });
  },
  { name: 'bus', dependencies: ['redis', 'metrics'] },
);
