import { MIGRATIONS_FOLDER } from '@dockwatch/server';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { POSTGRES_ADMIN_URL } from '../../integration/helpers/real-services';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Null when PostgreSQL at `TEST_POSTGRES_ADMIN_URL` answers, otherwise why not. */
export async function postgresProblem(): Promise<string | null> {
  const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return null;
  } catch (error) {
    return `PostgreSQL at ${POSTGRES_ADMIN_URL}: ${(error as Error).message}`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * A fresh, migrated database of its own for a Redis fault suite (the database stays up there;
 * only Redis goes away), dropped afterwards.
 */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `dockwatch_fault_${label}_${process.pid}_${Date.now()}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  await client.end();
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
