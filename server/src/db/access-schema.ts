import type { Role } from '@dockwatch/shared';
import { bigint, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tstz } from './columns';
// Only referenced lazily (foreign keys), so the cycle with schema.ts is harmless.
import { carriers } from './schema';

/** People who sign in with email and password. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    /** Stored lower-cased: one account per address however it is typed. */
    email: text('email').notNull(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<Role>().notNull(),
    carrierId: uuid('carrier_id').references(() => carriers.id),
    supplier: text('supplier'),
    /** Sites the account may see; null means every site (admin, planner, viewer). */
    siteIds: jsonb('site_ids').$type<string[] | null>(),
    disabledAt: tstz('disabled_at'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

/** Browser sessions behind the session cookie. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the cookie value (256-bit random). */
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

/** Named bearer tokens for integrations and wall screens, bound to a role and its scope. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    carrierId: uuid('carrier_id').references(() => carriers.id),
    supplier: text('supplier'),
    siteIds: jsonb('site_ids').$type<string[] | null>(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at'),
    revokedAt: tstz('revoked_at'),
    lastUsedAt: tstz('last_used_at'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash)],
);

/** Who did what, including refused attempts. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    at: tstz('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    outcome: text('outcome').$type<'allowed' | 'denied'>().notNull(),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  // Partitioned by at.
  (t) => [primaryKey({ name: 'audit_log_pkey', columns: [t.id, t.at] }), index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actor, t.at)],
);
