import type { Board, Carrier, DeviceCreated, Shipment, Site } from '@dockwatch/shared';
import { ADMIN_TOKEN } from './child-instance';

const staff = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

/** A staff call that must succeed. */
export async function staffCall<T>(baseUrl: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, { method, headers: staff, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export const PLANT = { lat: 48.1351, lon: 11.582 };

export interface Truck {
  device: DeviceCreated;
  shipment: Shipment;
}

export interface Fleet {
  site: Site;
  trucks: Truck[];
}

/** A site with `size` trucks (one device and one shipment each) heading for it. */
export async function createFleet(baseUrl: string, size: number): Promise<Fleet> {
  const site = await staffCall<Site>(baseUrl, 'POST', '/api/v1/sites', { name: unique('Plant'), ...PLANT, timezone: 'Europe/Berlin', geofenceRadiusM: 500, docks: ['D1'] });
  const carrier = await staffCall<Carrier>(baseUrl, 'POST', '/api/v1/carriers', { name: unique('Carrier') });
  const now = Date.now();
  const trucks: Truck[] = [];
  for (let i = 0; i < size; i++) {
    const device = await staffCall<DeviceCreated>(baseUrl, 'POST', `/api/v1/carriers/${carrier.id}/devices`, { name: `Truck ${i + 1}` });
    const shipment = await staffCall<Shipment>(baseUrl, 'POST', '/api/v1/shipments', {
      reference: unique('PO'),
      supplier: 'Bosch Rexroth',
      siteId: site.id,
      carrierId: carrier.id,
      deviceId: device.id,
      windowStart: new Date(now + 60 * 60_000).toISOString(),
      windowEnd: new Date(now + 90 * 60_000).toISOString(),
    });
    trucks.push({ device, shipment });
  }
  return { site, trucks };
}

export const board = (baseUrl: string, siteId: string) => staffCall<Board>(baseUrl, 'GET', `/api/v1/sites/${siteId}/board`);

/** One answered (or unanswered) ingest request. */
export interface PingAttempt {
  deviceId: string;
  ts: string;
  /** HTTP status, or 0 when no answer came within the client's timeout. */
  status: number;
  startedAt: number;
  ms: number;
  retryAfter: string | null;
  code: string | null;
}

/** Posts one ping; never throws. */
export async function postPing(baseUrl: string, token: string, ping: { ts: string; lat: number; lon: number }, timeoutMs = 10_000): Promise<Omit<PingAttempt, 'deviceId'>> {
  const startedAt = performance.now();
  try {
    const res = await fetch(`${baseUrl}/api/v1/pings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(ping),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
    return { ts: ping.ts, status: res.status, startedAt, ms: performance.now() - startedAt, retryAfter: res.headers.get('retry-after'), code: body?.error?.code ?? null };
  } catch {
    return { ts: ping.ts, status: 0, startedAt, ms: performance.now() - startedAt, retryAfter: null, code: null };
  }
}

/**
 * Every truck posts pings one after another, as a device app does: a new fix after each 202,
 * the same fix again after anything else (so an outage costs retries, never fixes). Each fix
 * has its own timestamp, so the database must end up with exactly the acknowledged ones.
 */
export class PingLoad {
  readonly attempts: PingAttempt[] = [];
  #running = true;
  readonly #loops: Promise<void>[];

  constructor(
    private readonly baseUrl: string,
    trucks: readonly Truck[],
    /** Pause between a device's requests, in ms. */
    private readonly paceMs = 25,
  ) {
    // From an hour ago, one second apart: never in the future, never repeated for a device.
    const firstTs = Date.now() - 3_600_000;
    this.#loops = trucks.map((truck) => this.#drive(truck, firstTs));
  }

  async #drive(truck: Truck, firstTs: number): Promise<void> {
    let seq = 0;
    while (this.#running) {
      const ping = { ts: new Date(firstTs + seq * 1000).toISOString(), lat: PLANT.lat + 0.4 - seq * 1e-5, lon: PLANT.lon };
      const attempt = await postPing(this.baseUrl, truck.device.token, ping);
      this.attempts.push({ deviceId: truck.device.id, ...attempt });
      if (attempt.status === 202) seq++;
      await new Promise((resolve) => setTimeout(resolve, this.paceMs));
    }
  }

  /** Acknowledged (202) pings so far. */
  get acknowledged(): PingAttempt[] {
    return this.attempts.filter((a) => a.status === 202);
  }

  /** Resolves once `n` more pings have been acknowledged after this call. */
  async waitForAcks(n: number, timeoutMs = 20_000): Promise<void> {
    const target = this.acknowledged.length + n;
    const deadline = performance.now() + timeoutMs;
    while (this.acknowledged.length < target) {
      if (performance.now() > deadline) throw new Error(`fewer than ${n} pings acknowledged within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops every device after its request in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }
}
