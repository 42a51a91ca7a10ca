/**
 * The scene the render bench shows in Chromium: the real app serving a fresh client build, one
 * site with thousands of active shipments spread over a few devices, and a driver posting device
 * pings over HTTP at a steady rate so the site room receives a known number of updates per second.
 */
import type { Carrier, DeviceCreated, Site } from '@dockwatch/shared';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PLANT } from '../integration/helpers/fixtures';
import { startServer, type TestServer } from '../integration/helpers/server';
import { PINGS_PATH } from './protocol';

const CLIENT_ROOT = fileURLToPath(new URL('../../client/', import.meta.url));
const DOCKS = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8'];
const SUPPLIERS = ['Bosch Rexroth', 'ZF Friedrichshafen', 'Schaeffler', 'Continental', 'Mahle'];
/** Trucks report 15 m/s and move 150 m towards the site per ping, starting 8–58 km out: none reaches the geofence during a run. */
const SPEED_MPS = 15;
const STEP_M = 150;
const METRES_PER_DEGREE = 111_320;

/** How the active shipments are spread over devices (one ping moves all of a device's shipments). */
export interface FleetShape {
  devices: number;
  shipmentsPerDevice: number;
}

interface Truck {
  token: string;
  lat: number;
  lon: number;
  /** Degrees from north, towards the site. */
  heading: number;
  lastTs: number;
}

export interface RenderScene {
  url: string;
  siteId: string;
  shipments: number;
  driver: PingDriver;
  close(): Promise<void>;
}

/**
 * Builds the client into a temporary folder (the workspace's client/dist stays untouched) and
 * starts the real app on the embedded backend serving it, without map tiles or the alert sweep.
 */
async function startClientServer(): Promise<{ server: TestServer; clientDir: string }> {
  const clientDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-client-'));
  // vite is a dependency of the client package only: load the very copy `pnpm build` runs.
  const vitePath = createRequire(path.join(CLIENT_ROOT, 'package.json')).resolve('vite');
  const vite = (await import(pathToFileURL(vitePath).href)) as { build(config: object): Promise<unknown> };
  await vite.build({ root: CLIENT_ROOT, logLevel: 'warn', build: { outDir: clientDir, emptyOutDir: true, sourcemap: false } });
  // No alert sweep: its pass over every shipment every 30 s would land in some windows and not others.
  const env = { CLIENT_DIR: clientDir, TILE_URL: '', ALERT_SWEEP_S: '0' };
  const server = await startServer({ name: 'embedded', databaseUrl: null, redisUrl: null }, { env });
  return { server, clientDir };
}

/** Runs `task` over `items`, `limit` at a time: the embedded database runs one transaction at a time anyway. */
async function withConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function post<T>(server: TestServer, url: string, payload: object): Promise<T> {
  const res = await server.app.inject({ method: 'POST', url, headers: server.staff, payload });
  if (res.statusCode !== 201) throw new Error(`POST ${url} → ${res.statusCode}: ${res.body}`);
  return res.json<T>();
}

/**
 * One site with `devices × shipmentsPerDevice` active shipments: windows spread over the dock
 * timeline (past hour to 11 h ahead) and its eight docks, each device parked on its own spot
 * around the site and given one position, so every shipment has a marker before the page opens.
 */
