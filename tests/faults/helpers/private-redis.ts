import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** The fault suites must run (not skip) in CI and wherever the real services are required. */
export const REQUIRED = process.env.CI === 'true' || process.env.DOCKWATCH_REQUIRE_REAL_SERVICES === '1';

/** Where `redis-server` is looked for; `DOCKWATCH_REDIS_SERVER` overrides. */
const BINARY = process.env.DOCKWATCH_REDIS_SERVER ?? 'redis-server';

/** Null when `redis-server` can run here, otherwise why not. */
export function redisServerProblem(): string | null {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error) return `${BINARY} cannot run (${probe.error.message}); install Redis (Debian: apt-get install redis-server)`;
  return probe.status === 0 ? null : `${BINARY} --version exited with ${probe.status}`;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A Redis server of the test's own on a free port, with nothing persisted: killed (SIGKILL, as
 * a crash or an OOM kill would) and started again on the same port to make an outage. The
 * shared Redis on 6379 is never touched.
 */
export class PrivateRedis {
  #process: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  /** A server on a free port; `running: false` leaves it down (an instance that starts without Redis). */
  static async create(options: { running?: boolean } = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    if (options.running ?? true) await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#process !== null;
  }

  /** Starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.#process) throw new Error('private Redis is already running');
    const child = spawn(BINARY, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#process = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`private Redis on ${this.port} not ready within 10 s:\n${output}`)), 10_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        this.#process = null;
        reject(error);
      };
      child.once('error', fail);
      child.once('exit', (code) => fail(new Error(`private Redis on ${this.port} exited with ${code}:\n${output}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes('Ready to accept connections')) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve();
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    });
  }

  /** Kills the server at once (no shutdown, no goodbye to clients) and resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.#process;
    if (!child) return;
    this.#process = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
