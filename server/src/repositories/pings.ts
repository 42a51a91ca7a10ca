import type { Fix, FilterableFix, FixRejectReason, LastRejected, RejectedCounts, RejectedFix } from '@dockwatch/shared';
import { and, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/connect';
import { devices, pings, rejectedPings } from '../db/schema';
import { deviceTouch, touchableDevice, type DeviceReportInfo } from './carriers';

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
      const rows = await this.#insert(tx, deviceId, chunk, receivedAt).returning({ ts: pings.ts, lat: pings.lat, lon: pings.lon, speed: pings.speed, heading: pings.heading, accuracy: pings.accuracy });
      for (const r of rows) inserted.push({ ts: r.ts.getTime(), lat: r.lat, lon: r.lon, speed: r.speed, heading: r.heading, accuracy: r.accuracy });
    }
    return inserted;
  }

  /**
   * `insertNew` and the device's `touchDevice` in one statement (one round trip instead of two),
   * for reports of up to `INSERT_CHUNK` fixes (longer ones: call the two). Null when the device
   * was revoked or its token rotated meanwhile: the fixes went in with the statement, so the
   * caller must fail the transaction (or savepoint) it runs in.
   */
  async insertNewTouchingDevice(tx: Executor, deviceId: string, fixes: readonly StoredFix[], receivedAt: Date, report: DeviceReportInfo, tokenHash?: string): Promise<Fix[] | null> {
    if (fixes.length === 0 || fixes.length > INSERT_CHUNK) throw new RangeError(`insertNewTouchingDevice takes 1 to ${INSERT_CHUNK} fixes`);
    const ordered = [...fixes].sort((a, b) => a.ts - b.ts);
    const insert = this.#insert(tx, deviceId, ordered, receivedAt).returning({ ts: pings.ts, lat: pings.lat, lon: pings.lon, speed: pings.speed, heading: pings.heading, accuracy: pings.accuracy });
    // A data-modifying CTE runs whether or not the update matches; the stored fixes come back as
    // JSON text (epoch ms), which reads the same from postgres.js and PGlite.
    const stored = sql`(select coalesce(json_agg(json_build_object('ts', round(extract(epoch from ins.ts) * 1000)::float8, 'lat', ins.lat, 'lon', ins.lon, 'speed', ins.speed, 'heading', ins.heading, 'accuracy', ins.accuracy) order by ins.ts), '[]')::text from ins)`;
    const update = tx.update(devices).set(deviceTouch(receivedAt, report)).where(touchableDevice(deviceId, tokenHash)).returning({ stored: sql<string>`${stored}`.as('stored') });
    const result = (await tx.execute(sql`with ins as (${insert.getSQL()}) ${update.getSQL()}`)) as unknown;
    const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { stored: string }[];
    return row ? (JSON.parse(row.stored) as Fix[]) : null;
  }

  #insert(tx: Executor, deviceId: string, fixes: readonly StoredFix[], receivedAt: Date) {
    return tx
      .insert(pings)
      .values(
        fixes.map((f) => ({
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
      .onConflictDoNothing({ target: [pings.deviceId, pings.ts] });
  }

  /** Most fixes `insertNewTouchingDevice` takes. */
  static readonly MAX_TOUCHING_FIXES = INSERT_CHUNK;

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
