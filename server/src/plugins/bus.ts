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
      ? await RedisBus.create({
          publisher: app.redis.publisher,
          subscriber: app.redis.busSubscriber,
          onError: (err) => app.log.warn({ err }, 'bad bus message'),
        })
      : new MemoryBus();
    app.decorate('bus', bus);
    app.decorate('publishCommitted', (events: DomainEvent[]) => {
      for (let start = 0; start < events.length; start += MAX_EVENTS_PER_MESSAGE) {
        const slice = events.slice(start, start + MAX_EVENTS_PER_MESSAGE);
        bus.publish(slice).catch((err: unknown) => app.log.warn({ err, events: slice.length }, 'bus publish failed; live updates dropped'));
      }
    });
    app.addHook('onClose', async () => {
      await bus.close();
    });
  },
  { name: 'bus', dependencies: ['redis'] },
);
