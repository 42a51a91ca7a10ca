import fp from 'fastify-plugin';
import { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyInstance {
    /** Redis clients when REDIS_URL is set, otherwise null. */
    redis: RedisClients | null;
  }
}

export interface RedisClients {
  /** Publishes bus events and socket adapter messages; no offline queue, so it fails fast. */
  publisher: Redis;
  /** Subscribed to the bus channel. */
  busSubscriber: Redis;
  /** Subscribed to the Socket.IO adapter channels. */
  adapterSubscriber: Redis;
}

/** Creates the Redis connections the bus and the Socket.IO adapter are given. */
export default fp(
  async (app) => {
    const url = app.config.redisUrl;
    if (url === null) {
      app.decorate('redis', null);
      return;
    }
    const make = (name: string, offlineQueue: boolean) => {
      const client = new Redis(url, {
        connectionName: `dockwatch:${name}`,
        enableOfflineQueue: offlineQueue,
        maxRetriesPerRequest: offlineQueue ? 20 : 0,
        lazyConnect: true,
      });
      let lastError = '';
      client.on('error', (error: Error) => {
        // ioredis retries by itself; log each distinct failure once instead of every retry.
        if (error.message !== lastError) app.log.warn({ err: error, client: name }, 'redis connection error');
        lastError = error.message;
      });
      client.on('ready', () => {
        if (lastError !== '') app.log.info({ client: name }, 'redis connection restored');
        lastError = '';
      });
      return client;
    };
    const clients: RedisClients = {
      publisher: make('publisher', false),
      busSubscriber: make('bus', true),
      adapterSubscriber: make('adapter', true),
    };
    const all = Object.values(clients);
    try {
      await Promise.all(all.map((c) => c.connect()));
    } catch (error) {
      all.forEach((c) => c.disconnect());
      throw new Error(`Cannot connect to Redis at REDIS_URL: ${(error as Error).message}`, { cause: error });
    }
    app.decorate('redis', clients);
    app.addHook('onClose', async () => {
      // QUIT lets pending replies arrive; while Redis is unreachable it would wait for a
      // reconnect, so give it a moment and then drop the connection.
      await Promise.all(
        all.map(async (c) => {
          const timer = setTimeout(() => c.disconnect(), 1_000);
          await c.quit().catch(() => c.disconnect());
          clearTimeout(timer);
        }),
      );
    });
  },
  { name: 'redis', dependencies: ['config'] },
);
