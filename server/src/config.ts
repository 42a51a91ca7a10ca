import { DEFAULT_ARRIVAL_RULES, DEFAULT_BAND_RULES, DEFAULT_ETA_RULES, type BandRules, DEFAULT_FIX_FILTER_RULES, type ArrivalRules, DEFAULT_ROAD_FACTOR, DEFAULT_WINDOW_RULES, type EtaRules, type FixFilterRules, type WindowRules } from '@dockwatch/shared';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ROUTING_ENGINE_KINDS, type RoutingEngineKind } from './routing/routing-engine';
import { NO_EXCEPTIONS, parseAllowList, type DestinationAllowList } from './webhooks/destination';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Tracking defaults a site inherits unless it sets its own. */
export interface TrackingConfig {
  eta: EtaRules;
  /** How wide the ETA band is. */
  band: BandRules;
  window: WindowRules;
  /** Default geofence radius for new sites, in metres. */
  defaultGeofenceRadiusM: number;
  /** Default road factor for new sites. */
  defaultRoadFactor: number;
  /** Pings further than this ahead of the server clock are refused, in ms. */
  maxFutureSkewMs: number;
  /** Filters for fixes from tracker apps and the driver page (future, accuracy, 0,0, jumps). */
  filter: FixFilterRules;
  /** How an arrival by geofence is confirmed (N fixes or T seconds inside, accuracy gate, exit band). */
  arrival: ArrivalRules;
}

/** Outbound webhook delivery from the outbox. */
export interface WebhookConfig {
  /** How often the worker looks for due deliveries, in ms. Default 1000. */
  pollMs: number;
  /** One attempt is abandoned (and counts as failed) after this long, in ms. Default 10000. */
  timeoutMs: number;
  /** Wait after the first failed attempt, doubling with each further one, in ms. Default 5000. */
  retryBaseMs: number;
  /** Longest wait between attempts, in ms. Default 1 h. */
  retryMaxMs: number;
  /** Attempts before a delivery is given up as failed. Default 12. */
  maxAttempts: number;
  /** Non-public hosts, addresses and CIDR ranges webhooks may post to anyway. Default none. */
  allowedDestinations: DestinationAllowList;
}

/** Sign-in, sessions and the hardened edge. */
export interface AccessConfig {
  /** Accept the bootstrap admin token (first setup). Default true. */
  bootstrapToken: boolean;
  /** Browser session lifetime, in ms. Default 12 h. */
  sessionTtlMs: number;
  /** Mark the session cookie Secure (browsers still accept it on http://localhost). Default true. */
  cookieSecure: boolean;
  /** Origins allowed by CORS; empty turns CORS off (the default). */
  corsOrigins: string[];
  /** Login attempts per IP per minute. Default 20. */
  loginPerIpPerMin: number;
  /** Failed logins for one email before it is locked. Default 5. */
  lockoutAttempts: number;
  /** How long a locked email stays locked, in ms. Default 15 min. */
  lockoutMs: number;
  /** Ingest requests per device token per minute. Default 1200. */
  ingestPerDevicePerMin: number;
  /** Ingest requests per client IP per minute. Default 30000. */
  ingestPerIpPerMin: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, audit):
   * false (default: the socket's address), true (any), or the proxies' addresses/CIDRs.
   */
  trustProxy: boolean | string[];
  /** How often live connections' credentials are checked again (expiry, a lost revocation), in ms. Default 60 s. */
  socketRecheckMs: number;
  /** Subscribe and unsubscribe messages one socket may send per minute; beyond, refused (`rate_limited`), and at twice that the socket is dropped. Default 600. */
  socketMessagesPerMin: number;
}

/** How long the app waits for PostgreSQL before it answers 503 (the embedded database has no timeouts). */
export interface DatabaseTimeouts {
  /** Connections in the pool. Default 10. */
  poolSize: number;
  /** A new connection that has not completed its startup after this long fails, in ms. Default 2000. */
  connectTimeoutMs: number;
  /** The server cancels a statement running longer than this (`statement_timeout`), in ms. Default 5000. */
  statementTimeoutMs: number;
  /** A statement waiting longer than this for a lock fails (`lock_timeout`), in ms. Default 2000. */
  lockTimeoutMs: number;
  /**
   * A request still unanswered after this long gets 503 with Retry-After when the database does
   * not answer a probe either (it is away, or too slow to serve), in ms. Default 2000.
   */
  requestDeadlineMs: number;
  /** `/readyz` reports the database as not ready when `select 1` takes longer than this, in ms. Default 1000. */
  readyTimeoutMs: number;
}

