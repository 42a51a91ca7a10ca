import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, PASSWORD, uniqueEmail } from './helpers/access';
import { backends } from './helpers/backends';
import { createWorld, fixAt } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

let ipCounter = 0;
/** A fresh client address per test: counters live in Redis and outlast one server. */
const freshIp = () => `10.${process.pid % 250}.${Math.floor(Date.now() / 1000) % 250}.${++ipCounter}`;

describe.each(backends())('the hardened edge [$name]', (backend) => {
  let server: TestServer;
  let other: TestServer | null = null;

  beforeAll(async () => {
    const env = {
      RATE_LIMIT_LOGIN_PER_MIN: '5',
      LOGIN_LOCKOUT_ATTEMPTS: '3',
      RATE_LIMIT_INGEST_PER_DEVICE_PER_MIN: '4',
      RATE_LIMIT_INGEST_PER_IP_PER_MIN: '6',
      TILE_URL: 'https://{s}.tiles.example.net/{z}/{x}/{y}.png',
    };
    server = await startServer(backend, { env });
    // With Redis, a second instance shares the counters.
    if (backend.redisUrl) other = await startServer(backend, { env });
  });
  afterAll(async () => {
    await Promise.all([server?.close(), other?.close()]);
  });

  const second = () => other ?? server;
  const loginFrom = (target: TestServer, ip: string, email: string, password: string) =>
    target.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password } });

  it('locks an account after repeated failures, with 429 and Retry-After, even for the right password', async () => {
    const user = await createUser(server, 'viewer');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await loginFrom(i % 2 ? second() : server, freshIp(), user.email, 'wrong password')).statusCode);
    expect(statuses).toEqual([401, 401, 429]);
    const locked = await loginFrom(second(), freshIp(), user.email, PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('login_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits sign-in attempts per address, across instances', async () => {
    const ip = freshIp();
    // Fresh emails too: lockout counts live in Redis for the lockout window, across test runs.
    const nobody = uniqueEmail('nobody');
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await loginFrom(i % 2 ? second() : server, ip, uniqueEmail('nobody'), 'whatever')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await loginFrom(server, ip, nobody, 'x');
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await loginFrom(server, freshIp(), nobody, 'x')).statusCode).toBe(401);
    // A forged X-Forwarded-For does not make a new address: no proxy is trusted by default.
    const forged = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, headers: { 'x-forwarded-for': freshIp() }, payload: { email: nobody, password: 'x' } });
    expect(forged.statusCode).toBe(429);
  });

  it('limits ingest per device token and per address', async () => {
    const world = await createWorld(server);
    const ip = freshIp();
    const ping = (target: TestServer, secondsAgo: number, from = ip, headers = world.deviceAuth) =>
      target.app.inject({ method: 'POST', url: '/api/v1/pings', remoteAddress: from, headers, payload: fixAt(48.5, 11.6, secondsAgo) });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ping(i % 2 ? second() : server, 100 - i, freshIp())).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    const limited = await ping(server, 50, freshIp());
    expect(limited.headers['retry-after']).toBeDefined();

    // Another device from one address: the per-address limit applies to every token.
    const world2 = await createWorld(server);
    const fromOneAddress = [];
    for (let i = 0; i < 7; i++) fromOneAddress.push((await ping(server, 200 - i, ip, i < 4 ? world2.deviceAuth : { authorization: 'Bearer dwd_unknown' })).statusCode);
    expect(fromOneAddress).toEqual([202, 202, 202, 202, 401, 401, 429]);
  });

  it('counts a tracker app\'s token found inside the request against the same per-device limit', async () => {
    const world = await createWorld(server);
    const token = world.deviceAuth.authorization!.replace('Bearer ', '');
    // OsmAnd carries the token as `id`, OwnTracks as the Basic password: one counter for both.
    const osmand = (target: TestServer, secondsAgo: number) =>
      target.app.inject({
        method: 'GET',
        url: `/osmand?id=${encodeURIComponent(token)}&lat=48.5&lon=11.6&timestamp=${Math.floor(Date.now() / 1000) - secondsAgo}`,
        remoteAddress: freshIp(),
      });
    const ownTracks = (target: TestServer, secondsAgo: number) =>
      target.app.inject({
        method: 'POST',
        url: '/owntracks',
        remoteAddress: freshIp(),
        headers: { authorization: `Basic ${Buffer.from(`truck:${token}`).toString('base64')}` },
        payload: { _type: 'location', tst: Math.floor(Date.now() / 1000) - secondsAgo, lat: 48.5, lon: 11.6 },
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await (i % 2 ? ownTracks(second(), 300 - i * 20) : osmand(server, 300 - i * 20))).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('sends security headers with a CSP that admits the tile server, and no CORS by default', async () => {
    const res = await server.app.inject({ url: '/api/v1/client-config', headers: { origin: 'https://evil.example' } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/img-src [^;]*https:\/\/\*\.tiles\.example\.net/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses oversized bodies and batches', async () => {
    const world = await createWorld(server);
    const pings = Array.from({ length: 1001 }, (_, i) => fixAt(48.5, 11.6, 1000 - i));
    const batch = await server.app.inject({ method: 'POST', url: '/api/v1/pings', remoteAddress: freshIp(), headers: world.deviceAuth, payload: { pings } });
    expect(batch.statusCode).toBe(400);
    const huge = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: freshIp(), headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'x'.repeat(2_000_000), password: 'x' }) });
    expect(huge.statusCode).toBe(413);
  });
});

describe('CORS when configured', () => {
  it('admits only the configured origins', async () => {
    const server = await startServer(backends()[0]!, { env: { CORS_ORIGINS: 'https://erp.example.com' } });
    try {
      const allowed = await server.app.inject({ url: '/api/v1/client-config', headers: { origin: 'https://erp.example.com' } });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://erp.example.com');
      const other = await server.app.inject({ url: '/api/v1/client-config', headers: { origin: 'https://evil.example' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
