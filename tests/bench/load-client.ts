import { Worker } from 'node:worker_threads';
import type { LatencyRequest, LatencyResult, ThroughputRequest, ThroughputResult, WorkerResponse } from './protocol';

type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void };

/** The main thread's handle on the load-generator worker (load-worker.ts). */
export class LoadClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor() {
    // tsx does not hook worker threads by itself on Node 20: load the worker through its API.
    const file = new URL('./load-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const source = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}))`;
    this.#worker = new Worker(source, { eval: true });
    this.#worker.on('message', (response: WorkerResponse) => {
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      if (response.ok) pending.resolve(response.result);
      else pending.reject(new Error(`load worker: ${response.error}`));
    });
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', (code) => this.#failAll(new Error(`load worker exited with code ${code}`)));
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #call<T>(request: ThroughputRequest | LatencyRequest): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.#worker.postMessage({ ...request, id });
    });
  }

  throughput(request: Omit<ThroughputRequest, 'kind'>): Promise<ThroughputResult> {
    return this.#call({ kind: 'throughput', ...request });
  }

  latency(request: Omit<LatencyRequest, 'kind'>): Promise<LatencyResult> {
    return this.#call({ kind: 'latency', ...request });
  }

  /** Lets the worker close its connections and exit on its own, then makes sure it is gone. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage({ kind: 'close' });
    const timer = setTimeout(() => void this.#worker.terminate(), 2_000);
    await exited;
    clearTimeout(timer);
  }
}
