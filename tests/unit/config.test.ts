import { ConfigError, loadConfig } from '@dockwatch/server';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', databaseUrl: null, redisUrl: null, adminToken: null, logLevel: 'info', migrateOnStart: true });
    expect(config.dataDir).toBe(path.resolve('.data'));
    expect(config.tracking.eta.nearSpeedMps * 3.6).toBeCloseTo(30);
    expect(config.tracking.eta.farSpeedMps * 3.6).toBeCloseTo(85);
    expect(config.tracking.band).toMatchObject({ earlyRatio: 0.6, lateRatio: 1.6 });
    expect(config.tracking.window).toEqual({ earlyToleranceMs: 15 * 60_000, atRiskFraction: 0.25 });
    expect(config.tracking.maxFutureSkewMs).toBe(300_000);
    expect(config.alertSweepMs).toBe(30_000);
    expect(config.webhooks).toEqual({ pollMs: 1000, timeoutMs: 10_000, retryBaseMs: 5000, retryMaxMs: 3_600_000, maxAttempts: 12, allowedDestinations: { hosts: [], ranges: [] } });
  });

  it('has access control on and the edge closed by default, and reads its settings', () => {
    expect(loadConfig({}).access).toEqual({
      bootstrapToken: true,
      sessionTtlMs: 12 * 3_600_000,
      cookieSecure: true,
      corsOrigins: [],
      loginPerIpPerMin: 20,
      lockoutAttempts: 5,
      lockoutMs: 15 * 60_000,
      ingestPerDevicePerMin: 1200,
      ingestPerIpPerMin: 30_000,
      trustProxy: false,
      socketRecheckMs: 60_000,
      socketMessagesPerMin: 600,
    });
    expect(loadConfig({ TRUST_PROXY: 'true' }).access.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).access.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
    const access = loadConfig({
      BOOTSTRAP_TOKEN: 'false',
      SESSION_TTL_H: '1.5',
      COOKIE_SECURE: 'false',
      CORS_ORIGINS: 'https://erp.example.com,http://localhost:5173',
      LOGIN_LOCKOUT_MIN: '2',
    }).access;
    expect(access).toMatchObject({ bootstrapToken: false, sessionTtlMs: 5_400_000, cookieSecure: false, corsOrigins: ['https://erp.example.com', 'http://localhost:5173'], lockoutMs: 120_000 });
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(ConfigError);
  });

  it('reads and converts every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@db:5432/dockwatch',
      REDIS_URL: 'redis://cache:6379',
      DATA_DIR: '/var/lib/dockwatch',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      LOG_LEVEL: 'debug',
      MIGRATE_ON_START: 'false',
      TRACKING_NEAR_SPEED_KMH: '20',
      TRACKING_FAR_SPEED_KMH: '72',
      TRACKING_BAND_EARLY_RATIO: '0.5',
      TRACKING_BAND_LATE_RATIO: '2',
      TRACKING_EARLY_TOLERANCE_MIN: '30',
      TRACKING_AT_RISK_FRACTION: '0.5',
      TRACKING_GEOFENCE_RADIUS_M: '250',
      TRACKING_ROAD_FACTOR: '1.5',
      TRACKING_MAX_FUTURE_S: '60',
      ALERT_SWEEP_S: '5',
      WEBHOOK_POLL_MS: '250',
      WEBHOOK_TIMEOUT_MS: '3000',
      WEBHOOK_RETRY_BASE_MS: '1000',
      WEBHOOK_MAX_ATTEMPTS: '5',
    });
    expect(config.alertSweepMs).toBe(5000);
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u@db:5432/dockwatch',
      redisUrl: 'redis://cache:6379',
      dataDir: '/var/lib/dockwatch',
      adminToken: 'a-long-enough-admin-token',
      logLevel: 'debug',
      migrateOnStart: false,
      tracking: { defaultGeofenceRadiusM: 250, defaultRoadFactor: 1.5, maxFutureSkewMs: 60_000, window: { earlyToleranceMs: 30 * 60_000, atRiskFraction: 0.5 } },
      webhooks: { pollMs: 250, timeoutMs: 3000, retryBaseMs: 1000, retryMaxMs: 3_600_000, maxAttempts: 5 },
    });
    expect(config.tracking.eta.nearSpeedMps).toBeCloseTo(20 / 3.6);
    expect(config.tracking.eta.farSpeedMps).toBeCloseTo(20);
    expect(config.tracking.band).toMatchObject({ earlyRatio: 0.5, lateRatio: 2 });
  });

  it('reads the webhook allow-list as names and ranges, and names a range it cannot read', () => {
    const { allowedDestinations } = loadConfig({ WEBHOOK_ALLOWED_DESTINATIONS: 'Hooks.Plant.Internal,10.20.0.0/16,127.0.0.1' }).webhooks;
    expect(allowedDestinations.hosts).toEqual(['hooks.plant.internal']);
    expect(allowedDestinations.ranges.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual(['10.20.0.0/16', '127.0.0.1/32']);
    expect(() => loadConfig({ WEBHOOK_ALLOWED_DESTINATIONS: '10.0.0.0/99' })).toThrow(/WEBHOOK_ALLOWED_DESTINATIONS="10.0.0.0\/99"/);
  });

  it('cuts off slow requests after 30 s by default', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(30_000);
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000' }).requestTimeoutMs).toBe(5000);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' })).toMatchObject({ databaseUrl: null, port: 3000 });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short', TRACKING_AT_RISK_FRACTION: '2', TRACKING_BAND_EARLY_RATIO: '1.2', TRACKING_BAND_LATE_RATIO: '0.8', WEBHOOK_MAX_ATTEMPTS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT="eighty"', 'DATABASE_URL="mysql://x"', 'LOG_LEVEL="loud": expected one of fatal', 'ADMIN_TOKEN="short"', 'TRACKING_AT_RISK_FRACTION="2"', 'TRACKING_BAND_EARLY_RATIO="1.2"', 'TRACKING_BAND_LATE_RATIO="0.8"', 'WEBHOOK_MAX_ATTEMPTS="0"']) {
      expect(problems).toContain(name);
    }
  });
});
