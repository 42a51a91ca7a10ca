/** No transaction slot came free in time: the database is busy (503, retry shortly). */
export class TransactionSlotTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no database connection for a write came free within ${waitedMs} ms`);
    this.name = 'TransactionSlotTimeout';
  }
}

/**
 * A bulkhead in front of the connection pool: at most `limit` write transactions hold a
 * connection at once, so writes stuck on a lock (a locked table) leave connections for reads
 * and health checks. A transaction that waits longer than `waitMs` for a slot fails with
 * TransactionSlotTimeout.
 */
export class TransactionSlots {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    /** Transactions at once. */
    readonly limit: number,
    /** Longest wait for a slot, in ms. */
    readonly waitMs: number,
  ) {}

  async run<T>(transaction: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await transaction();
    } finally {
      this.#release();
    }
  }

  #acquire(): Promise<void> {
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        this.#active++;
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(grant), 1);
        reject(new TransactionSlotTimeout(this.waitMs));
      }, this.waitMs);
      this.#waiting.push(grant);
    });
  }

  #release(): void {
    this.#active--;
    this.#waiting.shift()?.();
  }
}
