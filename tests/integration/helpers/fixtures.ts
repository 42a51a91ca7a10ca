import { DEFAULT_ROAD_FACTOR, defaultProfile, predictArrival, updateEstimator, type Carrier, type DeviceCreated, type Shipment, type ShipmentCreate, type Site } from '@dockwatch/shared';
import type { TestServer } from './server';

/** Plant in Munich; the default shipment's truck starts ~45 km north of it. */
export const PLANT = { lat: 48.1351, lon: 11.582 };

let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

async function post<T>(server: TestServer, url: string, payload: unknown): Promise<T> {
  const res = await server.app.inject({ method: 'POST', url, headers: server.staff, payload: payload as object });
  if (res.statusCode !== 201) throw new Error(`POST ${url} → ${res.statusCode}: ${res.body}`);
  return res.json<T>();
}

export interface World {
  site: Site;
  carrier: Carrier;
  device: DeviceCreated;
  shipment: Shipment;
  /** Authorization header of the device. */
  deviceAuth: { authorization: string };
}

/** A site, a carrier with one device, and one shipment on that device with a window 1–2 h ahead. */
export async function createWorld(server: TestServer, overrides: Partial<ShipmentCreate> = {}, now = Date.now()): Promise<World> {
  const site = await post<Site>(server, '/api/v1/sites', {
    name: unique('Plant'),
    ...PLANT,
    timezone: 'Europe/Berlin',
    geofenceRadiusM: 500,
    docks: ['D1', 'D2'],
  });
  const carrier = await post<Carrier>(server, '/api/v1/carriers', { name: unique('Carrier') });
  const device = await post<DeviceCreated>(server, `/api/v1/carriers/${carrier.id}/devices`, { name: 'Truck 1' });
  const shipment = await createShipment(server, { siteId: site.id, carrierId: carrier.id, deviceId: device.id, ...overrides }, now);
  return { site, carrier, device, shipment, deviceAuth: { authorization: `Bearer ${device.token}` } };
}

export async function createShipment(
  server: TestServer,
  input: Partial<ShipmentCreate> & Pick<ShipmentCreate, 'siteId' | 'carrierId'>,
  now = Date.now(),
): Promise<Shipment> {
  return post<Shipment>(server, '/api/v1/shipments', {
    reference: unique('PO'),
    supplier: 'Bosch Rexroth',
    windowStart: new Date(now + 60 * 60_000).toISOString(),
    windowEnd: new Date(now + 90 * 60_000).toISOString(),
    items: [{ sku: 'HYD-200', description: 'Hydraulic valve', quantity: 40 }],
    ...input,
  });
}

/** A fix at `ts` (epoch ms) at the given point. */
export const fixAtTime = (lat: number, lon: number, ts: number, extra: Record<string, number> = {}) => ({ ts: new Date(ts).toISOString(), lat, lon, ...extra });

/** A fix `secondsAgo` before now at the given point. */
export const fixAt = (lat: number, lon: number, secondsAgo = 0, extra: Record<string, number> = {}) => ({
  ts: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  lat,
  lon,
  ...extra,
});

/**
 * Latitude due north of the plant (geofence 500 m, road factor 1.3) from which a truck's first
 * ping gets an ETA `minutes` after the ping, as the predictor gives it with the default rules.
 */
export function latForEta(minutes: number, radiusM = 500): number {
  const site = { ...PLANT, geofenceRadiusM: radiusM };
  const profile = defaultProfile(DEFAULT_ROAD_FACTOR);
  const etaAt = (lat: number) => {
    const estimator = updateEstimator(null, { ts: 0, lat, lon: PLANT.lon, speed: null }, site, profile);
    return predictArrival({ estimator, site, profile, now: 0 }).eta;
  };
  let lo = PLANT.lat;
  let hi = PLANT.lat + 15;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (etaAt(mid) < minutes * 60_000) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Alerts at once, with no persistence, for tests about what an alert carries rather than when it
 * comes: a site's lateness alerts otherwise wait for their condition to hold (raise) or clear (resolve).
 */
export async function alertWithoutPersistence(server: TestServer, siteId: string): Promise<void> {
  const res = await server.app.inject({ method: 'PATCH', url: `/api/v1/sites/${siteId}/alert-settings`, headers: server.staff, payload: { raiseAfterMinutes: 0, resolveAfterMinutes: 0 } });
  if (res.statusCode !== 200) throw new Error(`alert settings: ${res.statusCode} ${res.body}`);
}
