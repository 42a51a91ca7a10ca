import { buildApp, loadConfig, type BuildAppOptions } from '@dockwatch/server';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Backend } from './backends';
import { pgliteTemplate } from './pglite-template';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServer {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  /** Authorization header for staff calls. */
  staff: { authorization: string };
  close(): Promise<void>;
}

export interface StartOptions {
  /** Reuse a data folder (restart tests); default a new temporary one. */
  dataDir?: string;
  /** Extra environment, as the server would read it. */
  env?: Record<string, string>;
  /** Keep the data folder on close. Default false for temporary folders. */
  keepDataDir?: boolean;
  /** Port to listen on; default a free one. */
  port?: number;
  /** The clock the app's services read; default the real one. */
  now?: () => number;
  /** Resolves webhook host names; default a resolver that knows no name, so no test asks real DNS. */
  lookup?: BuildAppOptions['lookup'];
  /** Build the embedded database from nothing (initdb and every migration) instead of copying the run's template. */
  freshDatabase?: boolean;
}

const noNames: NonNullable<BuildAppOptions['lookup']> = async (hostname) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

/** `cp -R`: node's fs.cp walks the 1,200 files of a PGlite folder ten times slower. */
const copyFolder = (from: string, to: string) => promisify(execFile)('cp', ['-R', from, to]);

/** Builds the real app for a backend and listens on a free port of 127.0.0.1. */
export async function startServer(backend: Backend, options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'dockwatch-test-')));
  const template = pgliteTemplate();
  const pgdata = path.join(dataDir, 'pgdata');
  if (backend.databaseUrl === null && template !== null && !options.freshDatabase && !existsSync(pgdata)) await copyFolder(template, pgdata);
  const config = loadConfig({
    ADMIN_TOKEN,
    DATA_DIR: dataDir,
    DATABASE_URL: backend.databaseUrl ?? undefined,
    REDIS_URL: backend.redisUrl ?? undefined,
    LOG_LEVEL: 'silent',
    // Suites sign in often from one address; the rate-limit tests set their own limits.
    RATE_LIMIT_LOGIN_PER_MIN: '100000',
    // Webhook receivers in the suites listen on loopback.
    WEBHOOK_ALLOWED_DESTINATIONS: '127.0.0.1',
    ...options.env,
  });
  const app = await buildApp(config, { logger: false, now: options.now, lookup: options.lookup ?? noNames });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const removeDir = options.dataDir === undefined && !options.keepDataDir;
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    staff: { authorization: `Bearer ${ADMIN_TOKEN}` },
    close: async () => {
      await app.close();
      if (removeDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
