import { MAX_PINGS_PER_BATCH, type DeviceProtocol, type FixRejectReason } from '@dockwatch/shared';
import type { BatteryReading } from '../repositories/carriers';
import type { StoredFix } from '../repositories/pings';
import { isStorableInstant } from '../validation';

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
  if (typeof value === 'number' && Number.isFinite(value)) return storableTime(epochToMs(value), field);
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return storableTime(epochToMs(Number(text)), field);
    const zoneless = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
    const ms = Date.parse(zoneless ? `${text.replace(' ', 'T')}Z` : text);
    if (Number.isFinite(ms)) return storableTime(ms, field);
  }
  throw new ProtocolError(`${field} is not an epoch time or ISO-8601 date-time: ${JSON.stringify(value)}`, field);
}

/** An instant the database can store (years 0001–9999), else the report cannot be read. */
export function storableTime(ms: number, field: string): number {
  if (!isStorableInstant(ms)) throw new ProtocolError(`${field} is outside the years 0001–9999`, field);
  return ms;
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

/** The most fixes one request may carry, in every protocol: the JSON API's batch limit. */
export function requireBatchSize(count: number, field: string): void {
  if (count > MAX_PINGS_PER_BATCH) throw new ProtocolError(`${field} has ${count} records; at most ${MAX_PINGS_PER_BATCH} per request`, field);
}

/** What is kept of the keys a report carries beyond the ones we read: enough to debug a device, never enough to hurt the database. */
export const ATTRIBUTE_LIMITS = { keys: 32, keyLength: 64, textLength: 256, listItems: 16 } as const;

type Scalar = string | number | boolean;

/** Text as PostgreSQL stores it: no NUL, no lone surrogate (jsonb refuses both), and bounded. */
export function storableText(text: string, max: number): string {
  // Cut first: a cut through a surrogate pair leaves a lone half, which the second step replaces.
  return text.slice(0, max).replaceAll('\u0000', '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const scalarOf = (value: unknown): Scalar | undefined => {
  if (typeof value === 'string') return storableText(value, ATTRIBUTE_LIMITS.textLength);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  return undefined;
};

/**
 * The extra keys of a device report as stored with its fix: scalars and short lists of scalars,
 * at most `ATTRIBUTE_LIMITS.keys` of them. Nested objects are dropped: nothing reads them, and an
 * unbounded nesting depth is what breaks a database's JSON (a 4 KB report 2,000 levels deep).
 */
export function keptAttributes(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  let count = 0;
  for (const [key, value] of entries) {
    if (count >= ATTRIBUTE_LIMITS.keys) break;
    const name = storableText(key, ATTRIBUTE_LIMITS.keyLength);
    if (name === '' || name === '__proto__') continue;
    const bounded = Array.isArray(value)
      ? value.slice(0, ATTRIBUTE_LIMITS.listItems).map(scalarOf).filter((v): v is Scalar => v !== undefined)
      : scalarOf(value);
    if (bounded === undefined) continue;
    kept[name] = bounded;
    count++;
  }
  return kept;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Battery level as a fraction 0..1 (iOS, Android wrappers) in percent; negative is unknown. */
export const fractionToPercent = (n: number | null) => (n === null || n < 0 ? null : Math.round(n * 1000) / 10);
