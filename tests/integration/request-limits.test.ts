import type { Shipment } from '@dockwatch/shared';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, PLANT, type World } from './helpers/fixtures';
import { connectSocket, disconnected, subscribe, type ClientSocket } from './helpers/socket';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';

const PER_MIN = 20;

/** Opens a raw connection, writes `head`, and resolves with everything the server sent until it closed. */
function rawRequest(url: string, head: string, onOpen: (socket: net.Socket) => void = () => {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(head);
      onOpen(socket);
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      // One answer is all these tests need.
      if (/\r\n\r\n/.test(answer)) socket.end();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe.each(backends())('per-caller bounds [$name]', (backend) => {
  let server: TestServer;
  let world: World;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    server = await startServer(backend, { env: { SOCKET_MESSAGES_PER_MIN: String(PER_MIN), REQUEST_TIMEOUT_MS: '600' } });
    world = await createWorld(server);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  const trackLength = async (shipment: Shipment) =>
    (await server.app.inject({ url: `/api/v1/shipments/${shipment.id}/track`, headers: server.staff })).json().geometry.coordinates.length as number;

  it('a socket gets so many subscriptions a minute, is refused beyond, and dropped when it keeps going', async () => {
    const socket = await connectSocket(server.url, ADMIN_TOKEN);
    sockets.push(socket);
    const acks = await Promise.all(Array.from({ length: 2 * PER_MIN }, () => subscribe(socket, { siteId: world.site.id })));
    expect(acks.filter((a) => 'ok' in a)).toHaveLength(PER_MIN);
    expect(acks.slice(PER_MIN).every((a) => 'error' in a && a.error.code === 'rate_limited')).toBe(true);
    expect(socket.connected).toBe(true);
    const gone = disconnected(socket);
    socket.emit('subscribe', { siteId: world.site.id }, () => {});
    expect(await gone).toBe('io server disconnect');
    // Another connection has its own budget.
    const other = await connectSocket(server.url, ADMIN_TOKEN);
    sockets.push(other);
    expect(await subscribe(other, { siteId: world.site.id })).toEqual({ ok: true });
  });

  const feature = (i: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [PLANT.lon, PLANT.lat + 0.3 + i * 1e-5] }, properties: { timestamp: new Date(Date.now() - 3_600_000 + i * 1000).toISOString() } });
  it.each([
    ['Overland', () => ({ url: '/overland', headers: { authorization: `Bearer ${world.device.token}` }, payload: { locations: Array.from({ length: 1001 }, (_, i) => feature(i)) } })],
    [
      'Traccar Client JSON',
      () => ({
        url: '/osmand',
        headers: {},
        payload: { device_id: world.device.token, location: Array.from({ length: 1001 }, (_, i) => ({ timestamp: new Date(Date.now() - 3_600_000 + i * 1000).toISOString(), coords: { latitude: PLANT.lat + 0.3, longitude: PLANT.lon } })) },
      }),
    ],
    ['OsmAnd JSON records', () => ({ url: '/osmand', headers: {}, payload: Array.from({ length: 1001 }, (_, i) => ({ id: world.device.token, lat: PLANT.lat + 0.3, lon: PLANT.lon, timestamp: Math.floor(Date.now() / 1000) - 3600 + i })) })],
  ])('%s takes at most 1,000 fixes per request, as the JSON API does', async (_name, request) => {
    const { url, headers, payload } = request();
    const res = await server.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_report', message: expect.stringContaining('at most 1000') });
    expect(await trackLength(world.shipment)).toBe(0);
  });

  it('cuts off a body that trickles in, with 408', async () => {
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const answer = await rawRequest(server.url, `POST /api/v1/pings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${world.device.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`, (socket) => {
      // The attack itself: one byte at a time, far slower than any client sends.
      timer = setInterval(() => {
        if (socket.writable && sent < 1000) {
          socket.write('{');
          sent++;
        }
      }, 50);
    });
    clearInterval(timer);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(1000);
  });

  it('answers an anonymous request before reading its body', async () => {
    // Headers announcing 15 MiB, and not a byte of it: the 401 must come without it.
    const answer = await rawRequest(server.url, `POST /api/v1/shipments/${world.shipment.id}/gpx HTTP/1.1\r\nHost: x\r\nContent-Type: application/gpx+xml\r\nContent-Length: ${15 * 1024 * 1024}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    const json = await rawRequest(server.url, `POST /api/v1/shipments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${15 * 1024 * 1024}\r\n\r\n`);
    expect(json).toMatch(/^HTTP\/1\.1 401/);
  });

  it('keeps the large limit for GPX files only: a large JSON body to the GPX route is 413', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/shipments/${world.shipment.id}/gpx`,
      headers: { ...server.staff, 'content-type': 'application/json' },
      payload: JSON.stringify('x'.repeat(2 * 1024 * 1024)),
    });
    expect(res.statusCode).toBe(413);
  });
});