export interface AppConfig {
  port: number;
  host: string;
  /** PostgreSQL URL; null selects the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  /** Timeouts and pool size for PostgreSQL. */
  database: DatabaseTimeouts;
  /** Redis URL; null selects the in-process bus (one instance). */
  redisUrl: string | null;
  /** Folder for the embedded database and the generated admin token. */
  dataDir: string;
  /** Bootstrap staff credential; null means generate one in `dataDir` at first start. */
  adminToken: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body in bytes. */
  bodyLimitBytes: number;
  /** A request whose headers and body have not all arrived by then is answered 408 and closed, in ms. Default 30000. */
  requestTimeoutMs: number;
  /** Apply pending migrations at start. */
  migrateOnStart: boolean;
  /** How often the tracking sweep re-checks ETAs and time-based alerts, in ms; 0 turns it off. */
  alertSweepMs: number;
  /** Active shipments per sweep transaction. Default 500. */
  sweepPageSize: number;
  /** The address phones and tracker apps reach this server at (driver links, app setup); null: the request's own host. */
  publicUrl: string | null;
  /** Built web client served at `/`; null serves the API only. */
  clientDir: string | null;
  /** What the web client is told at start. */
  client: { tileUrl: string | null; tileAttribution: string; staleAfterSeconds: number };
  tracking: TrackingConfig;
  webhooks: WebhookConfig;
  access: AccessConfig;
  /** A road router for the ETA's road distance; null: great-circle distance × road factor only. */
  routing: RoutingConfig | null;
  /** How concurrent device reports share ingest transactions (group commit). */
  ingest: IngestBatchConfig;
  /** How long history is kept (whole partitions are dropped past it), in ms; 0 keeps it. */
  retention: { pingsMs: number; historyMs: number; auditMs: number };
  /** How long ingest trusts a looked-up device token before asking the database again, in ms; 0 turns the cache off. Default 10 s. */
  deviceTokenCacheMs: number;
  /** Bearer token a Prometheus scraper sends to `/metrics`; null: only admins of every site read it. Default null. */
  metricsToken: string | null;
}

/** Group commit of device reports. */
export interface IngestBatchConfig {
  /** How long a report waits for others to share its transaction, in ms; 0: only those arriving meanwhile. Default 0. */
  windowMs: number;
  /** Most fixes in one shared transaction. Default 500. */
  maxPings: number;
  /** Shared ingest transactions in flight at once on PostgreSQL (the embedded database runs one). Default 4. */
  concurrency: number;
}

/** An OSRM or Valhalla server the ETA asks for the road distance of a truck's remaining trip. */
export interface RoutingConfig {
  kind: RoutingEngineKind;
  url: string;
  /** OSRM profile or Valhalla costing; null: `driving` / `truck`. */
  profile: string | null;
  /** One request is abandoned after this long, in ms. Default 2000. */
  timeoutMs: number;
  /** A shipment's road distance is asked for again after this long, in ms. Default 10 min. */
  refreshMs: number;
}

/** Cap on the exponential backoff between webhook attempts. */
const WEBHOOK_RETRY_MAX_MS = 60 * 60_000;

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

