import type { Fix, FilterableFix, FixRejectReason, LastRejected, RejectedCounts, RejectedFix } from '@dockwatch/shared';
import { and, count, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Database, Executor } from '../db/connect';
import { pings, rejectedPings } from '../db/schema';

export interface StoredFix extends Fix {
  accuracy: number | null;
  /** What else the device sent with the fix (altitude, odometer, unknown keys). */
  attributes?: Record<string, unknown> | null;
  /** False when the device marked the fix as taken without a GPS lock; such a fix is only kept as rejected. */
  valid?: boolean;
}

/** Postgres allows 65,535 bind parameters per statement; 9 per row leaves room for 7,000 rows. */
const INSERT_CHUNK = 2_000;

const finiteOrNull = (n: number | null) => (n !== null && Number.isFinite(n) ? n : null);

export class PingRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores fixes for a device, skipping any (device, ts) already stored. Returns the fixes
   * that were new, oldest first.
   */
  async insertNew(tx: Executor, deviceId: string, fixes: readonly StoredFix[], receivedAt: Date): Promise<Fix[]> {
    const inserted: Fix[] = [];
    // In time order whatever order the batch came in: two copies of one batch sent in opposite
    // orders would otherwise each hold a key the other waits for (a deadlock).
    const ordered = [...fixes].sort((a, b) => a.ts - b.ts);
    for (let i = 0; i < ordered.length; i += INSERT_CHUNK) {
      const chunk = ordered.slice(i, i + INSERT_CHUNK);
      if (chunk.length === 0) continue;
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
            attributes: f.attributes ?? null,
            receivedAt,
          })),
        )
        .onConflictDoNothing({ target: [pings.deviceId, pings.ts] })
        .returning({ ts: pings.ts, lat: pings.lat, lon: pings.lon, speed: pings.speed, heading: pings.heading, accuracy: pings.accuracy });
      for (const r of rows) inserted.push({ ts: r.ts.getTime(), lat: r.lat, lon: r.lon, speed: r.speed, heading: r.heading, accuracy: r.accuracy });
    }
    return inserted;
  }

  /** The device's latest stored fix before `ts`: what the jump filter measures from. */
  async latestBefore(tx: Executor, deviceId: string, ts: number): Promise<FilterableFix | null> {
    const [row] = await tx
      .select({ ts: pings.ts, lat: pings.lat, lon: pings.lon, accuracy: pings.accuracy })
      .from(pings)
      .where(and(eq(pings.deviceId, deviceId), lt(pings.ts, new Date(ts))))
      .orderBy(desc(pings.ts))
      .limit(1);
    return row ? { ...row, ts: row.ts.getTime() } : null;
  }

  async insertRejected(tx: Executor, deviceId: string, rejected: readonly { fix: FilterableFix; reason: FixRejectReason }[], receivedAt: Date): Promise<void> {
    for (let i = 0; i < rejected.length; i += INSERT_CHUNK) {
      const chunk = rejected.slice(i, i + INSERT_CHUNK);
      await tx.insert(rejectedPings).values(
        chunk.map(({ fix, reason }) => ({
          deviceId,
          ts: new Date(Number.isFinite(fix.ts) ? fix.ts : receivedAt.getTime()),
          lat: finiteOrNull(fix.lat),
          lon: finiteOrNull(fix.lon),
          accuracy: finiteOrNull(fix.accuracy),
          reason,
          receivedAt,
        })),
      );
    }
  }

  /** Rejected-fix counts per device and reason. */
  async rejectedCounts(deviceIds: readonly string[]): Promise<Map<string, RejectedCounts>> {
    const counts = new Map<string, RejectedCounts>();
    if (deviceIds.length === 0) return counts;
    const rows = await this.db
      .select({ deviceId: rejectedPings.deviceId, reason: rejectedPings.reason, n: count() })
      .from(rejectedPings)
      .where(inArray(rejectedPings.deviceId, [...deviceIds]))
      .groupBy(rejectedPings.deviceId, rejectedPings.reason);
    for (const r of rows) counts.set(r.deviceId, { ...(counts.get(r.deviceId) ?? {}), [r.reason]: Number(r.n) });
    return counts;
  }

  /** Each device's most recently rejected fix (reason and when it arrived); devices with none are absent. */
  async latestRejected(deviceIds: readonly string[]): Promise<Map<string, LastRejected>> {
    const latest = new Map<string, LastRejected>();
    if (deviceIds.length === 0) return latest;
    // One indexed lookup per device (device_id, received_at) rather than a scan of all its rejections.
    const rows = await this.db
      .selectDistinctOn([rejectedPings.deviceId], { deviceId: rejectedPings.deviceId, reason: rejectedPings.reason, receivedAt: rejectedPings.receivedAt })
      .from(rejectedPings)
      .where(inArray(rejectedPings.deviceId, [...deviceIds]))
      .orderBy(rejectedPings.deviceId, desc(rejectedPings.receivedAt), desc(rejectedPings.id));
    for (const r of rows) latest.set(r.deviceId, { reason: r.reason, receivedAt: r.receivedAt.toISOString() });
    return latest;
  }

  /** A device's most recently rejected fixes, newest first. */
  async listRejected(deviceId: string, limit: number): Promise<RejectedFix[]> {
    const rows = await this.db
      .select()
      .from(rejectedPings)
      .where(eq(rejectedPings.deviceId, deviceId))
      .orderBy(desc(rejectedPings.receivedAt), desc(rejectedPings.id))
      .limit(limit);
    return rows.map((r) => ({
      ts: r.ts.toISOString(),
      lat: r.lat,
      lon: r.lon,
      accuracy: r.accuracy,
      reason: r.reason,
      receivedAt: r.receivedAt.toISOString(),
    }));
  }
}
