import fp from 'fastify-plugin';
import { openDatabase, type Database, type DatabaseHandle } from '../db/connect';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    db: Database;
  }
}

/** Opens PostgreSQL (DATABASE_URL) or embedded PGlite, applies migrations, closes on shutdown. */
export default fp(
  async (app) => {
    const { config } = app;
    const { poolSize, connectTimeoutMs, statementTimeoutMs, lockTimeoutMs } = config.database;
    const handle = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      maxConnections: poolSize,
      connectTimeoutMs,
      statementTimeoutMs,
      lockTimeoutMs,
    });
    app.addHook('onClose', async () => {
      await handle.close();
    });
    if (config.migrateOnStart) {
      await handle.migrate();
      app.log.info({ engine: handle.engine }, 'database migrated');
    }
    app.decorate('database', handle);
    app.decorate('db', handle.db);
  },
  { name: 'database', dependencies: ['config'] },
);
