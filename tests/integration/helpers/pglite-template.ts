import { buildApp, loadConfig } from '@dockwatch/server';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An embedded database folder migrated (and given its partitions) once for this run; null: none. */
    pgliteTemplate: string | null;
  }
}

/**
 * Starts the real app once on a new embedded database and closes it: the folder it leaves holds
 * every migration and the partitions the app makes at start. A test server's new embedded
 * database starts as a copy of it, which skips PGlite's initdb and the migrations (about 2 s
 * of each start on a 2-core machine) and changes nothing else: the copy is what that start
 * would have built. Restart tests and `freshDatabase` still go through the whole first start.
 */
export async function buildPgliteTemplate(): Promise<{ pgdata: string; remove: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-template-'));
  const app = await buildApp(loadConfig({ ADMIN_TOKEN: 'template-admin-token-0123456789', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ALERT_SWEEP_S: '0' }), { logger: false });
  await app.ready();
  await app.close();
  return { pgdata: path.join(dataDir, 'pgdata'), remove: () => rm(dataDir, { recursive: true, force: true }) };
}

/** The run's template folder, when a vitest global setup made one (not in the bench). */
export function pgliteTemplate(): string | null {
  try {
    return inject('pgliteTemplate') ?? null;
  } catch {
    return null;
  }
}
