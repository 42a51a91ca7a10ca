import { boolean, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns';
// Only referenced lazily (foreign keys), so the cycle with schema.ts is harmless.
import { materials, sites } from './schema';

/** What the plant shares of one material with one of its suppliers (no row: nothing, the default). */
export const demandSharing = pgTable(
  'demand_sharing',
  {
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id),
    supplier: text('supplier').notNull(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    /** Stock on hand, days of cover, status and shortage risk. */
    share: boolean('share').notNull(),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.materialId, t.supplier] })],
);

/** The daily quantities (`YYYY-MM-DD` in the site's zone → quantity) a supplier last marked as seen for a material. */
export const supplierDemandSeen = pgTable(
  'supplier_demand_seen',
  {
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id),
    supplier: text('supplier').notNull(),
    days: jsonb('days').$type<Record<string, number>>().notNull(),
    seenAt: tstz('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.materialId, t.supplier] })],
);
