import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/connect';

/** `pnpm db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
try {
  const config = loadConfig();
  const target = config.databaseUrl === null ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL at DATABASE_URL';
  console.log(`Migrating ${target} ...`);
  const started = Date.now();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 1 });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  console.log(`Database is up to date (${Date.now() - started} ms).`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
