import type { Site, SiteCreate } from '@dockwatch/shared';
import { asc, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import { sites } from '../db/schema';

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

  async list(): Promise<Site[]> {
    const rows = await this.db.select().from(sites).orderBy(asc(sites.name), asc(sites.id));
    return rows.map(toSite);
  }

  async get(id: string, tx: Executor = this.db): Promise<Site | null> {
    const [row] = await tx.select().from(sites).where(eq(sites.id, id));
    return row ? toSite(row) : null;
  }
}
