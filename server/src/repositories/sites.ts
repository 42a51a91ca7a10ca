import { SITE_LANE, type ArrivalProfile, type Site, type SiteCreate } from '@dockwatch/shared';
import { and, asc, eq, exists, inArray, sql, type SQL } from 'drizzle-orm';
import type { ListScope } from '../access/policy';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import { shipments, siteArrivalProfiles, sites } from '../db/schema';

type SiteRow = typeof sites.$inferSelect;

export const toSite = (row: SiteRow): Site => ({
  id: row.id,
  name: row.name,
  lat: row.lat,
  lon: row.lon,
  timezone: row.timezone,
  geofenceRadiusM: row.geofenceRadiusM,
  roadFactor: row.roadFactor,
  docks: row.docks,
  createdAt: row.createdAt.toISOString(),
});

export class SiteRepository {
  constructor(private readonly db: Database) {}

  async create(input: Required<Omit<SiteCreate, 'docks'>> & { docks: string[] }): Promise<Site> {
    const [row] = await this.db
      .insert(sites)
      .values({ id: randomUUID(), ...input })
      .returning();
    return toSite(row!);
  }

  /** Sites in the caller's scope; partners see the sites their shipments go to. */
  async list(scope: ListScope | null = null): Promise<Site[]> {
    const conditions: SQL[] = [];
    if (scope?.siteIds) conditions.push(scope.siteIds.length > 0 ? inArray(sites.id, scope.siteIds) : sql`false`);
    if (scope?.partner) {
      const own = scope.carrierId !== null ? eq(shipments.carrierId, scope.carrierId) : eq(shipments.supplier, scope.supplier ?? '');
      conditions.push(exists(this.db.select({ one: sql`1` }).from(shipments).where(and(eq(shipments.siteId, sites.id), own))));
    }
    const rows = await this.db
      .select()
      .from(sites)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(asc(sites.name), asc(sites.id));
    return rows.map(toSite);
  }

  async get(id: string, tx: Executor = this.db): Promise<Site | null> {
    const [row] = await tx.select().from(sites).where(eq(sites.id, id));
    return row ? toSite(row) : null;
  }

  /** What the site's completed arrivals taught the ETA as a whole, or null before the first. */
  async learnedProfile(siteId: string, tx: Executor = this.db): Promise<ArrivalProfile | null> {
    return (await this.learnedProfiles(siteId, tx)).get(SITE_LANE) ?? null;
  }

  /** Every profile the site's arrivals taught, by lane key (see `laneKeys`): the site, its origin areas, its carriers' lanes. */
  async learnedProfiles(siteId: string, tx: Executor = this.db): Promise<Map<string, ArrivalProfile>> {
    const rows = await tx.select().from(siteArrivalProfiles).where(eq(siteArrivalProfiles.siteId, siteId));
    return new Map(rows.map((row) => [row.lane, { roadFactor: row.roadFactor, pace: row.pace, samples: row.samples }]));
  }

  async saveLearnedProfiles(tx: Executor, siteId: string, profiles: ReadonlyMap<string, ArrivalProfile>, now: Date): Promise<void> {
    if (profiles.size === 0) return;
    const values = [...profiles].map(([lane, p]) => ({ siteId, lane, roadFactor: p.roadFactor, pace: p.pace, samples: p.samples, updatedAt: now }));
    await tx
      .insert(siteArrivalProfiles)
      .values(values)
      .onConflictDoUpdate({
        target: [siteArrivalProfiles.siteId, siteArrivalProfiles.lane],
        set: { roadFactor: sql`excluded.road_factor`, pace: sql`excluded.pace`, samples: sql`excluded.samples`, updatedAt: sql`excluded.updated_at` },
      });
  }
}
