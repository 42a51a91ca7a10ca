/** What became of one job in a shared transaction. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** How long the first job of a batch waits for company, in ms; 0: only jobs that arrive in the same turn of the event loop, or while every batch slot is busy. */
  windowMs: number;
  /** Most weight (fixes) in one batch; a single heavier job still goes, alone. */
  maxWeight: number;
  /** Batches in flight at once. */
  concurrency: number;
  /**
   * A job that waited longer than this for a batch fails with `queueTimeout()` instead of joining
   * one (the database is stuck: it would wait as long again in its own batch). Default: no limit.
   */
  maxQueueMs?: number;
  queueTimeout?: (waitedMs: number) => Error;
  /** Clock for the queue limit, in ms. Default `performance.now`. */
  now?: () => number;
}

interface Queued<J, R> {
  job: J;
  weight: number;
  queuedAt: number;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups concurrent jobs into shared transactions. `run` gets a batch and answers one Settled
 * per job, in order, once the batch's transaction has committed (or throws, failing the whole
 * batch). Each job's promise settles only then: nobody is answered before its commit.
 */
export class GroupCommit<J, R> {
  readonly #queue: Queued<J, R>[] = [];
  #inFlight = 0;
  #scheduled = false;
  readonly #now: () => number;

  constructor(
    private readonly run: (jobs: J[]) => Promise<Settled<R>[]>,
    private readonly options: GroupCommitOptions,
  ) {
    this.#now = options.now ?? (() => performance.now());
  }

  /** Jobs waiting for a batch. */
  get waiting(): number {
    return this.#queue.length;
  }

  submit(job: J, weight: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ job, weight, queuedAt: this.#now(), resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.options.concurrency || this.#queue.length === 0) return;
    this.#scheduled = true;
    const flush = () => {
      this.#scheduled = false;
      this.#flush();
    };
    if (this.options.windowMs > 0) setTimeout(flush, this.options.windowMs);
    else setImmediate(flush);
  }

  #flush(): void {
    const { maxQueueMs, queueTimeout } = this.options;
    if (maxQueueMs !== undefined && queueTimeout && this.#queue.length > 0) {
      const now = this.#now();
      const late = this.#queue.filter((q) => now - q.queuedAt > maxQueueMs);
      if (late.length > 0) {
        this.#queue.splice(0, this.#queue.length, ...this.#queue.filter((q) => now - q.queuedAt <= maxQueueMs));
        for (const q of late) q.reject(queueTimeout(now - q.queuedAt));
      }
    }
    while (this.#inFlight < this.options.concurrency && this.#queue.length > 0) {
      const batch: Queued<J, R>[] = [];
      let weight = 0;
      while (this.#queue.length > 0 && (batch.length === 0 || weight + this.#queue[0]!.weight <= this.options.maxWeight)) {
        const next = this.#queue.shift()!;
        weight += next.weight;
        batch.push(next);
      }
      this.#inFlight++;
      void this.#runBatch(batch);
    }
  }

  async #runBatch(batch: Queued<J, R>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((q) => q.job));
      batch.forEach((q, i) => {
        const result = results[i];
        if (result?.ok) q.resolve(result.value);
        else q.reject(result ? result.error : new Error('group commit lost a result'));
      });
    } catch (error) {
      for (const q of batch) q.reject(error);
    } finally {
      this.#inFlight--;
      this.#schedule();
    }
  }
}
