import type { LatLon } from '@dockwatch/shared';
import { mulberry32, offset, planRoute, pointAlong, type Route } from './route';

export type TripScenario = 'early' | 'on_time' | 'late' | 'stalled';

/** One truck's plan: when it leaves, how it drives, and where it is at any moment. */
export interface Trip {
  scenario: TripScenario;
  route: Route;
  /** Epoch ms the truck leaves its origin. */
  departAt: number;
  /** Cruise speed in m/s. */
  speedMps: number;
  /** A stop on the way (stalled trips): [start, end) in epoch ms of standing still. */
  stall: { from: number; to: number } | null;
}

export interface TripState {
  phase: 'waiting' | 'driving' | 'stalled' | 'arrived';
  position: LatLon;
  speedMps: number;
  headingDeg: number;
}

/** When the trip's plan has the truck at the site: its drive, plus its stop if it stalls. */
export const arrivalOf = (trip: Trip): number => trip.departAt + (trip.route.lengthM / trip.speedMps) * 1000 + (trip.stall ? trip.stall.to - trip.stall.from : 0);

/** Where the truck of a trip is at `now`. */
export function tripStateAt(trip: Trip, now: number): TripState {
  if (now < trip.departAt) {
    return { phase: 'waiting', position: trip.route.points[0]!, speedMps: 0, headingDeg: 0 };
  }
  let drivingMs = now - trip.departAt;
  let stalledNow = false;
  if (trip.stall && now >= trip.stall.from) {
    stalledNow = now < trip.stall.to;
    drivingMs -= Math.min(now, trip.stall.to) - trip.stall.from;
  }
  const distance = (drivingMs / 1000) * trip.speedMps;
  const { position, headingDeg } = pointAlong(trip.route, distance);
  if (distance >= trip.route.lengthM) return { phase: 'arrived', position, speedMps: 0, headingDeg };
  return stalledNow
    ? { phase: 'stalled', position, speedMps: 0, headingDeg }
    : { phase: 'driving', position, speedMps: trip.speedMps, headingDeg };
}

export interface TripPlanInput {
  site: LatLon;
  windowStart: number;
  windowEnd: number;
  scenario: TripScenario;
  seed: number;
  /** Longest drive in ms; origins are placed so trips take at most this long. Default 90 min. */
  maxDriveMs?: number;
  /** Leave no later than this (epoch ms): the origin moves out far enough that the truck is on the road by then. */
  departBy?: number;
}

/**
 * Plans a trip that arrives as its scenario says: early (well before the window), on time,
 * late (after the window end) or stalled (leaves on time, then stands still for 25 min).
 */
export function planTrip(input: TripPlanInput): Trip {
  const random = mulberry32(input.seed);
  const speedMps = 17 + random() * 8; // 61–90 km/h average on trunk roads
  const plannedDriveMs = (input.maxDriveMs ?? 90 * 60_000) * (0.35 + random() * 0.65);
  const windowMs = input.windowEnd - input.windowStart;
  const stallMs = 25 * 60_000;
  const arriveAt = {
    early: input.windowStart - (25 + random() * 20) * 60_000,
    on_time: input.windowStart + windowMs * (0.1 + random() * 0.4),
    late: input.windowEnd + (10 + random() * 35) * 60_000,
    stalled: input.windowStart + windowMs * 0.3 + stallMs,
  }[input.scenario];
  // A route bends 5–10 % more than the straight line to its origin, which is placed for 7 %: 5 % more
  // drive keeps the departure before `departBy` whichever way the route bends.
  const driveMs = input.departBy === undefined ? plannedDriveMs : Math.max(plannedDriveMs, (arriveAt - input.departBy - (input.scenario === 'stalled' ? stallMs : 0)) * 1.05);
  // Drive distance along a wiggly route is ~5–10% longer than the straight line.
  const routeLength = (driveMs / 1000) * speedMps;
  const origin = offset(input.site, random() * 360, routeLength / 1.07);
  const route = planRoute(origin, input.site, input.seed);
  const actualDriveMs = (route.lengthM / speedMps) * 1000;
  const stall = input.scenario === 'stalled' ? { from: 0, to: 0 } : null;
  const departAt = arriveAt - actualDriveMs - (stall ? stallMs : 0);
  if (stall) {
    stall.from = departAt + actualDriveMs * 0.55;
    stall.to = stall.from + stallMs;
  }
  return { scenario: input.scenario, route, departAt, speedMps, stall };
}
