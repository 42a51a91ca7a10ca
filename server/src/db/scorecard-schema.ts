import type { LoadFacts, LoyaltyConfig, Tally, TierReason } from '@dockwatch/shared';
import { bigint, date, index, integer, doublePrecision, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns';
// Only referenced lazily (foreign keys), so the cycle with schema.ts is harmless.
import { shipments, sites } from './schema';

export type PartnerKind = 'carrier' | 'supplier';

/** What each arrived (or excepted) load showed about its partners: rewritten as its facts arrive. */
export const scorecardLoads = pgTable(
  'scorecard_loads',
  {
    shipmentId: uuid('shipment_id')
      .primaryKey()
      .references(() => shipments.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    carrierId: uuid('carrier_id').notNull(),
    supplier: text('supplier').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    facts: jsonb('facts').$type<LoadFacts>().notNull(),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [index('scorecard_loads_carrier_idx').on(t.carrierId, t.day), index('scorecard_loads_supplier_idx').on(t.supplier, t.day), index('scorecard_loads_site_day_idx').on(t.siteId, t.day)],
);

/**
 * The rollup: one tally per site, partner and day, recomputed from that day's loads whenever one
 * of them changes, so a scorecard reads at most 90 rows per partner instead of its history.
 */
export const scorecardDays = pgTable(
  'scorecard_days',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    partnerKind: text('partner_kind').$type<PartnerKind>().notNull(),
    /** Carrier id, or the supplier's name. */
    partnerKey: text('partner_key').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    loads: integer('loads').notNull(),
    tally: jsonb('tally').$type<Tally>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.partnerKind, t.partnerKey, t.day] }), index('scorecard_days_partner_idx').on(t.partnerKind, t.partnerKey, t.day)],
);

/** A site's loyalty programme (a site without a row uses the defaults). */
export const loyaltyProgrammes = pgTable('loyalty_programmes', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id),
  config: jsonb('config').$type<LoyaltyConfig>().notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

/** Each partner's tier at a site, as the hysteresis last left it. */
export const partnerTiers = pgTable(
  'partner_tiers',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    partnerKind: text('partner_kind').$type<PartnerKind>().notNull(),
    partnerKey: text('partner_key').notNull(),
    tier: text('tier'),
    score: doublePrecision('score'),
    since: tstz('since').notNull(),
    reason: text('reason').notNull(),
    /** `reason` as figures, worded by each screen in its language; null on rows from before it. */
    reasonDetail: jsonb('reason_detail').$type<TierReason>(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.partnerKind, t.partnerKey] })],
);

/** Every tier change, with its reason: what the partner is shown and the webhook announced. */
export const partnerTierChanges = pgTable(
  'partner_tier_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    partnerKind: text('partner_kind').$type<PartnerKind>().notNull(),
    partnerKey: text('partner_key').notNull(),
    fromTier: text('from_tier'),
    toTier: text('to_tier'),
    score: doublePrecision('score').notNull(),
    reason: text('reason').notNull(),
    reasonDetail: jsonb('reason_detail').$type<TierReason>(),
    at: tstz('at').notNull(),
  },
  (t) => [index('partner_tier_changes_partner_idx').on(t.partnerKind, t.partnerKey, t.at)],
);

/**
 * Rollup rows to recompute from their loads: written where loads moved to another day outside
 * the scorecard code (the migration that counts loads by the site's local day instead of the UTC
 * day), drained a page at a time by the sweep and at start.
 */
export const scorecardStaleDays = pgTable(
  'scorecard_stale_days',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    partnerKind: text('partner_kind').$type<PartnerKind>().notNull(),
    partnerKey: text('partner_key').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.partnerKind, t.partnerKey, t.day] })],
);
