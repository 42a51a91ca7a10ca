import type { Database } from './connect';
import { isRetryableTransactionError } from './errors';
import type { TransactionSlots } from './transaction-slots';

export interface TransactionRetryOptions {
  /** Runs of the transaction in all, the first included. Default 4. */
  attempts?: number;
  /** Wait before the second run, doubling for each further one, jittered ±50 %, in ms. Default 10. */
  baseDelayMs?: number;
  /** Jitter source for tests. Default `Math.random`. */
  random?: () => number;
}

export interface ResilientTransactionOptions extends TransactionRetryOptions {
  /** Each run takes one of these slots while it holds a connection. Default: no limit. */
  slots?: TransactionSlots;
}

/**
 * Runs a transaction again when PostgreSQL aborted it for a deadlock or a serialization failure:
 * it rolled back whole, so running it again is safe. Any other error, and the last attempt's,
 * goes to the caller (a deadlock left after every attempt answers 503, never 500).
 */
export async function retryTransaction<T>(run: () => Promise<T>, options: TransactionRetryOptions = {}): Promise<T> {
  const { attempts = 4, baseDelayMs = 10, random = Math.random } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      // Jitter, so two transactions that deadlocked on each other do not collide again.
      const waitMs = baseDelayMs * 2 ** (attempt - 1) * (0.5 + random());
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/**
 * The same database whose `transaction()` runs again after a deadlock or serialization failure,
 * each run within a slot when `slots` is given.
 */
export function withResilientTransactions(db: Database, options: ResilientTransactionOptions = {}): Database {
  const { slots, ...retry } = options;
  const resilient = Object.create(db) as Database;
  resilient.transaction = ((fn, config) =>
    retryTransaction(() => (slots ? slots.run(() => db.transaction(fn, config)) : db.transaction(fn, config)), retry)) as Database['transaction'];
  return resilient;
}
