import type { Shipment } from '@dockwatch/shared';
import { MAX_PINGS_PER_BATCH } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, fixAt, type World } from './helpers/fixtures';
import { connectSocket, subscribe } from './helpers/socket';
import { startServer, type TestServer } from './helpers/server';

describe.each(backends())('bad input gets a precise 4xx and changes nothing [$name]', (backend) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await startServer(backend, { env: { BODY_LIMIT_BYTES: String(256 * 1024) } });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const postPings = (payload: string | object, headers: Record<string, string> = world.deviceAuth) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/pings',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  const unchanged = async () => {
    const shipment = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<Shipment>();
    expect(shipment.version).toBe(1);
    expect(shipment.position).toBeNull();
    const track = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers: server.staff })).json();
    expect(track.geometry.coordinates).toEqual([]);
  };

  const cases: [string, () => string | object, number, string][] = [
    ['malformed JSON', () => '{"ts": "2026-01-01T00:00:00Z", "lat": 48.5,', 400, 'invalid_json'],
    ['a string where a number belongs', () => ({ ...fixAt(48.5, 11.6), lat: '48.5' }), 400, 'validation_failed'],
    ['latitude above 90', () => fixAt(90.0001, 11.6), 400, 'validation_failed'],
    ['longitude below -180', () => fixAt(48.5, -180.5), 400, 'validation_failed'],
    ['NaN', () => '{"ts":"2026-01-01T00:00:00Z","lat":NaN,"lon":11.6}', 400, 'invalid_json'],
    ['Infinity', () => '{"ts":"2026-01-01T00:00:00Z","lat":48.5,"lon":Infinity}', 400, 'invalid_json'],
    ['"NaN" as a string', () => ({ ...fixAt(48.5, 11.6), lon: 'NaN' }), 400, 'validation_failed'],
    ['a missing timestamp', () => ({ lat: 48.5, lon: 11.6 }), 400, 'validation_failed'],
    ['a timestamp that is not a date', () => ({ ts: 'yesterday', lat: 48.5, lon: 11.6 }), 400, 'validation_failed'],
    ['a timestamp 6 minutes in the future', () => fixAt(48.5, 11.6, -360), 400, 'invalid_timestamp'],
    ['an unknown field', () => ({ ...fixAt(48.5, 11.6), altitude: 500 }), 400, 'validation_failed'],
    ['negative speed', () => fixAt(48.5, 11.6, 0, { speed: -1 }), 400, 'validation_failed'],
    ['an empty batch', () => ({ pings: [] }), 400, 'validation_failed'],
    ['a body that is not an object', () => '[1,2,3]', 400, 'validation_failed'],
  ];

  it.each(cases)('refuses %s', async (_name, payload, status, code) => {
    const res = await postPings(payload());
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toMatchObject({ code, message: expect.any(String) });
    await unchanged();
  });

  it('refuses the whole batch when one ping in the middle is bad, naming it', async () => {
    const pings = [fixAt(48.5, 11.6, 30), fixAt(48.4, 11.6, -3600), fixAt(48.3, 11.6, 10)];
    const res = await postPings({ pings });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_timestamp', details: [{ path: '/body/pings/1/ts' }] });
    const typed = await postPings({ pings: [fixAt(48.5, 11.6, 30), { ...fixAt(48.4, 11.6), lat: 123 }] });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().error.details[0].path).toBe('body/pings/1/lat');
    await unchanged();
  });

  it(`refuses a batch over ${MAX_PINGS_PER_BATCH} pings`, async () => {
    const pings = Array.from({ length: MAX_PINGS_PER_BATCH + 1 }, (_, i) => ({ ts: new Date(Date.now() - (i + 1) * 1000).toISOString(), lat: 48.5, lon: 11.6 }));
    const res = await postPings({ pings });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    await unchanged();
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await postPings({ pings: [{ ...fixAt(48.5, 11.6), pad: 'x'.repeat(300 * 1024) }] });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    await unchanged();
  });

  it('refuses missing, unknown and revoked tokens with 401, and staff tokens on ingest with 403', async () => {
    const missing = await postPings(fixAt(48.5, 11.6), {});
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const unknown = await postPings(fixAt(48.5, 11.6), { authorization: 'Bearer dwd_not-a-real-token' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('unauthorized');
    const staff = await postPings(fixAt(48.5, 11.6), server.staff);
    expect(staff.statusCode).toBe(403);

    const other = await createWorld(server);
    const revoke = await server.app.inject({ method: 'DELETE', url: `/api/v1/carriers/${other.carrier.id}/devices/${other.device.id}`, headers: server.staff });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const revoked = await postPings(fixAt(48.5, 11.6), other.deviceAuth);
    expect(revoked.statusCode).toBe(401);
    await unchanged();
  });

  it('answers unknown ids with 404 and malformed ids with 400', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const url of [`/api/v1/sites/${id}`, `/api/v1/sites/${id}/board`, `/api/v1/shipments/${id}`, `/api/v1/shipments/${id}/track`, `/api/v1/carriers/${id}`]) {
      const res = await server.app.inject({ url, headers: server.staff });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const malformed = await server.app.inject({ url: '/api/v1/shipments/not-a-uuid', headers: server.staff });
    expect(malformed.statusCode).toBe(400);
    const route = await server.app.inject({ url: '/api/v1/nothing-here', headers: server.staff });
    expect(route.statusCode).toBe(404);
  });

  it('refuses shipments with unknown references, inverted windows and duplicate references', async () => {
    const base = {
      reference: 'PO-BAD-1',
      siteId: world.site.id,
      carrierId: world.carrier.id,
      supplier: 'ACME',
      windowStart: new Date(Date.now() + 3_600_000).toISOString(),
      windowEnd: new Date(Date.now() + 5_400_000).toISOString(),
    };
    const create = (payload: object) => server.app.inject({ method: 'POST', url: '/api/v1/shipments', headers: server.staff, payload });
    expect((await create({ ...base, siteId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await create({ ...base, deviceId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    const inverted = await create({ ...base, windowEnd: base.windowStart });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().error.code).toBe('invalid_window');
    expect((await create({ ...base, items: [{ sku: 'X', quantity: 0 }] })).statusCode).toBe(400);
    expect((await create(base)).statusCode).toBe(201);
    const duplicate = await create(base);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('duplicate_reference');
    const site = await server.app.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers: server.staff,
      payload: { name: 'X', lat: 1, lon: 1, timezone: 'Mars/Olympus' },
    });
    expect(site.statusCode).toBe(400);
    expect(site.json().error.code).toBe('invalid_timezone');
  });

  it('keeps serving after all of that, and refuses bad socket credentials and subscriptions', async () => {
    const ok = await postPings(fixAt(48.5, 11.6));
    expect(ok.statusCode).toBe(202);
    await expect(connectSocket(server.url, 'wrong-token')).rejects.toThrow(/unauthorized/);
    await expect(connectSocket(server.url, world.device.token)).rejects.toThrow(/unauthorized/);
    const socket = await connectSocket(server.url, 'test-admin-token-0123456789');
    try {
      expect(await subscribe(socket, { siteId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ error: { code: 'not_found' } });
      expect(await subscribe(socket, { siteId: 'x' } as never)).toMatchObject({ error: { code: 'validation_failed' } });
      expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
    } finally {
      socket.close();
    }
  });
});