export async function startRenderScene(shape: FleetShape, progress: (message: string) => void): Promise<RenderScene> {
  const { server, clientDir } = await startClientServer();
  try {
    const site = await post<Site>(server, '/api/v1/sites', { name: 'Render bench plant', ...PLANT, timezone: 'Europe/Berlin', docks: DOCKS });
    const carrier = await post<Carrier>(server, '/api/v1/carriers', { name: 'Render bench carrier' });
    const total = shape.devices * shape.shipmentsPerDevice;
    const now = Date.now();
    const devices = await withConcurrency(Array.from({ length: shape.devices }, (_, d) => d), 8, (d) =>
      post<DeviceCreated>(server, `/api/v1/carriers/${carrier.id}/devices`, { name: `Truck ${d + 1}` }),
    );
    let created = 0;
    await withConcurrency(Array.from({ length: total }, (_, n) => n), 8, async (n) => {
      const d = n % shape.devices;
      // Neighbouring board rows (by window) belong to different trucks.
      const windowStart = Math.round((now - 3_600_000 + (n / total) * 12 * 3_600_000) / 900_000) * 900_000;
      await post(server, '/api/v1/shipments', {
        reference: `PO-${String(n + 1).padStart(5, '0')}`,
        siteId: site.id,
        carrierId: carrier.id,
        deviceId: devices[d]!.id,
        supplier: SUPPLIERS[n % SUPPLIERS.length]!,
        dock: DOCKS[n % DOCKS.length]!,
        windowStart: new Date(windowStart).toISOString(),
        windowEnd: new Date(windowStart + 30 * 60_000).toISOString(),
        items: [{ sku: `SKU-${n % 97}`, description: 'Hydraulic valve', quantity: 10 + (n % 40) }],
      });
      if (++created % 500 === 0) progress(`render bench: ${created}/${total} shipments created`);
    });
    const trucks = devices.map((device, d): Truck => {
      // Golden-angle spiral: every truck on its own spot around the site.
      const bearing = (d * 137.508) % 360;
      const km = 8 + 50 * ((d * 0.618034) % 1);
      const rad = (bearing * Math.PI) / 180;
      return {
        token: device.token,
        lat: PLANT.lat + (km * 1000 * Math.cos(rad)) / METRES_PER_DEGREE,
        lon: PLANT.lon + (km * 1000 * Math.sin(rad)) / (METRES_PER_DEGREE * Math.cos((PLANT.lat * Math.PI) / 180)),
        heading: (bearing + 180) % 360,
        lastTs: 0,
      };
    });
    const driver = new PingDriver(server.url, trucks);
    await driver.positionAll();
    return {
      url: server.url,
      siteId: site.id,
      shipments: total,
      driver,
      close: async () => {
        await driver.stop();
        await server.close();
        await rm(clientDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close().catch(() => {});
    await rm(clientDir, { recursive: true, force: true });
    throw error;
  }
}

/** Posts device pings over HTTP, round-robin over the trucks, evenly spaced in time. */
export class PingDriver {
  #timer: NodeJS.Timeout | null = null;
  #next = 0;
  readonly #inFlight = new Set<Promise<void>>();
  /** Pings answered 202, failed, and skipped because the server fell behind. */
  readonly stats = { accepted: 0, failed: 0, skipped: 0, firstError: null as string | null };

  constructor(
    private readonly url: string,
    private readonly trucks: readonly Truck[],
  ) {}

  /** One ping per truck, awaited: afterwards every shipment has a position. */
  async positionAll(): Promise<void> {
    await withConcurrency(this.trucks, 8, (truck) => this.#post(truck, false));
    if (this.stats.failed > 0) throw new Error(`positioning the trucks: ${this.stats.firstError}`);
  }

  start(pingsPerSecond: number): void {
    if (this.#timer) return;
    const started = performance.now();
    let sent = 0;
    this.#timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * pingsPerSecond);
      for (; sent < due; sent++) {
        const truck = this.trucks[this.#next++ % this.trucks.length]!;
        // A server that falls behind is reported through the deltas the page receives, not queued up.
        if (this.#inFlight.size >= 64) this.stats.skipped++;
        else void this.#post(truck, true);
      }
    }, 5);
  }

  /** Stops posting and waits for the pings in flight. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await Promise.all(this.#inFlight);
  }

  #post(truck: Truck, move: boolean): Promise<void> {
    if (move) {
      const rad = (truck.heading * Math.PI) / 180;
      truck.lat += (STEP_M * Math.cos(rad)) / METRES_PER_DEGREE;
      truck.lon += (STEP_M * Math.sin(rad)) / (METRES_PER_DEGREE * Math.cos((truck.lat * Math.PI) / 180));
    }
    // Strictly increasing per device: a repeated timestamp would count as a duplicate and move nothing.
    truck.lastTs = Math.max(Date.now(), truck.lastTs + 1);
    const body = { ts: new Date(truck.lastTs).toISOString(), lat: truck.lat, lon: truck.lon, speed: SPEED_MPS, heading: truck.heading };
    const request = fetch(`${this.url}${PINGS_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${truck.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // A server that stops answering shows up as failed pings instead of a bench that never ends.
      signal: AbortSignal.timeout(30_000),
    })
      .then(async (res) => {
        const text = await res.text();
        if (res.status === 202) this.stats.accepted++;
        else throw new Error(`${res.status} ${text}`);
      })
      .catch((error: unknown) => {
        this.stats.failed++;
        this.stats.firstError ??= (error as Error).message;
      })
      .finally(() => this.#inFlight.delete(request));
    this.#inFlight.add(request);
    return request;
  }
}
