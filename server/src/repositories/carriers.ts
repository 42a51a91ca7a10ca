import type { Carrier, Device, DeviceProtocol } from '@dockwatch/shared';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import { carriers, devices } from '../db/schema';

export type DeviceRecord = typeof devices.$inferSelect;

/** What a report changes on its device's row (see `touchDevice`). */
export const deviceTouch = (at: Date, report: DeviceReportInfo): Partial<typeof devices.$inferInsert> => ({
  lastSeenAt: at,
  ...(report.protocol ? { protocol: report.protocol } : {}),
  ...(report.battery?.level != null ? { batteryLevel: report.battery.level } : {}),
  ...(report.battery?.charging != null ? { batteryCharging: report.battery.charging } : {}),
  ...(report.fix ? { lastFixAt: at } : {}),
  ...(report.heartbeat ? { lastHeartbeatAt: at } : {}),
});

/** The device row a report may touch: not revoked and, given `tokenHash`, not rotated. */
export const touchableDevice = (deviceId: string, tokenHash?: string) =>
  and(eq(devices.id, deviceId), isNull(devices.revokedAt), tokenHash === undefined ? undefined : eq(devices.tokenHash, tokenHash));

/** Battery as a device reported it: percent, and charging when it said. */
export interface BatteryReading {
  level: number | null;
  charging: boolean | null;
}

export interface DeviceReportInfo {
  protocol?: DeviceProtocol;
  battery?: BatteryReading | null;
  /** The report carried a position that passed the filters. Default false. */
  fix?: boolean;
  /** The report carried no position at all (heartbeat, cell / Wi-Fi only). Default false. */
  heartbeat?: boolean;
}

const toCarrier = (row: typeof carriers.$inferSelect): Carrier => ({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString() });

export const toDevice = (row: DeviceRecord): Device => ({
  id: row.id,
  carrierId: row.carrierId,
  name: row.name,
  lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  protocol: row.protocol as DeviceProtocol | null,
  batteryLevel: row.batteryLevel,
  batteryCharging: row.batteryCharging,
  lastFixAt: row.lastFixAt?.toISOString() ?? null,
  lastHeartbeatAt: row.lastHeartbeatAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** Carriers and the devices they own. */
export class CarrierRepository {
  constructor(private readonly db: Database) {}

  async create(name: string): Promise<Carrier> {
    const [row] = await this.db.insert(carriers).values({ id: randomUUID(), name }).returning();
    return toCarrier(row!);
  }

  /** Every carrier, or only the one a carrier-bound caller belongs to. */
  async list(onlyId: string | null = null): Promise<Carrier[]> {
    const rows = await this.db
      .select()
      .from(carriers)
      .where(onlyId === null ? undefined : eq(carriers.id, onlyId))
      .orderBy(asc(carriers.name), asc(carriers.id));
    return rows.map(toCarrier);
  }

  async get(id: string, tx: Executor = this.db): Promise<Carrier | null> {
    const [row] = await tx.select().from(carriers).where(eq(carriers.id, id));
    return row ? toCarrier(row) : null;
  }

  async createDevice(carrierId: string, name: string, tokenHash: string): Promise<Device> {
    const [row] = await this.db.insert(devices).values({ id: randomUUID(), carrierId, name, tokenHash }).returning();
    return toDevice(row!);
  }

  async listDevices(carrierId: string): Promise<Device[]> {
    const rows = await this.db.select().from(devices).where(eq(devices.carrierId, carrierId)).orderBy(asc(devices.createdAt), asc(devices.id));
    return rows.map(toDevice);
  }

  async getDevice(id: string, tx: Executor = this.db): Promise<DeviceRecord | null> {
    const [row] = await tx.select().from(devices).where(eq(devices.id, id));
    return row ?? null;
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const [row] = await this.db.select().from(devices).where(eq(devices.tokenHash, tokenHash));
    return row ?? null;
  }

  /** Revokes a device's token; returns null when the device does not belong to the carrier. */
  async revokeDevice(carrierId: string, deviceId: string, at: Date): Promise<Device | null> {
    const [row] = await this.db
      .update(devices)
      .set({ revokedAt: at })
      .where(and(eq(devices.id, deviceId), eq(devices.carrierId, carrierId), isNull(devices.revokedAt)))
      .returning();
    if (row) return toDevice(row);
    const existing = await this.getDevice(deviceId);
    return existing && existing.carrierId === carrierId ? toDevice(existing) : null;
  }

  /** Replaces a live device's token; the old one stops working with this commit. Null when not the carrier's or revoked. */
  async rotateToken(carrierId: string, deviceId: string, tokenHash: string): Promise<Device | null> {
    const [row] = await this.db
      .update(devices)
      .set({ tokenHash })
      .where(and(eq(devices.id, deviceId), eq(devices.carrierId, carrierId), isNull(devices.revokedAt)))
      .returning();
    return row ? toDevice(row) : null;
  }

  /**
   * Last seen, and what the device told about itself (protocol, battery, whether it had a position)
   * when it did. False, touching nothing, when the device was revoked meanwhile or, given
   * `tokenHash`, its token was rotated: the row lock orders this against the revoke, so a report
   * authenticated from a cache is refused at commit however stale the cache.
   */
  async touchDevice(tx: Executor, deviceId: string, at: Date, report: DeviceReportInfo = {}, tokenHash?: string): Promise<boolean> {
    const rows = await tx.update(devices).set(deviceTouch(at, report)).where(touchableDevice(deviceId, tokenHash)).returning({ id: devices.id });
    return rows.length > 0;
  }
}
