import { MIGRATIONS_FOLDER } from '@dockwatch/server';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';

export interface RealServices {
  databaseUrl: string;
  redisUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Real PostgreSQL + Redis for this run, or null when they are not reachable (never in CI). */
    realServices: RealServices | null;
  }
}

const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const required = process.env.CI === 'true' || process.env.DOCKWATCH_REQUIRE_REAL_SERVICES === '1';

async function reachable(): Promise<string | null> {
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    return `PostgreSQL at ${adminUrl}: ${(error as Error).message}`;
  } finally {
    await sql.end({ timeout: 1 });
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    return `Redis at ${redisUrl}: ${(error as Error).message}`;
  } finally {
    redis.disconnect();
  }
  return null;
}

/**
 * Creates a fresh PostgreSQL database for this run, migrated once, and drops it afterwards.
 * Without the real services the suites run on the embedded backend only, except in CI.
 */
export default async function setup(project: TestProject) {
  const problem = await reachable();
  if (problem !== null) {
    if (required) throw new Error(`Real services are required (CI) but not reachable: ${problem}`);
    console.warn(`[dockwatch] real-service tests will not run: ${problem}`);
    project.provide('realServices', null);
    return;
  }
  const name = `dockwatch_test_${process.pid}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  await client.end();
  project.provide('realServices', { databaseUrl, redisUrl });

  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