const Env = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  DB_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 2000 }),
  DB_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 5000 }),
  DB_LOCK_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 3_600_000, default: 2000 }),
  DB_REQUEST_DEADLINE_MS: Type.Integer({ minimum: 200, maximum: 600_000, default: 2000 }),
  DB_READY_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: '.data' }),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1024 * 1024 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  ALERT_SWEEP_S: Type.Number({ minimum: 0, maximum: 3600, default: 30 }),
  SWEEP_PAGE_SIZE: Type.Integer({ minimum: 1, maximum: 100_000, default: 500 }),
  CLIENT_DIR: Type.String({ default: DEFAULT_CLIENT_DIR }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+$', description: 'Origin only, e.g. https://dock.example.com' })),
  TILE_URL: Type.String({ default: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }),
  TILE_ATTRIBUTION: Type.String({ default: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors' }),
  STALE_AFTER_MIN: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60, default: 10 }),
  TRACKING_NEAR_SPEED_KMH: Type.Number({ exclusiveMinimum: 0, maximum: 200, default: Math.round(DEFAULT_ETA_RULES.nearSpeedMps * 3.6) }),
  TRACKING_FAR_SPEED_KMH: Type.Number({ exclusiveMinimum: 0, maximum: 200, default: Math.round(DEFAULT_ETA_RULES.farSpeedMps * 3.6) }),
  TRACKING_BAND_EARLY_RATIO: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: DEFAULT_BAND_RULES.earlyRatio }),
  TRACKING_BAND_LATE_RATIO: Type.Number({ minimum: 1, maximum: 10, default: DEFAULT_BAND_RULES.lateRatio }),
  TRACKING_EARLY_TOLERANCE_MIN: Type.Number({ minimum: 0, maximum: 24 * 60, default: DEFAULT_WINDOW_RULES.earlyToleranceMs / 60_000 }),
  TRACKING_AT_RISK_FRACTION: Type.Number({ minimum: 0, maximum: 1, default: DEFAULT_WINDOW_RULES.atRiskFraction }),
  TRACKING_GEOFENCE_RADIUS_M: Type.Number({ minimum: 10, maximum: 50_000, default: 500 }),
  TRACKING_ROAD_FACTOR: Type.Number({ minimum: 1, maximum: 5, default: DEFAULT_ROAD_FACTOR }),
  TRACKING_MAX_FUTURE_S: Type.Integer({ minimum: 0, maximum: 86_400, default: 300 }),
  FILTER_MAX_ACCURACY_M: Type.Number({ minimum: 0, maximum: 100_000, default: DEFAULT_FIX_FILTER_RULES.maxAccuracyM ?? 0 }),
  FILTER_MAX_SPEED_KMH: Type.Number({ minimum: 0, maximum: 2_000, default: Math.round((DEFAULT_FIX_FILTER_RULES.maxSpeedMps ?? 0) * 3.6) }),
  FILTER_MIN_JUMP_M: Type.Number({ minimum: 0, maximum: 100_000, default: DEFAULT_FIX_FILTER_RULES.minJumpM }),
  ARRIVAL_MIN_FIXES: Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_ARRIVAL_RULES.minFixes }),
  ARRIVAL_MIN_DWELL_S: Type.Number({ minimum: 0, maximum: 3_600, default: DEFAULT_ARRIVAL_RULES.minDwellMs / 1000 }),
  ARRIVAL_MAX_ACCURACY_M: Type.Number({ minimum: 0, maximum: 100_000, default: DEFAULT_ARRIVAL_RULES.maxAccuracyM ?? 0 }),
  ARRIVAL_EXIT_FACTOR: Type.Number({ minimum: 1, maximum: 10, default: DEFAULT_ARRIVAL_RULES.exitFactor }),
  WEBHOOK_POLL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1000 }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  ROUTING_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', description: 'OSRM or Valhalla base URL' })),
  ROUTING_ENGINE: Type.Union(ROUTING_ENGINE_KINDS.map((k) => Type.Literal(k)), { default: 'osrm' }),
  ROUTING_PROFILE: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })),
  ROUTING_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30_000, default: 2_000 }),
  ROUTING_REFRESH_MIN: Type.Number({ minimum: 1, maximum: 24 * 60, default: 10 }),
  WEBHOOK_RETRY_BASE_MS: Type.Integer({ minimum: 10, maximum: WEBHOOK_RETRY_MAX_MS, default: 5000 }),
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 12 }),
  WEBHOOK_ALLOWED_DESTINATIONS: Type.Optional(Type.String({ pattern: '^[^,\\s]+(,[^,\\s]+)*$', description: 'Host names, addresses or CIDR ranges' })),
  BOOTSTRAP_TOKEN: Type.Boolean({ default: true }),
  SESSION_TTL_H: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 30, default: 12 }),
  COOKIE_SECURE: Type.Boolean({ default: true }),
  CORS_ORIGINS: Type.Optional(Type.String({ pattern: '^(https?://[^,\\s]+)(,https?://[^,\\s]+)*$' })),
  RATE_LIMIT_LOGIN_PER_MIN: Type.Integer({ minimum: 1, maximum: 100_000, default: 20 }),
  LOGIN_LOCKOUT_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  LOGIN_LOCKOUT_MIN: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60, default: 15 }),
  RATE_LIMIT_INGEST_PER_DEVICE_PER_MIN: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1200 }),
  RATE_LIMIT_INGEST_PER_IP_PER_MIN: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 30_000 }),
  SOCKET_RECHECK_S: Type.Number({ minimum: 0.1, maximum: 3600, default: 60 }),
  SOCKET_MESSAGES_PER_MIN: Type.Integer({ minimum: 1, maximum: 100_000, default: 600 }),
  DEVICE_TOKEN_CACHE_S: Type.Number({ minimum: 0, maximum: 3600, default: 10 }),
  INGEST_BATCH_WINDOW_MS: Type.Number({ minimum: 0, maximum: 1000, default: 0 }),
  INGEST_BATCH_MAX_PINGS: Type.Integer({ minimum: 1, maximum: 100_000, default: 500 }),
  INGEST_BATCH_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 1000, default: 4 }),
  PINGS_RETENTION_DAYS: Type.Number({ minimum: 0, maximum: 36_500, default: 0 }),
  HISTORY_RETENTION_DAYS: Type.Number({ minimum: 0, maximum: 36_500, default: 0 }),
  AUDIT_RETENTION_DAYS: Type.Number({ minimum: 0, maximum: 36_500, default: 0 }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  TRUST_PROXY: Type.String({ pattern: '^(true|false|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$', default: 'false' }),
});

