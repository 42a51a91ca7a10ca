import type { AuditEntry, AuditQuery } from '@dockwatch/shared';
import { and, desc, eq, gte, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../db/connect';
import { auditLog } from '../db/schema';

export interface NewAuditEntry {
  actor: string;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  outcome: 'allowed' | 'denied';
  ip?: string | null;
  details?: Record<string, unknown> | null;
}

const toEntry = (row: typeof auditLog.$inferSelect): AuditEntry => ({
  id: row.id,
  at: row.at.toISOString(),
  actor: row.actor,
  action: row.action,
  resourceType: row.resourceType,
  resourceId: row.resourceId,
  outcome: row.outcome,
  ip: row.ip,
  details: row.details ?? null,
});

/** The append-only record of who did what. */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async record(entry: NewAuditEntry, at: Date, tx: Executor = this.db): Promise<void> {
    await tx.insert(auditLog).values({
      at,
      actor: entry.actor,
      action: entry.action,
      resourceType: entry.resourceType ?? null,
      resourceId: entry.resourceId ?? null,
      outcome: entry.outcome,
      ip: entry.ip ?? null,
      details: entry.details ?? null,
    });
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const conditions: SQL[] = [];
    if (query.actor) conditions.push(eq(auditLog.actor, query.actor));
    if (query.action) conditions.push(eq(auditLog.action, query.action));
    if (query.outcome) conditions.push(eq(auditLog.outcome, query.outcome));
    if (query.resourceId) conditions.push(eq(auditLog.resourceId, query.resourceId));
    if (query.since) conditions.push(gte(auditLog.at, new Date(query.since)));
    const rows = await this.db
      .select()
      .from(auditLog)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(query.limit ?? 100);
    return rows.map(toEntry);
  }
}
