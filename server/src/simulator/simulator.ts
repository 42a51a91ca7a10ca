import type { Carrier, LineItem, Shipment, Site } from '@dockwatch/shared';
import type { DockwatchClient } from './http-client';
import { mulberry32 } from './route';
import { planTrip, tripStateAt, type Trip, type TripScenario } from './trips';

const CARRIERS = ['Alpen Logistik', 'Danube Freight', 'Nordland Trans', 'Rhine Cargo'];
export const SUPPLIERS = ['Bosch Rexroth', 'ZF Friedrichshafen', 'Continental', 'Schaeffler', 'Mahle', 'Brose', 'Webasto', 'Hella', 'Knorr-Bremse', 'Freudenberg'];
export const PARTS: LineItem[] = [
  { sku: 'HYD-220', description: 'Hydraulic valve block', quantity: 40 },
  { sku: 'BRK-118', description: 'Brake caliper, front left', quantity: 120 },
  { sku: 'HRN-530', description: 'Wiring harness, door', quantity: 300 },
  { sku: 'SEN-041', description: 'ABS wheel speed sensor', quantity: 800 },
  { sku: 'BRG-907', description: 'Wheel bearing unit', quantity: 240 },
  { sku: 'ECU-300', description: 'Body control module', quantity: 60 },
];
/** Share of each scenario in a generated fleet. */
const SCENARIO_CYCLE: TripScenario[] = ['on_time', 'early', 'on_time', 'late', 'on_time', 'stalled', 'on_time', 'early', 'late', 'on_time'];

export interface Truck {
  shipment: Shipment;
  deviceToken: string;
  trip: Trip;
  /**
   * Set once the site has the shipment as arrived; until then a truck at the gate keeps
   * reporting (arrival needs several fixes or a minute inside the geofence, not one).
   */
  done: boolean;
  /** When the server was last asked whether this truck's shipment has arrived. */
  checkedAt?: number;
}

/** How often a truck standing at the site asks the server whether its arrival has registered. */
const ARRIVAL_CHECK_MS = 5_000;

export interface FleetOptions {
  trucks: number;
  /** Seed for routes and scenarios. Default: time-based. */
  seed?: number;
  /** Epoch ms the plan starts from. Default now. */
  now?: number;
  /** Spread of window starts over the coming hours, in ms. Default 6 h. */
  spreadMs?: number;
  /** Use the site's carriers of the same names when they exist (the demo, whose history they keep). Default false. */
  reuseCarriers?: boolean;
  onProgress?: (created: number, total: number) => void;
}

/**
 * Creates carriers, one device per truck and one inbound shipment per truck at the site, with
 * windows spread over the coming hours, and plans each truck's trip.
 */
export async function createFleet(api: DockwatchClient, site: Site, options: FleetOptions): Promise<Truck[]> {
  const now = options.now ?? Date.now();
  const seed = options.seed ?? now % 1_000_000;
  const random = mulberry32(seed);
  const carriers: Carrier[] = [];
  const existing = options.reuseCarriers ? await api.listCarriers() : [];
  for (const name of CARRIERS.slice(0, Math.max(1, Math.min(CARRIERS.length, Math.ceil(options.trucks / 5))))) {
    carriers.push(existing.find((c) => c.name === name) ?? (await api.createCarrier(name)));
  }
  const docks = site.docks.length > 0 ? site.docks : [null];
  const spread = options.spreadMs ?? 6 * 3_600_000;
  const stamp = new Date(now).toISOString().slice(2, 10).replaceAll('-', '');
  const runTag = Math.floor(random() * 36 ** 3).toString(36).toUpperCase().padStart(3, '0');
  const trucks: Truck[] = [];
  for (let i = 0; i < options.trucks; i++) {
    const carrier = carriers[i % carriers.length]!;
    const device = await api.createDevice(carrier.id, `Truck ${String(i + 1).padStart(2, '0')}`);
    // Windows start from 40 min ago onwards, on 5-minute marks, 30 or 60 minutes long.
    const startOffset = -40 * 60_000 + (spread * i) / Math.max(1, options.trucks);
    const windowStart = Math.round((now + startOffset) / 300_000) * 300_000;
    const windowEnd = windowStart + (random() < 0.6 ? 30 : 60) * 60_000;
    const dock = docks[i % docks.length] ?? null;
    const items = PARTS.filter(() => random() < 0.35).slice(0, 3);
    const shipment = await api.createShipment({
      reference: `ASN-${stamp}-${runTag}${String(i + 1).padStart(3, '0')}`,
      siteId: site.id,
      carrierId: carrier.id,
      supplier: SUPPLIERS[Math.floor(random() * SUPPLIERS.length)]!,
      windowStart: new Date(windowStart).toISOString(),
      windowEnd: new Date(windowEnd).toISOString(),
      deviceId: device.id,
      items: items.length > 0 ? items : [PARTS[i % PARTS.length]!],
      ...(dock ? { dock } : {}),
    });
    const scenario = SCENARIO_CYCLE[i % SCENARIO_CYCLE.length]!;
    // The first late truck is on the road from the start, so its lateness shows at once (and the
    // demo's short part, which it carries, is a shortage from the first minutes).
    const departBy = scenario === 'late' && !trucks.some((t) => t.trip.scenario === 'late') ? now - 10 * 60_000 : undefined;
    const trip = planTrip({ site, windowStart, windowEnd, scenario, seed: seed + i * 7919, ...(departBy === undefined ? {} : { departBy }) });
    trucks.push({ shipment, deviceToken: device.token, trip, done: false });
    options.onProgress?.(i + 1, options.trucks);
  }
  return trucks;
}

