import type { Scope, User } from '@dockwatch/shared';
import { and, asc, eq, gt, isNull, lt, ne, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/connect';
import { sessions, users } from '../db/schema';

export type UserRecord = typeof users.$inferSelect;

export const toUser = (row: UserRecord): User => ({
  id: row.id,
  email: row.email,
  role: row.role,
  carrierId: row.carrierId,
  supplier: row.supplier,
  siteIds: row.siteIds ?? null,
  disabled: row.disabledAt !== null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export interface UserChanges {
  passwordHash?: string;
  scope?: Scope;
  disabled?: boolean;
}

/** Accounts and their browser sessions. */
export class UserRepository {
  constructor(private readonly db: Database) {}

  /** Null when the email is taken. */
  async create(input: { email: string; passwordHash: string } & Scope): Promise<User | null> {
    const [row] = await this.db
      .insert(users)
      .values({ id: randomUUID(), ...input, email: input.email.toLowerCase() })
      .onConflictDoNothing()
      .returning();
    return row ? toUser(row) : null;
  }

  async list(): Promise<User[]> {
    return (await this.db.select().from(users).orderBy(asc(users.email))).map(toUser);
  }

  async get(id: string): Promise<UserRecord | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row ?? null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email.toLowerCase()));
    return row ?? null;
  }

  async update(id: string, changes: UserChanges, now: Date): Promise<UserRecord | null> {
    const [row] = await this.db
      .update(users)
      .set({
        ...(changes.passwordHash ? { passwordHash: changes.passwordHash } : {}),
        ...(changes.scope ?? {}),
        ...(changes.disabled === undefined ? {} : { disabledAt: changes.disabled ? now : null }),
        updatedAt: now,
      })
      .where(eq(users.id, id))
      .returning();
    return row ?? null;
  }

  async createSession(userId: string, tokenHash: string, expiresAt: Date): Promise<string> {
    const id = randomUUID();
    await this.db.insert(sessions).values({ id, userId, tokenHash, expiresAt });
    return id;
  }

  /** The live session and its enabled user for a cookie's hash, or null. */
  async findSession(tokenHash: string, now: Date): Promise<{ sessionId: string; user: UserRecord } | null> {
    const [row] = await this.db
      .select({ sessionId: sessions.id, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), isNull(users.disabledAt)));
    return row ?? null;
  }

  /** Deletes sessions that expired or were ended before `before`; answers how many. */
  async purgeEndedSessions(before: Date): Promise<number> {
    const rows = await this.db
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, before), lt(sessions.revokedAt, before)))
      .returning({ id: sessions.id });
    return rows.length;
  }

  async revokeSession(id: string, now: Date): Promise<void> {
    await this.db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
  }

  /** Ends every session of a user but one (the one changing the password keeps working); answers the ids it ended. */
  async revokeSessionsOf(userId: string, now: Date, keep: string | null = null): Promise<string[]> {
    const rows = await this.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep === null ? undefined : ne(sessions.id, keep)))
      .returning({ id: sessions.id });
    return rows.map((r) => r.id);
  }
}