/** TRUST_PROXY as Fastify takes it. */
function parseTrustProxy(value: string): boolean | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  return value.split(',');
}
type Env = Static<typeof Env>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment once. Empty strings count as unset. Throws a ConfigError
 * naming every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(Env.properties);
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  // Set but empty turns these off (no tiles: plain background; no client: API only).
  const off = (key: string) => env[key] !== undefined && env[key]!.trim() === '';
  const withDefaults = Value.Default(Env, Value.Convert(Env, { ...raw }));
  const problems = [...Value.Errors(Env, withDefaults)].map((e) => {
    const name = e.path.replace(/^\//, '');
    const choices = (e.schema.anyOf as { const?: unknown }[] | undefined)?.map((s) => s.const);
    const message = choices ? `expected one of ${choices.join(', ')}` : e.message;
    return `${name}=${JSON.stringify(raw[name] ?? '')}: ${message}`;
  });
  let allowedDestinations: DestinationAllowList = NO_EXCEPTIONS;
  try {
    allowedDestinations = parseAllowList((withDefaults as Env).WEBHOOK_ALLOWED_DESTINATIONS);
  } catch (err) {
    problems.push(`WEBHOOK_ALLOWED_DESTINATIONS=${JSON.stringify(raw.WEBHOOK_ALLOWED_DESTINATIONS ?? '')}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const e = withDefaults as Env;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    database: {
      poolSize: e.DB_POOL_SIZE,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
      requestDeadlineMs: e.DB_REQUEST_DEADLINE_MS,
      readyTimeoutMs: e.DB_READY_TIMEOUT_MS,
    },
    redisUrl: e.REDIS_URL ?? null,
    dataDir: path.resolve(e.DATA_DIR),
    adminToken: e.ADMIN_TOKEN ?? null,
    logLevel: e.LOG_LEVEL as AppConfig['logLevel'],
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    migrateOnStart: e.MIGRATE_ON_START,
    alertSweepMs: Math.round(e.ALERT_SWEEP_S * 1000),
    sweepPageSize: e.SWEEP_PAGE_SIZE,
    publicUrl: e.PUBLIC_URL ?? null,
    clientDir: off('CLIENT_DIR') ? null : path.resolve(e.CLIENT_DIR),
    client: {
      tileUrl: off('TILE_URL') ? null : e.TILE_URL,
      tileAttribution: e.TILE_ATTRIBUTION,
      staleAfterSeconds: Math.round(e.STALE_AFTER_MIN * 60),
    },
    tracking: {
      eta: { ...DEFAULT_ETA_RULES, nearSpeedMps: e.TRACKING_NEAR_SPEED_KMH / 3.6, farSpeedMps: e.TRACKING_FAR_SPEED_KMH / 3.6 },
      band: { ...DEFAULT_BAND_RULES, earlyRatio: e.TRACKING_BAND_EARLY_RATIO, lateRatio: e.TRACKING_BAND_LATE_RATIO },
      window: { earlyToleranceMs: e.TRACKING_EARLY_TOLERANCE_MIN * 60_000, atRiskFraction: e.TRACKING_AT_RISK_FRACTION },
      defaultGeofenceRadiusM: e.TRACKING_GEOFENCE_RADIUS_M,
      defaultRoadFactor: e.TRACKING_ROAD_FACTOR,
      maxFutureSkewMs: e.TRACKING_MAX_FUTURE_S * 1000,
      filter: {
        maxFutureMs: e.TRACKING_MAX_FUTURE_S * 1000,
        // 0 turns a filter off.
        maxAccuracyM: e.FILTER_MAX_ACCURACY_M > 0 ? e.FILTER_MAX_ACCURACY_M : null,
        maxSpeedMps: e.FILTER_MAX_SPEED_KMH > 0 ? e.FILTER_MAX_SPEED_KMH / 3.6 : null,
        minJumpM: e.FILTER_MIN_JUMP_M,
      },
      arrival: {
        minFixes: e.ARRIVAL_MIN_FIXES,
        minDwellMs: e.ARRIVAL_MIN_DWELL_S * 1000,
        maxAccuracyM: e.ARRIVAL_MAX_ACCURACY_M > 0 ? e.ARRIVAL_MAX_ACCURACY_M : null,
        exitFactor: e.ARRIVAL_EXIT_FACTOR,
      },
    },
    webhooks: {
      pollMs: e.WEBHOOK_POLL_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: WEBHOOK_RETRY_MAX_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      allowedDestinations,
    },
    routing:
      e.ROUTING_URL === undefined
        ? null
        : {
            kind: e.ROUTING_ENGINE as RoutingEngineKind,
            url: e.ROUTING_URL,
            profile: e.ROUTING_PROFILE ?? null,
            timeoutMs: e.ROUTING_TIMEOUT_MS,
            refreshMs: Math.round(e.ROUTING_REFRESH_MIN * 60_000),
          },
    ingest: { windowMs: e.INGEST_BATCH_WINDOW_MS, maxPings: e.INGEST_BATCH_MAX_PINGS, concurrency: e.INGEST_BATCH_CONCURRENCY },
    retention: { pingsMs: e.PINGS_RETENTION_DAYS * 86_400_000, historyMs: e.HISTORY_RETENTION_DAYS * 86_400_000, auditMs: e.AUDIT_RETENTION_DAYS * 86_400_000 },
    deviceTokenCacheMs: Math.round(e.DEVICE_TOKEN_CACHE_S * 1000),
    metricsToken: e.METRICS_TOKEN ?? null,
    access: {
      bootstrapToken: e.BOOTSTRAP_TOKEN,
      sessionTtlMs: Math.round(e.SESSION_TTL_H * 3_600_000),
      cookieSecure: e.COOKIE_SECURE,
      corsOrigins: e.CORS_ORIGINS === undefined ? [] : e.CORS_ORIGINS.split(','),
      loginPerIpPerMin: e.RATE_LIMIT_LOGIN_PER_MIN,
      lockoutAttempts: e.LOGIN_LOCKOUT_ATTEMPTS,
      lockoutMs: Math.round(e.LOGIN_LOCKOUT_MIN * 60_000),
      ingestPerDevicePerMin: e.RATE_LIMIT_INGEST_PER_DEVICE_PER_MIN,
      ingestPerIpPerMin: e.RATE_LIMIT_INGEST_PER_IP_PER_MIN,
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
      socketRecheckMs: Math.round(e.SOCKET_RECHECK_S * 1000),
      socketMessagesPerMin: e.SOCKET_MESSAGES_PER_MIN,
    },
  };
}
