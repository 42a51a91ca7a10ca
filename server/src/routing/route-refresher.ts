import { haversineMeters, isPreArrival, type DomainEvent, type LatLon, type Shipment } from '@dockwatch/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { RoutingEngine } from './routing-engine';

/** Below this great-circle distance the road factor of the rest of the trip is not worth asking for, in metres. */
const MIN_ASK_DISTANCE_M = 2_000;
/** A road factor outside this range is a routing fault (a snapped-off waypoint), not a road. */
const MAX_FACTOR = 3;
const MIN_FACTOR = 0.9;
/** One warning per this long while the engine keeps failing. */
const WARN_EVERY_MS = 60_000;

export interface RouteRefresherOptions {
  engine: RoutingEngine;
  /** Where a site is. */
  siteLocation: (siteId: string) => Promise<LatLon | null>;
  /** Stores a measured road factor with the shipment (and recomputes its ETA). */
  apply: (shipmentId: string, factor: number, measuredAt: number) => Promise<unknown>;
  /** A shipment's road factor is asked for again after this long, in ms. */
  refreshMs: number;
  log: FastifyBaseLogger;
  /** Injectable clock for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Asks the routing engine for the road distance of a moving truck's remaining trip, at most
 * once per `refreshMs` per shipment and never in the request that carried the ping: the ETA
 * uses the road factor from the answer when it comes, and the great-circle model with the site's
 * road factor until then, and whenever the engine fails or is slow.
 */
export class RouteRefresher {
  readonly #options: RouteRefresherOptions;
  readonly #now: () => number;
  readonly #askedAt = new Map<string, number>();
  readonly #inFlight = new Set<Promise<void>>();
  #lastWarning = 0;

  constructor(options: RouteRefresherOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Looks at committed changes: a truck on the road due a fresh road factor gets one asked for. */
  notice(events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (event.type !== 'shipment:updated') continue;
      const s = event.shipment;
      if (!isPreArrival(s.status) || s.arrivedAt !== null || s.position === null) {
        this.#askedAt.delete(s.id);
        continue;
      }
      const now = this.#now();
      const asked = this.#askedAt.get(s.id);
      if (asked !== undefined && now - asked < this.#options.refreshMs) continue;
      this.#askedAt.set(s.id, now);
      const job = this.#refresh(s, now).finally(() => this.#inFlight.delete(job));
      this.#inFlight.add(job);
    }
    this.#forgetOld();
  }

  /** Resolves once every request asked for so far has been answered (or has failed). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  async #refresh(s: Shipment, now: number): Promise<void> {
    try {
      const site = await this.#options.siteLocation(s.siteId);
      if (site === null || s.position === null) return;
      const from = { lat: s.position.lat, lon: s.position.lon };
      const straight = haversineMeters(from, site);
      if (straight < MIN_ASK_DISTANCE_M) return;
      const road = await this.#options.engine.roadDistanceM(from, site);
      // A road a little shorter than the great circle is the router snapping both ends to the road network.
      const factor = Math.max(1, road / straight);
      if (!(road / straight >= MIN_FACTOR && factor <= MAX_FACTOR)) {
        this.#warn({ shipmentId: s.id, factor }, 'routing engine gave an implausible road factor; keeping the site road factor');
        return;
      }
      await this.#options.apply(s.id, factor, now);
    } catch (err) {
      this.#warn({ err, shipmentId: s.id, engine: this.#options.engine.kind }, 'routing engine failed; the ETA keeps the great-circle model');
    }
  }

  #warn(context: object, message: string): void {
    const now = this.#now();
    if (now - this.#lastWarning < WARN_EVERY_MS) return;
    this.#lastWarning = now;
    this.#options.log.warn(context, message);
  }

  /** Shipments not heard of for two refresh periods are forgotten, so the map stays as small as the fleet on the road. */
  #forgetOld(): void {
    if (this.#askedAt.size < 1_000) return;
    const cutoff = this.#now() - 2 * this.#options.refreshMs;
    for (const [id, at] of this.#askedAt) if (at < cutoff) this.#askedAt.delete(id);
  }
}
