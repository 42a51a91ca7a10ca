import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, PLANT } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

/** `{"a":{"a":…{"a":1}…}}`, `depth` levels deep: about 4 KB for 2,000 levels. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe.each(backends())('a device report cannot reach the database unbounded [$name]', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server?.close();
  });

  const storedAttributes = async (deviceId: string) => {
    const rows = await server.app.db.execute<{ attributes: Record<string, unknown> | null }>(sql`select attributes from pings where device_id = ${deviceId} order by ts`);
    return (Array.isArray(rows) ? rows : (rows as { rows: { attributes: Record<string, unknown> | null }[] }).rows).map((r) => r.attributes);
  };

  const tst = () => Math.floor(Date.now() / 1000) - 60;
  const basic = (token: string) => `Basic ${Buffer.from(`driver:${token}`).toString('base64')}`;

  it('an OwnTracks report with an attribute 2,000 levels deep is stored without it, and the server keeps answering', async () => {
    const world = await createWorld(server);
    const body = `{"_type":"location","lat":${PLANT.lat + 0.3},"lon":${PLANT.lon},"tst":${tst()},"tid":"JJ","extra":${nested(2000)}}`;
    const res = await server.app.inject({ method: 'POST', url: '/owntracks', headers: { 'content-type': 'application/json', authorization: basic(world.device.token) }, payload: body });
    expect(res.statusCode).toBe(200);
    expect((await server.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect(await storedAttributes(world.device.id)).toEqual([{ tid: 'JJ' }]);
  });

  it('Overland and Traccar JSON reports keep scalars only, a bounded number of them', async () => {
    const world = await createWorld(server);
    const properties: Record<string, unknown> = { timestamp: new Date(Date.now() - 60_000).toISOString(), deep: JSON.parse(nested(2000)), motion: ['driving'], note: 'x'.repeat(10_000) };
    for (let i = 0; i < 500; i++) properties[`k${i}`] = i;
    const overland = { locations: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [PLANT.lon, PLANT.lat + 0.3] }, properties }] };
    const res = await server.app.inject({ method: 'POST', url: '/overland', headers: { authorization: `Bearer ${world.device.token}` }, payload: overland });
    expect(res.statusCode).toBe(200);

    const traccar = {
      device_id: world.device.token,
      location: { timestamp: new Date(Date.now() - 30_000).toISOString(), coords: { latitude: PLANT.lat + 0.29, longitude: PLANT.lon }, event: JSON.parse(nested(2000)), activity: { type: 'in_vehicle', confidence: 100 } },
    };
    expect((await server.app.inject({ method: 'POST', url: '/osmand', payload: traccar })).statusCode).toBe(200);
    expect((await server.app.inject({ url: '/healthz' })).statusCode).toBe(200);

    const [fromOverland, fromTraccar] = await storedAttributes(world.device.id);
    expect(Object.keys(fromOverland!)).toHaveLength(32);
    expect(fromOverland).toMatchObject({ motion: ['driving'], note: 'x'.repeat(256) });
    expect(fromOverland).not.toHaveProperty('deep');
    expect(fromTraccar).toEqual({ activity: 'in_vehicle' });
  });

  it('text that PostgreSQL cannot store (NUL, lone surrogates) is cleaned, not a 500', async () => {
    const world = await createWorld(server);
    const body = `{"_type":"location","lat":${PLANT.lat + 0.3},"lon":${PLANT.lon},"tst":${tst()},"tid":"J\\u0000J","bad":"\\ud800x","\\u0000key":1}`;
    const res = await server.app.inject({ method: 'POST', url: '/owntracks', headers: { 'content-type': 'application/json', authorization: basic(world.device.token) }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(await storedAttributes(world.device.id)).toEqual([{ tid: 'JJ', bad: '\uFFFDx', key: 1 }]);
  });
});
