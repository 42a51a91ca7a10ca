import { MIGRATIONS_FOLDER } from '@dockwatch/server';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { POSTGRES_ADMIN_URL, REDIS_URL, realServicesProblem } from './helpers/real-services';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { buildPgliteTemplate } from './helpers/pglite-template';

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

const adminUrl = POSTGRES_ADMIN_URL;
const redisUrl = REDIS_URL;
const required = process.env.CI === 'true' || process.env.DOCKWATCH_REQUIRE_REAL_SERVICES === '1';

/**
 * Builds the run's embedded database template, and creates a fresh PostgreSQL database for this
 * run, migrated once, and drops both afterwards.
 * Without the real services the suites run on the embedded backend only, except in CI.
 */
export default async function setup(project: TestProject) {
  const template = await buildPgliteTemplate();
  project.provide('pgliteTemplate', template.pgdata);
  const real = await setupRealServices(project);
  return async () => {
    await real?.();
    await template.remove();
  };
}

async function setupRealServices(project: TestProject): Promise<(() => Promise<void>) | null> {
  const problem = await realServicesProblem();
  if (problem !== null) {
    if (required) throw new Error(`Real services are required (CI) but not reachable: ${problem}`);
    console.warn(`[dockwatch] real-service tests will not run: ${problem}`);
    project.provide('realServices', null);
    return null;
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
