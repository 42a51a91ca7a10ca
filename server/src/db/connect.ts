import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
/** The drizzle database, whichever engine is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; repositories accept it wherever they accept the database. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  engine: 'pglite' | 'postgres';
  /** Applies pending SQL migrations from `migrations/`. Safe with several instances starting at once. */
  migrate(): Promise<void>;
  /** Throws unless the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Any constant works; it only has to be the same on every instance. */
const MIGRATION_LOCK_KEY = 0x0d0c_3a7c;

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; null opens the embedded PGlite database under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Pool size for PostgreSQL. Default 10. */
  maxConnections?: number;
  /** PostgreSQL connect timeout, in ms. Default 2000. */
  connectTimeoutMs?: number;
  /** PostgreSQL `statement_timeout`, in ms; 0 leaves the server's. Default 0. */
  statementTimeoutMs?: number;
  /** PostgreSQL `lock_timeout`, in ms; 0 leaves the server's. Default 0. */
  lockTimeoutMs?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl === null ? openPglite(options.dataDir) : openPostgres(options.databaseUrl, options);
}

/**
 * Seconds before the driver tries a lost connection again: from 50 ms, doubling, at most
 * 500 ms. postgres.js defaults to up to 20 s, so queries went on waiting for its next attempt
 * long after PostgreSQL was back; this short cap reconnects within half a second of its return,
 * and while it is away each attempt is refused at once, so requests fail fast with 503.
 */
export const reconnectBackoff = (retries: number): number => Math.min(0.05 * 2 ** Math.max(0, retries - 1), 0.5);

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const folder = path.join(dataDir, 'pgdata');
  await mkdir(folder, { recursive: true });
  const client = await PGlite.create(folder);
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    engine: 'pglite',
    // PGlite is single-process: nothing else can migrate it concurrently.
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const { statementTimeoutMs = 0, lockTimeoutMs = 0 } = options;
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    // Fail fast when the database is unreachable: ingest answers 503 and the device retries.
    connect_timeout: (options.connectTimeoutMs ?? 2000) / 1000,
    backoff: reconnectBackoff,
    idle_timeout: 60,
    // Session settings sent at connect: a locked table or a runaway query fails (503) instead of
    // holding a pooled connection, and every other request behind it, indefinitely.
    connection: {
      application_name: 'dockwatch',
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
      ...(lockTimeoutMs > 0 ? { lock_timeout: lockTimeoutMs } : {}),
    },
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Database;
  return {
    db,
    engine: 'postgres',
    migrate: async () => {
      // A session advisory lock on a dedicated one-connection client, so instances starting
      // together apply each migration once.
      const single = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
  };
}
