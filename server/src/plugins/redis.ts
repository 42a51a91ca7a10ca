import fp from 'fastify-plugin';
import { Redis, type RedisOptions } from 'ioredis';

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

/** How long a start waits for Redis before going on without it. */
const CONNECT_WAIT_MS = 3_000;

/** ioredis' default backs off to 2 s; after a long outage that is up to 2 s more of stale boards. */
const reconnectDelayMs = (attempt: number) => Math.min(attempt * 100, 1_000);

/** Creates the Redis connections the bus and the Socket.IO adapter are given. */
export default fp(
  async (app) => {
    const url = app.config.redisUrl;
    if (url === null) {
      app.decorate('redis', null);
      return;
    }
    const make = (name: string, options: RedisOptions) => {
      const client = new Redis(url, { connectionName: `dockwatch:${name}`, lazyConnect: true, retryStrategy: reconnectDelayMs, ...options });
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
      publisher: make('publisher', { enableOfflineQueue: false, maxRetriesPerRequest: 0 }),
      // The bus subscribes on every connection itself and tells its clients to resync.
      busSubscriber: make('bus', { autoResubscribe: false }),
      // The Socket.IO adapter subscribes once, at start, and does not handle a refusal: its
      // subscription waits in the queue for as long as Redis is away.
      adapterSubscriber: make('adapter', { maxRetriesPerRequest: null }),
    };
    const all = Object.values(clients);
    // Redis is not needed to start: without it the instance serves ingest and REST, /readyz
    // reports the bus down, and the clients keep reconnecting on their own.
    const connecting = Promise.allSettled(all.map((c) => c.connect()));
    const settled = await Promise.race([connecting, new Promise<null>((resolve) => setTimeout(() => resolve(null), CONNECT_WAIT_MS).unref())]);
    const failed = settled?.find((r) => r.status === 'rejected');
    if (settled === null || failed) {
      app.log.warn(
        { err: failed?.reason, waitedMs: settled === null ? CONNECT_WAIT_MS : undefined },
        'Redis is unreachable: starting without the bus; live updates across instances start when it answers',
      );
    }
    app.decorate('redis', clients);
    app.addHook('onClose', async () => {
      // QUIT lets pending replies arrive; while Redis is unreachable it would wait for a
      // reconnect, so give it a moment and then drop the connection.
      await Promise.all(
        all.map(async (c) => {
          if (c.status !== 'ready') return c.disconnect();
          const timer = setTimeout(() => c.disconnect(), 1_000);
          await c.quit().catch(() => c.disconnect());
          clearTimeout(timer);
        }),
      );
    });
  },
  { name: 'redis', dependencies: ['config'] },
);
