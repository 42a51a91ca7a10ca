import { sql } from 'drizzle-orm';
import type { Database } from '../db/connect';

export type PartitionInterval = 'day' | 'month';

/** A history table partitioned by range of one timestamp column (see migrations/0013_ingest_partitioned_history.sql). */
export interface PartitionedTable {
  table: string;
  key: string;
  interval: PartitionInterval;
}

/** Every partitioned table, with the column it is partitioned by and its partitions' span. */
export const HISTORY_TABLES = {
  pings: { table: 'pings', key: 'ts', interval: 'day' },
  rejectedPings: { table: 'rejected_pings', key: 'received_at', interval: 'day' },
  etaHistory: { table: 'eta_history', key: 'at', interval: 'month' },
  webhookAttempts: { table: 'webhook_attempts', key: 'at', interval: 'month' },
  auditLog: { table: 'audit_log', key: 'at', interval: 'month' },
} as const satisfies Record<string, PartitionedTable>;

/** The start (UTC) of the day or month that holds `ms`. */
export function partitionStart(interval: PartitionInterval, ms: number): Date {
  const d = new Date(ms);
  return interval === 'day' ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) : new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** The start of the next partition after the one starting at `start`. */
export function nextPartitionStart(interval: PartitionInterval, start: Date): Date {
  return interval === 'day' ? new Date(start.getTime() + 86_400_000) : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** `pings_p20261202`, `audit_log_p202612`: the name says the range. */
export function partitionName(t: PartitionedTable, start: Date): string {
  const iso = start.toISOString();
  return `${t.table}_p${iso.slice(0, 4)}${iso.slice(5, 7)}${t.interval === 'day' ? iso.slice(8, 10) : ''}`;
}

/** The range a partition's name stands for, or null for the default partition and strangers. */
export function partitionRange(t: PartitionedTable, name: string): { from: Date; to: Date } | null {
  const match = new RegExp(`^${t.table}_p(\\d{4})(\\d{2})(\\d{2})?$`).exec(name);
  if (!match) return null;
  const from = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, match[3] ? Number(match[3]) : 1));
  return { from, to: nextPartitionStart(t.interval, from) };
}

/** Any constant; the same on every instance, so two never create one partition at once. */
const MAINTENANCE_LOCK = 0x0d0c_9a27;

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/**
 * Creates and drops the partitions of the history tables. Names and bounds are built here from
 * dates, never from input, so the DDL (which takes no bind parameters) is assembled as text.
 */
export class PartitionRepository {
  constructor(private readonly db: Database) {}

  /** Partition names of a table (the default one included). */
  async list(t: PartitionedTable): Promise<string[]> {
    const rows = rowsOf<{ name: string }>(
      await this.db.execute(sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = ${t.table} order by 1`),
    );
    return rows.map((r) => r.name);
  }

  /**
   * Makes sure partitions cover `[fromMs, toMs)`. Rows the default partition holds for a new
   * partition's range are moved into it in the same transaction. Answers the partitions created.
   */
  async ensure(t: PartitionedTable, fromMs: number, toMs: number): Promise<string[]> {
    const existing = new Set(await this.list(t));
    const created: string[] = [];
    for (let start = partitionStart(t.interval, fromMs); start.getTime() < toMs; start = nextPartitionStart(t.interval, start)) {
      const name = partitionName(t, start);
      if (existing.has(name)) continue;
      const from = start.toISOString();
      const to = nextPartitionStart(t.interval, start).toISOString();
      const made = await this.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${MAINTENANCE_LOCK})`);
        const [found] = rowsOf<{ found: boolean }>(await tx.execute(sql`select to_regclass(${name}) is not null as found`));
        if (found?.found) return false;
        await tx.execute(sql.raw(`create table "${name}" (like "${t.table}" including defaults)`));
        await tx.execute(
          sql.raw(`with moved as (delete from "${t.table}_default" where "${t.key}" >= '${from}' and "${t.key}" < '${to}' returning *) insert into "${name}" select * from moved`),
        );
        await tx.execute(sql.raw(`alter table "${t.table}" attach partition "${name}" for values from ('${from}') to ('${to}')`));
        return true;
      });
      if (made) created.push(name);
    }
    return created;
  }

  /**
   * Drops the partitions wholly before `cutoffMs` (whole files, no row deletes) and deletes the
   * few rows older than it that live in the default partition. Answers the partitions dropped.
   */
  async dropBefore(t: PartitionedTable, cutoffMs: number): Promise<string[]> {
    const dropped: string[] = [];
    for (const name of await this.list(t)) {
      const range = partitionRange(t, name);
      if (range === null || range.to.getTime() > cutoffMs) continue;
      await this.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${MAINTENANCE_LOCK})`);
        await tx.execute(sql.raw(`drop table if exists "${name}"`));
      });
      dropped.push(name);
    }
    await this.db.execute(sql.raw(`delete from "${t.table}_default" where "${t.key}" < '${new Date(cutoffMs).toISOString()}'`));
    return dropped;
  }
}
