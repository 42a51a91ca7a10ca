import { haversineMeters, type Shipment } from '@dockwatch/shared';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, fixAt, latForEta, PLANT } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

/** A stand-in for a routing engine on a free port: answers each request as `answer` says. */
class StubRouter {
  readonly requests: { method: string; url: string; body: string }[] = [];
  answer: (req: { method: string; url: string; body: unknown }) => { status: number; body: unknown } | 'hang' = () => ({ status: 500, body: {} });
  readonly #server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const answer = this.answer({ method: req.method ?? '', url: req.url ?? '', body: body === '' ? null : (JSON.parse(body) as unknown) });
      if (answer === 'hang') return; // never answers: the client's timeout must end it
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** OSRM's route answer (code Ok, one route with distance in metres and duration in seconds). */
const osrmRoute = (distanceM: number) => ({
  code: 'Ok',
  routes: [{ legs: [{ steps: [], summary: '', weight: distanceM / 20, duration: distanceM / 20, distance: distanceM }], weight_name: 'routability', weight: distanceM / 20, duration: distanceM / 20, distance: distanceM }],
  waypoints: [
    { hint: 'stub', distance: 3.1, name: 'B 13', location: [11.6, 48.55] },
    { hint: 'stub', distance: 1.2, name: 'Werkstraße', location: [PLANT.lon, PLANT.lat] },
  ],
});

/** Valhalla's route answer: trip.summary.length in the requested units (kilometres), time in seconds. */
const valhallaTrip = (lengthKm: number) => ({
  trip: {
    locations: [],
    legs: [{ summary: { length: lengthKm, time: lengthKm * 50 } }],
    summary: { has_time_restrictions: false, has_toll: false, min_lat: PLANT.lat, min_lon: PLANT.lon, max_lat: 48.6, max_lon: 11.7, time: lengthKm * 50, length: lengthKm, cost: lengthKm * 60 },
    status_message: 'Found route between points',
    status: 0,
    units: 'kilometers',
    language: 'en-US',
  },
  id: 'dockwatch',
});

describe.each(backends())('ETA road distance from a routing engine [$name]', (backend) => {
  const router = new StubRouter();
  let url = '';
  beforeAll(async () => {
    url = await router.start();
  });
  afterAll(async () => {
    await router.close();
  });

  const lat = latForEta(60);
  const straightM = haversineMeters({ lat, lon: PLANT.lon }, PLANT);
  const getShipment = async (server: TestServer, id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}`, headers: server.staff })).json<Shipment>();
  /** Posts one ping 60 min out and waits for the routing engine's answer to be applied (or to fail). */
  const pingAndSettle = async (server: TestServer) => {
    const world = await createWorld(server);
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(lat, PLANT.lon) });
    expect(res.statusCode).toBe(202);
    const before = await getShipment(server, world.shipment.id);
    await server.app.routeRefresher!.idle();
    return { before, after: await getShipment(server, world.shipment.id) };
  };
  const minutesBetween = (a: string | null, b: string | null) => (Date.parse(b!) - Date.parse(a!)) / 60_000;
  /** A server of its own per engine (each start gets its own hook time: embedded starts are slow). */
  const serverWith = (env: () => Record<string, string>) => {
    const holder: { server: TestServer | null } = { server: null };
    beforeAll(async () => {
      holder.server = await startServer(backend, { env: env() });
    });
    afterAll(async () => {
      await holder.server?.close();
    });
    return () => holder.server!;
  };

  // Generous timeouts: the stub shares its event loop with the embedded database, which blocks it while it works.
  describe('OSRM', () => {
    const osrm = serverWith(() => ({ ROUTING_URL: url, ROUTING_ENGINE: 'osrm', ROUTING_TIMEOUT_MS: '3000' }));

    it('asks OSRM for the road distance of the remaining trip and puts a longer road into the ETA', async () => {
      router.answer = ({ url: path }) => (path.startsWith('/route/v1/driving/') ? { status: 200, body: osrmRoute(straightM * 2) } : { status: 404, body: {} });
      const { before, after } = await pingAndSettle(osrm());
      const asked = router.requests.at(-1)!;
      expect(asked.method).toBe('GET');
      expect(asked.url).toBe(`/route/v1/driving/${PLANT.lon.toFixed(6)},${lat.toFixed(6)};${PLANT.lon.toFixed(6)},${PLANT.lat.toFixed(6)}?overview=false&alternatives=false&steps=false`);
      // Road factor 2.0 for this trip instead of the site's 1.3: the ETA and its band move later by about half again.
      expect(minutesBetween(before.eta, after.eta)).toBeGreaterThan(15);
      expect(Date.parse(after.etaEarliest!)).toBeLessThanOrEqual(Date.parse(after.eta!));
      expect(after.version).toBe(before.version + 1);
    });

    it('keeps the great-circle ETA when the engine fails, finds no route or does not answer in time', async () => {
      for (const answer of [() => ({ status: 500, body: { message: 'internal' } }), () => ({ status: 400, body: { code: 'NoRoute', message: 'Impossible route between points' } }), () => 'hang' as const]) {
        router.answer = answer;
        const { before, after } = await pingAndSettle(osrm());
        expect(after.eta).toBe(before.eta);
        expect(after.version).toBe(before.version);
      }
      // The server went on serving throughout.
      expect((await osrm().app.inject({ url: '/healthz' })).statusCode).toBe(200);
    });
  });

  describe('Valhalla', () => {
    const valhalla = serverWith(() => ({ ROUTING_URL: url, ROUTING_ENGINE: 'valhalla', ROUTING_TIMEOUT_MS: '3000' }));

    it('asks Valhalla (POST /route, truck costing, kilometres) and uses its trip length', async () => {
      router.answer = ({ method, url: path }) => (method === 'POST' && path === '/route' ? { status: 200, body: valhallaTrip((straightM * 1.05) / 1000) } : { status: 404, body: {} });
      const { before, after } = await pingAndSettle(valhalla());
      const asked = router.requests.at(-1)!;
      expect(JSON.parse(asked.body)).toEqual({
        locations: [
          { lat, lon: PLANT.lon },
          { lat: PLANT.lat, lon: PLANT.lon },
        ],
        costing: 'truck',
        units: 'kilometers',
        directions_type: 'none',
      });
      // A road nearly as straight as the crow flies (factor 1.05 instead of 1.3): an earlier ETA.
      expect(minutesBetween(before.eta, after.eta)).toBeLessThan(-5);
    });
  });

  describe('no engine', () => {
    const none = serverWith(() => ({}));

    it('asks nothing when no engine is configured', async () => {
      const asked = router.requests.length;
      const world = await createWorld(none());
      await none().app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(lat, PLANT.lon) });
      expect(none().app.routeRefresher).toBeNull();
      expect(router.requests).toHaveLength(asked);
    });
  });
});
