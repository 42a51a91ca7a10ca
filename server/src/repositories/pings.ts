import type { Fix } from '@dockwatch/shared';
import type { Executor } from '../db/connect';
import { pings } from '../db/schema';

export interface StoredFix extends Fix {
  accuracy: number | null;
}

/** Postgres allows 65,535 bind parameters per statement; 8 per row leaves room for 8,000 rows. */
const INSERT_CHUNK = 2_000;

export class PingRepository {
  /**
   * Stores fixes for a device, skipping any (device, ts) already stored. Returns the fixes
   * that were new.
   */
  async insertNew(tx: Executor, deviceId: string, fixes: readonly StoredFix[], receivedAt: Date): Promise<Fix[]> {
    const inserted: Fix[] = [];
    for (let i = 0; i < fixes.length; i += INSERT_CHUNK) {
      const chunk = fixes.slice(i, i + INSERT_CHUNK);
      const rows = await tx
        .insert(pings)
        .values(
          chunk.map((f) => ({
            deviceId,
            ts: new Date(f.ts),
            lat: f.lat,
            lon: f.lon,
            speed: f.speed,
            heading: f.heading,
            accuracy: f.accuracy,
            receivedAt,
          })),
        )
        .onConflictDoNothing({ target: [pings.deviceId, pings.ts] })
        .returning({ ts: pings.ts, lat: pings.lat, lon: pings.lon, speed: pings.speed, heading: pings.heading });
      for (const r of rows) inserted.push({ ts: r.ts.getTime(), lat: r.lat, lon: r.lon, speed: r.speed, heading: r.heading });
    }
    return inserted;
  }
}
