import { and, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/connect';
import { sweepLeases } from '../db/schema';

/**
 * A named lease in database time: whoever holds it runs the round, the others skip it. Claimed
 * only when free or lapsed (a holder that died), renewed as the round goes on, released at its end.
 */
export class SweepLeaseRepository {
  constructor(private readonly db: Database) {}

  /** True when `holder` now holds the lease for `ttlMs`. */
  async claim(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const until = sql`now() + ${ttlMs} * interval '1 millisecond'`;
    const rows = await this.db
      .insert(sweepLeases)
      .values({ name, holder, until })
      .onConflictDoUpdate({ target: sweepLeases.name, set: { holder, until }, setWhere: sql`${sweepLeases.until} < now()` })
      .returning({ holder: sweepLeases.holder });
    return rows.length > 0;
  }

  /** Extends the lease; false when `holder` lost it (it lapsed and another took it). */
  async renew(tx: Executor, name: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows = await tx
      .update(sweepLeases)
      .set({ until: sql`now() + ${ttlMs} * interval '1 millisecond'` })
      .where(and(eq(sweepLeases.name, name), eq(sweepLeases.holder, holder)))
      .returning({ holder: sweepLeases.holder });
    return rows.length > 0;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.delete(sweepLeases).where(and(eq(sweepLeases.name, name), eq(sweepLeases.holder, holder)));
  }
}
