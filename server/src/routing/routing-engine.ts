import type { LatLon } from '@dockwatch/shared';

/** A road router that answers how far the road is between two points. */
export interface RoutingEngine {
  /** `osrm` or `valhalla`, for logs and metrics. */
  readonly kind: RoutingEngineKind;
  /** Road distance from `from` to `to` in metres; rejects when the engine fails, times out or finds no route. */
  roadDistanceM(from: LatLon, to: LatLon): Promise<number>;
}

export const ROUTING_ENGINE_KINDS = ['osrm', 'valhalla'] as const;
export type RoutingEngineKind = (typeof ROUTING_ENGINE_KINDS)[number];

export interface RoutingEngineOptions {
  kind: RoutingEngineKind;
  /** The engine's base URL, e.g. `http://osrm:5000` or `http://valhalla:8002`. */
  url: string;
  /** One request is abandoned after this long, in ms. */
  timeoutMs: number;
  /** OSRM profile (the path segment; a stock osrm-routed ignores it) or Valhalla costing. Default `driving` / `truck`. */
  profile?: string;
}

export class RoutingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutingError';
  }
}

const coord = (p: LatLon) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`;

async function fetchJson(url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new RoutingError(`answered ${response.status} with a body that is not JSON`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** OSRM's route service: `GET /route/v1/{profile}/{lon},{lat};{lon},{lat}?overview=false`, distance in metres. */
function osrm(options: RoutingEngineOptions): RoutingEngine {
  const base = options.url.replace(/\/+$/, '');
  const profile = options.profile ?? 'driving';
  return {
    kind: 'osrm',
    async roadDistanceM(from, to) {
      const url = `${base}/route/v1/${encodeURIComponent(profile)}/${coord(from)};${coord(to)}?overview=false&alternatives=false&steps=false`;
      const { status, body } = await fetchJson(url, { headers: { accept: 'application/json' } }, options.timeoutMs);
      if (!isObject(body) || body.code !== 'Ok') {
        const code = isObject(body) && typeof body.code === 'string' ? body.code : `HTTP ${status}`;
        throw new RoutingError(`OSRM answered ${code}`);
      }
      const route = Array.isArray(body.routes) ? (body.routes[0] as unknown) : undefined;
      const distance = isObject(route) ? route.distance : undefined;
      if (typeof distance !== 'number' || !Number.isFinite(distance) || distance < 0) throw new RoutingError('OSRM answered Ok without a route distance');
      return distance;
    },
  };
}

/** Valhalla's route action: `POST /route` with two locations, `trip.summary.length` in kilometres. */
function valhalla(options: RoutingEngineOptions): RoutingEngine {
  const base = options.url.replace(/\/+$/, '');
  const costing = options.profile ?? 'truck';
  return {
    kind: 'valhalla',
    async roadDistanceM(from, to) {
      const payload = { locations: [{ lat: from.lat, lon: from.lon }, { lat: to.lat, lon: to.lon }], costing, units: 'kilometers', directions_type: 'none' };
      const { status, body } = await fetchJson(
        `${base}/route`,
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(payload) },
        options.timeoutMs,
      );
      const trip = isObject(body) ? body.trip : undefined;
      const summary = isObject(trip) ? trip.summary : undefined;
      const length = isObject(summary) ? summary.length : undefined;
      if (status !== 200 || typeof length !== 'number' || !Number.isFinite(length) || length < 0) {
        const reason = isObject(body) && typeof body.error === 'string' ? body.error : `HTTP ${status}`;
        throw new RoutingError(`Valhalla answered ${reason}`);
      }
      const units = isObject(trip) ? trip.units : undefined;
      return units === 'miles' ? length * 1_609.344 : length * 1_000;
    },
  };
}

/** The engine the configuration names. */
export function createRoutingEngine(options: RoutingEngineOptions): RoutingEngine {
  return options.kind === 'osrm' ? osrm(options) : valhalla(options);
}
