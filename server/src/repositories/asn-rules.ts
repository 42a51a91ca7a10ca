import { DEFAULT_ASN_RULES, type AsnRules, type AsnRulesPut, type Site } from '@dockwatch/shared';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/connect';
import { asnRules, carriers, shipments, sites } from '../db/schema';
import { toSite } from './sites';

type RulesRow = typeof asnRules.$inferSelect;

const toRules = (siteId: string, row: RulesRow | undefined): AsnRules =>
  row
    ? { siteId, suppliers: row.suppliers, docks: row.docks, minLeadMinutes: row.minLeadMinutes, maxDaysAhead: row.maxDaysAhead, updatedAt: row.updatedAt.toISOString() }
    : { siteId, ...DEFAULT_ASN_RULES, updatedAt: null };

/** Per site, which suppliers announce their own loads, to which docks, how far ahead. */
export class AsnRuleRepository {
  constructor(private readonly db: Database) {}

  async get(siteId: string, tx: Executor = this.db): Promise<AsnRules> {
    const [row] = await tx.select().from(asnRules).where(eq(asnRules.siteId, siteId));
    return toRules(siteId, row);
  }

  async put(siteId: string, rules: AsnRulesPut, now: Date): Promise<AsnRules> {
    const values = { siteId, ...rules, updatedAt: now };
    const [row] = await this.db.insert(asnRules).values(values).onConflictDoUpdate({ target: asnRules.siteId, set: values }).returning();
    return toRules(siteId, row);
  }

  /** The sites (among `siteIds`; null: any) whose rules name this supplier, with the rules. */
  async sitesFor(supplier: string, siteIds: readonly string[] | null): Promise<{ site: Site; rules: AsnRules }[]> {
    if (siteIds?.length === 0) return [];
    const rows = await this.db
      .select({ site: sites, rules: asnRules })
      .from(asnRules)
      .innerJoin(sites, eq(sites.id, asnRules.siteId))
      .where(and(sql`${asnRules.suppliers} @> ${JSON.stringify([supplier])}::jsonb`, siteIds ? inArray(asnRules.siteId, [...siteIds]) : undefined))
      .orderBy(asc(sites.name), asc(sites.id));
    return rows.map((r) => ({ site: toSite(r.site), rules: toRules(r.site.id, r.rules) }));
  }

  /** The carriers with loads at the site: what a supplier chooses from for its notice. */
  async carriersAt(siteId: string): Promise<{ id: string; name: string }[]> {
    return this.db
      .selectDistinct({ id: carriers.id, name: carriers.name })
      .from(carriers)
      .innerJoin(shipments, eq(shipments.carrierId, carriers.id))
      .where(eq(shipments.siteId, siteId))
      .orderBy(asc(carriers.name), asc(carriers.id));
  }
}
