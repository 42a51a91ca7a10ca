import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './private-postgres';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const ADMIN_TOKEN = 'fault-admin-token-0123456789';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A Dockwatch instance as production runs it: `server/src/main.ts` in its own process (via tsx),
 * so whether it exits, and with what, is what the test sees.
 */
export class ChildInstance {
  #exit: ChildExit | null = null;
  #output = '';
  readonly exited: Promise<ChildExit>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly dataDir: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
    const keep = (data: Buffer) => (this.#output += data.toString());
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  /** Starts an instance on a free port and resolves once it answers /healthz. */
  static async start(env: Record<string, string>): Promise<ChildInstance> {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-fault-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_TOKEN,
        CLIENT_DIR: '',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_INGEST_PER_DEVICE_PER_MIN: '1000000',
        ...env,
      },
    });
    const instance = new ChildInstance(child, `http://127.0.0.1:${port}`, dataDir);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (instance.exit) throw new Error(`instance exited while starting (${JSON.stringify(instance.exit)}):\n${instance.output.slice(-3000)}`);
      try {
        if ((await fetch(`${instance.url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) return instance;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`instance did not start within 60 s:\n${instance.output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** How the process ended, or null while it runs. */
  get exit(): ChildExit | null {
    return this.#exit;
  }

  /** Everything it wrote (pino JSON lines). */
  get output(): string {
    return this.#output;
  }

  /** Its log lines whose `msg` matches. */
  logLines(msg: RegExp): Record<string, unknown>[] {
    return this.#output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => typeof entry.msg === 'string' && msg.test(entry.msg));
  }

  /** SIGTERM, as a supervisor stops it; resolves with how it exited. */
  async stop(): Promise<ChildExit> {
    if (!this.#exit) this.child.kill('SIGTERM');
    const exit = await this.exited;
    await rm(this.dataDir, { recursive: true, force: true });
    return exit;
  }
}
