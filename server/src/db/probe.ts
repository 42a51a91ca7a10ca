/** Rejects when the promise has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'no answer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Asks the database whether it answers in time, on behalf of any number of waiting requests: one
 * `select 1` at a time, its outcome reused for `timeoutMs` after it settles.
 */
export class DatabaseProbe {
  #inFlight: Promise<boolean> | null = null;
  #settledAt = Number.NEGATIVE_INFINITY;
  #answered = true;

  constructor(
    private readonly ping: () => Promise<void>,
    /** How long the database may take to answer the probe, in ms. */
    readonly timeoutMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when the database answered `select 1` within the timeout. */
  answers(): Promise<boolean> {
    if (this.#inFlight) return this.#inFlight;
    if (this.now() - this.#settledAt < this.timeoutMs) return Promise.resolve(this.#answered);
    this.#inFlight = withTimeout(this.ping(), this.timeoutMs).then(
      () => true,
      () => false,
    );
    return this.#inFlight.then((answered) => {
      this.#answered = answered;
      this.#settledAt = this.now();
      this.#inFlight = null;
      return answered;
    });
  }
}