export interface DriveStats {
  sent: number;
  errors: number;
  waiting: number;
  enRoute: number;
  arrived: number;
  lastError: string | null;
}

export interface DriveOptions {
  /** Pings per second across the fleet. */
  rate: number;
  /** Stop after this long (ms); default: until every truck arrived or the signal aborts. */
  durationMs?: number;
  /** Stop once this many pings were sent; default no limit. */
  maxPings?: number;
  signal?: AbortSignal;
  /** Called about once a second with running totals. */
  onProgress?: (stats: DriveStats) => void;
}

/**
 * Posts each truck's position over the real ping API, round-robin at `rate` pings/s, until
 * the site has every truck as arrived: a truck at the gate keeps reporting until then.
 */
export async function driveFleet(api: Pick<DockwatchClient, 'postPings' | 'getShipment'>, trucks: Truck[], options: DriveOptions): Promise<DriveStats> {
  const stats: DriveStats = { sent: 0, errors: 0, waiting: 0, enRoute: 0, arrived: 0, lastError: null };
  const interval = 1000 / options.rate;
  const started = Date.now();
  let cursor = 0;
  let lastProgress = 0;
  const random = mulberry32(started % 1_000_000);

  const count = (now: number) => {
    stats.waiting = stats.enRoute = stats.arrived = 0;
    for (const t of trucks) {
      if (t.done) stats.arrived++;
      else if (tripStateAt(t.trip, now).phase === 'waiting') stats.waiting++;
      else stats.enRoute++;
    }
  };

  while (!options.signal?.aborted) {
    const now = Date.now();
    if (options.durationMs !== undefined && now - started >= options.durationMs) break;
    if (options.maxPings !== undefined && stats.sent >= options.maxPings) break;
    count(now);
    if (now - lastProgress >= 1000) {
      options.onProgress?.({ ...stats });
      lastProgress = now;
    }
    if (stats.arrived === trucks.length) break;

    // Next truck that has something to report.
    let truck: Truck | undefined;
    for (let k = 0; k < trucks.length && !truck; k++) {
      const candidate = trucks[(cursor + k) % trucks.length]!;
      if (!candidate.done && tripStateAt(candidate.trip, now).phase !== 'waiting') {
        truck = candidate;
        cursor = (cursor + k + 1) % trucks.length;
      }
    }
    if (truck) {
      const state = tripStateAt(truck.trip, now);
      try {
        await api.postPings(truck.deviceToken, {
          ts: new Date(now).toISOString(),
          lat: state.position.lat,
          lon: state.position.lon,
          speed: Math.round(state.speedMps * (0.9 + random() * 0.2) * 10) / 10,
          heading: Math.round(state.headingDeg),
          accuracy: Math.round(4 + random() * 12),
        });
        stats.sent++;
        if (state.phase === 'arrived' && now - (truck.checkedAt ?? -Infinity) >= ARRIVAL_CHECK_MS) {
          truck.checkedAt = now;
          truck.done = (await api.getShipment(truck.shipment.id)).arrivedAt !== null;
        }
      } catch (error) {
        stats.errors++;
        stats.lastError = (error as Error).message;
      }
    }
    const wait = interval - (Date.now() - now);
    if (wait > 0) await sleep(wait, options.signal);
  }
  count(Date.now());
  options.onProgress?.({ ...stats });
  return stats;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** One progress line, e.g. `sent 120 pings · 14 en route · 3 arrived · 23 waiting · 0 errors`. */
export function formatDriveStats(s: DriveStats): string {
  return `sent ${s.sent} pings · ${s.enRoute} en route · ${s.arrived} arrived · ${s.waiting} waiting · ${s.errors} errors${s.lastError ? ` (last: ${s.lastError.slice(0, 80)})` : ''}`;
}
