import type { ApiToken, Scope } from '@dockwatch/shared';
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/connect';
import { apiTokens } from '../db/schema';

export type ApiTokenRecord = typeof apiTokens.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toApiToken = (row: ApiTokenRecord): ApiToken => ({
  id: row.id,
  name: row.name,
  role: row.role,
  carrierId: row.carrierId,
  supplier: row.supplier,
  siteIds: row.siteIds ?? null,
  expiresAt: iso(row.expiresAt),
  revokedAt: iso(row.revokedAt),
  lastUsedAt: iso(row.lastUsedAt),
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

/** Last-used times are written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Named API tokens (integrations, wall screens); only their SHA-256 is stored. */
export class ApiTokenRepository {
  constructor(private readonly db: Database) {}

  async create(input: Scope & { name: string; tokenHash: string; expiresAt: Date | null; createdBy: string }): Promise<ApiToken> {
    const [row] = await this.db.insert(apiTokens).values({ id: randomUUID(), ...input }).returning();
    return toApiToken(row!);
  }

  async list(): Promise<ApiToken[]> {
    return (await this.db.select().from(apiTokens).orderBy(asc(apiTokens.createdAt), asc(apiTokens.id))).map(toApiToken);
  }

  /** The token if it is neither revoked nor expired; records its use. */
  async findUsable(tokenHash: string, now: Date): Promise<ApiTokenRecord | null> {
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
    if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
    if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
      await this.db
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
    }
    return row;
  }

  /** Revokes once; answers the token either way, or null when there is none. */
  async revoke(id: string, now: Date): Promise<ApiToken | null> {
    const [row] = await this.db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning();
    if (row) return toApiToken(row);
    const [existing] = await this.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    return existing ? toApiToken(existing) : null;
  }
}
