import { sql } from 'drizzle-orm';
import type { Executor } from './connect';

/** Keys of the transaction-scoped advisory locks the app takes (any constants, the same on every instance; the tracking sweep, whose round spans many transactions, holds a lease in `sweep_leases` instead). */
export const LOCK_KEYS = { shortageSweep: 0x0d0c_5047 } as const;

/**
 * Takes a transaction-scoped advisory lock if it is free; false when another transaction (on
 * any instance) holds it. Released by commit or rollback.
 */
export async function tryAdvisoryXactLock(tx: Executor, key: number): Promise<boolean> {
  const result = (await tx.execute(sql`select pg_try_advisory_xact_lock(${key}) as locked`)) as unknown;
  // postgres.js answers with the rows; PGlite with {rows}.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { locked: boolean }[];
  return rows[0]?.locked === true;
}
