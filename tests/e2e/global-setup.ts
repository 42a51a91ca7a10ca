import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from './chromium';
import { buildPgliteTemplate } from '../integration/helpers/pglite-template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The client as built for this run, served by the servers the browser tests start. */
    clientDir: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Makes sure there is a Chromium to drive (installing Debian's where it can, failing the run at
 * once with what to install where it cannot), then builds the real client once per run into the
 * test artifacts, so tests never see a stale build.
 */
export default async function setup(project: TestProject) {
  await ensureChromium();
  const outDir = path.join(root, 'tests/artifacts/client-dist');
  await build({ root: path.join(root, 'client'), configFile: path.join(root, 'client/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  project.provide('clientDir', outDir);
  const template = await buildPgliteTemplate();
  project.provide('pgliteTemplate', template.pgdata);
  return template.remove;
}
