import type { DeviceProtocol, FixRejectReason } from '@dockwatch/shared';
import type { BatteryReading } from '../repositories/carriers';
import type { StoredFix } from '../repositories/pings';

/** What one request from a tracker app said, in our units (epoch ms, m/s, metres, percent). */
export interface DeviceReport {
  protocol: DeviceProtocol;
  /** The device token as the app passed it, or null when the request carried none. */
  token: string | null;
  fixes: StoredFix[];
  battery: BatteryReading | null;
  /** The report carried no position at all: a heartbeat, or a cell / Wi-Fi only report. */
  heartbeat: boolean;
  /** Messages that cannot be read (encrypted), kept as rejected so an admin sees why nothing moves. */
  unreadable: readonly { reason: FixRejectReason; ts: number }[];
}

/** What a report carries besides its fixes, when it carries nothing else. */
export const NOTHING_ELSE = { heartbeat: false, unreadable: [] } as const satisfies Pick<DeviceReport, 'heartbeat' | 'unreadable'>;

/** A request the app sent that cannot be read; becomes a 400 at the route. */
export class ProtocolError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export const KNOTS_TO_MPS = 1852 / 3600;
export const KMH_TO_MPS = 1 / 3.6;

/** Epoch values below this are seconds, at or above it milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const EPOCH_MS_THRESHOLD = 1e11;

const epochToMs = (n: number) => Math.round(n < EPOCH_MS_THRESHOLD ? n * 1000 : n);

/**
 * A device time: epoch seconds or milliseconds (number or digits), or ISO-8601 (a date-time
 * without a zone is UTC, as Traccar reads it). Missing means the request's arrival time.
 */
export function parseDeviceTime(value: unknown, now: number, field = 'timestamp'): number {
  if (value === undefined || value === null || value === '') return now;
  if (typeof value === 'number' && Number.isFinite(value)) return epochToMs(value);
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return epochToMs(Number(text));
    const zoneless = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
    const ms = Date.parse(zoneless ? `${text.replace(' ', 'T')}Z` : text);
    if (Number.isFinite(ms)) return ms;
  }
  throw new ProtocolError(`${field} is not an epoch time or ISO-8601 date-time: ${JSON.stringify(value)}`, field);
}

/** A number from JSON or a query string; undefined and '' are absent, anything else unreadable is an error. */
export function readNumber(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n)) throw new ProtocolError(`${field} is not a number: ${JSON.stringify(value)}`, field);
  return n;
}

export function requireNumber(value: unknown, field: string): number {
  const n = readNumber(value, field);
  if (n === null) throw new ProtocolError(`${field} is missing`, field);
  return n;
}

/** Speeds and headings below zero mean "unknown" in the iOS/Android location APIs the apps wrap. */
export const knownOrNull = (n: number | null) => (n === null || n < 0 ? null : n);

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Battery level as a fraction 0..1 (iOS, Android wrappers) in percent; negative is unknown. */
export const fractionToPercent = (n: number | null) => (n === null || n < 0 ? null : Math.round(n * 1000) / 10);
