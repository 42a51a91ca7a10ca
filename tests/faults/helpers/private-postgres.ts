import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Fault tests must run (not skip) in CI and wherever the real services are required. */
export const FAULTS_REQUIRED = process.env.CI === 'true' || process.env.DOCKWATCH_REQUIRE_REAL_SERVICES === '1';

/**
 * The folder with `initdb` and `postgres`: the newest Debian/Ubuntu install under
 * /usr/lib/postgresql/<version>/bin, else the first on PATH. Null when there is none.
 */
export function findPostgresBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [...versions.map((v) => path.join(root, v, 'bin')), ...(process.env.PATH ?? '').split(path.delimiter)];
  return candidates.find((dir) => dir !== '' && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'))) ?? null;
}

/** Why the database fault tests cannot run here, or null when they can. */
export function privatePostgresProblem(): string | null {
  if (findPostgresBinaries() === null) {
    return 'no PostgreSQL server binaries (initdb, postgres) under /usr/lib/postgresql/*/bin or on PATH; install the postgresql package';
  }
  if (process.getuid?.() === 0 && runAsUser() === null) return 'running as root and there is no "postgres" user to run the private server as';
  return null;
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user. Null when no change is needed or possible. */
function runAsUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A free TCP port on 127.0.0.1 (free when asked; the server binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How the server is taken away: `fast` ends every session (SIGINT), `immediate` is a crash (SIGQUIT). */
export type StopMode = 'fast' | 'immediate';

/**
 * A PostgreSQL server of the suite's own: initdb into a temporary folder, listening on a free port
 * of 127.0.0.1 only, stopped, frozen and started again at will. The shared server is never touched.
 */
export class PrivatePostgres {
  #server: ChildProcess | null = null;
  #log = '';

  private constructor(
    readonly binDir: string,
    readonly dir: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | null,
  ) {}

  /** initdb and start. */
  static async create(): Promise<PrivatePostgres> {
    const binDir = findPostgresBinaries();
    if (binDir === null) throw new Error(privatePostgresProblem() ?? 'no PostgreSQL binaries');
    const user = runAsUser();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-pg-'));
    if (user) chownSync(dir, user.uid, user.gid);
    execFileSync(path.join(binDir, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], {
      cwd: dir,
      stdio: 'pipe',
      ...(user ?? {}),
    });
    const pg = new PrivatePostgres(binDir, dir, await freePort(), user);
    await pg.start();
    return pg;
  }

  /** A connection URL for a database on this server. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Everything the server logged since it was created. */
  get log(): string {
    return this.#log;
  }

  get running(): boolean {
    return this.#server !== null;
  }

  /** Starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.#server) return;
    const args = ['-D', path.join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1'];
    // A throwaway server: no fsync (a killed server still keeps what it committed; only the OS
    // crashing would lose it). synchronous_commit stays on: acknowledged commits must survive a crash.
    for (const setting of ['fsync=off', 'full_page_writes=off', 'max_connections=200', 'log_lock_waits=on']) args.push('-c', setting);
    const server = spawn(path.join(this.binDir, 'postgres'), args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], ...(this.user ?? {}) });
    this.#server = server;
    const exited = new Promise<never>((_, reject) => server.once('exit', (code, signal) => reject(new Error(`postgres exited (${code ?? signal}) while starting:\n${this.#log.slice(-2000)}`))));
    const ready = new Promise<void>((resolve) => {
      let output = '';
      const onData = (data: Buffer) => {
        output += data.toString();
        this.#log += data.toString();
        if (output.includes('database system is ready to accept connections')) resolve();
      };
      server.stdout!.on('data', onData);
      server.stderr!.on('data', onData);
    });
    server.once('exit', () => {
      if (this.#server === server) this.#server = null;
    });
    await Promise.race([ready, exited]);
    exited.catch(() => {});
  }

  /** Stops the server; resolves when the postmaster has exited. */
  async stop(mode: StopMode = 'fast'): Promise<void> {
    const server = this.#server;
    if (!server) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill(mode === 'immediate' ? 'SIGQUIT' : 'SIGINT');
    await exited;
    this.#server = null;
  }

  /** Freezes every server process (SIGSTOP): connections stay open, nothing answers, like a paused VM. */
  freeze(): void {
    this.#signalAll('SIGSTOP');
  }

  /** Thaws a frozen server (SIGCONT). */
  thaw(): void {
    this.#signalAll('SIGCONT');
  }

  /** The postmaster and every backend it forked. */
  #pids(): number[] {
    const root = this.#server?.pid;
    if (root === undefined) return [];
    const parentOf = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // The process ended while we looked.
      }
    }
    return [root, ...[...parentOf].filter(([, ppid]) => ppid === root).map(([pid]) => pid)];
  }

  #signalAll(signal: NodeJS.Signals): void {
    const [root, ...children] = this.#pids();
    // Children first, so a thawed postmaster never sees a child it has not thawed yet.
    for (const pid of children) {
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
    }
    if (root !== undefined) process.kill(root, signal);
  }

  /** Stops the server (thawing it first if frozen) and removes its folder. */
  async close(): Promise<void> {
    if (this.#server) {
      this.thaw();
      await this.stop('immediate');
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
