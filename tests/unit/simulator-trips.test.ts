import { describe, expect, it } from 'vitest';
import { haversineMeters, windowStatusOf, type LatLon, type WindowStatus } from '@dockwatch/shared';
import { planTrip, tripStateAt, type Trip, type TripScenario, type TripState } from '../../server/src/simulator/trips';

const MIN = 60_000;
const STEP_MS = 5_000;
const STALL_MS = 25 * MIN;
const SITE: LatLon = { lat: 53.55, lon: 9.99 };
const WINDOW_START = Date.UTC(2025, 2, 4, 10, 0);
const SEEDS = [1, 2, 3, 42, 1234, 99_991, 2_024_117, 7_777_777];
const WINDOWS = [30, 60];

interface Sample {
  t: number;
  state: TripState;
}

/** Follows a trip in 5-second ticks from a minute before departure until it has arrived. */
function drive(trip: Trip): { samples: Sample[]; arrivedAt: number } {
  const samples: Sample[] = [];
  for (let t = trip.departAt - MIN; t < trip.departAt + 4 * 3_600_000; t += STEP_MS) {
    const state = tripStateAt(trip, t);
    samples.push({ t, state });
    if (state.phase === 'arrived') return { samples, arrivedAt: t };
  }
  throw new Error(`the ${trip.scenario} truck never arrived`);
}

const plan = (scenario: TripScenario, seed: number, windowMinutes: number): Trip =>
  planTrip({ site: SITE, windowStart: WINDOW_START, windowEnd: WINDOW_START + windowMinutes * MIN, scenario, seed });

/** The window status of a truck that arrived at `arrivedAt`, as the board shows it. */
const statusOnArrival = (arrivedAt: number, windowEnd: number): WindowStatus =>
  windowStatusOf({ eta: arrivedAt, arrivedAt }, WINDOW_START, windowEnd, arrivedAt);

const cases = (scenario: TripScenario) => SEEDS.flatMap((seed) => WINDOWS.map((windowMinutes) => ({ scenario, seed, windowMinutes })));

describe('tripStateAt', () => {
  it('waits at the origin, standing still, before departure', () => {
    const trip = plan('on_time', 1, 30);
    for (const t of [trip.departAt - 3_600_000, trip.departAt - 1]) {
      expect(tripStateAt(trip, t)).toEqual({ phase: 'waiting', position: trip.route.points[0], speedMps: 0, headingDeg: 0 });
    }
    expect(tripStateAt(trip, trip.departAt)).toMatchObject({ phase: 'driving', speedMps: trip.speedMps });
  });

  it('stays arrived at the site, standing still, after arrival', () => {
    const trip = plan('late', 2, 30);
    const { arrivedAt } = drive(trip);
    for (const t of [arrivedAt, arrivedAt + MIN, arrivedAt + 24 * 3_600_000]) {
      const state = tripStateAt(trip, t);
      expect(state.phase).toBe('arrived');
      expect(state.speedMps).toBe(0);
      expect(haversineMeters(state.position, SITE)).toBeLessThan(1);
    }
  });
});

describe('planTrip', () => {
  describe.each(['early', 'on_time', 'late', 'stalled'] as const)('%s trucks', (scenario) => {
    it.each(cases(scenario))('reach the site from a realistic origin (seed $seed, $windowMinutes min window)', ({ seed, windowMinutes }) => {
      const trip = plan(scenario, seed, windowMinutes);
      const { samples, arrivedAt } = drive(trip);
      const arrival = tripStateAt(trip, arrivedAt);
      expect(haversineMeters(arrival.position, SITE)).toBeLessThan(50);
      // Trucks leave 20–90 minutes of driving away, at 61–90 km/h.
      const origin = trip.route.points[0]!;
      expect(haversineMeters(origin, SITE)).toBeGreaterThan(15_000);
      expect(trip.speedMps * 3.6).toBeGreaterThanOrEqual(61);
      expect(trip.speedMps * 3.6).toBeLessThanOrEqual(90);
      const drivingMs = arrivedAt - trip.departAt - (trip.stall ? STALL_MS : 0);
      expect(drivingMs).toBeLessThanOrEqual(90 * MIN + STEP_MS);
      // No jumps: between two ticks the truck moves at most its speed allows.
      for (let i = 1; i < samples.length; i++) {
        const moved = haversineMeters(samples[i - 1]!.state.position, samples[i]!.state.position);
        expect(moved).toBeLessThanOrEqual(trip.speedMps * (STEP_MS / 1000) * 1.01);
      }
    });
  });

  it.each(cases('early'))('early trucks arrive well before the window opens (seed $seed, $windowMinutes min window)', ({ seed, windowMinutes }) => {
    const { arrivedAt } = drive(plan('early', seed, windowMinutes));
    expect(arrivedAt).toBeLessThan(WINDOW_START - 15 * MIN);
    expect(statusOnArrival(arrivedAt, WINDOW_START + windowMinutes * MIN)).toBe('early');
  });

  it.each(cases('on_time'))('on-time trucks arrive inside the window (seed $seed, $windowMinutes min window)', ({ seed, windowMinutes }) => {
    const windowEnd = WINDOW_START + windowMinutes * MIN;
    const { arrivedAt } = drive(plan('on_time', seed, windowMinutes));
    expect(arrivedAt).toBeGreaterThanOrEqual(WINDOW_START);
    expect(arrivedAt).toBeLessThanOrEqual(windowEnd);
    expect(statusOnArrival(arrivedAt, windowEnd)).toBe('on_time');
  });

  it.each(cases('late'))('late trucks arrive after the window has closed (seed $seed, $windowMinutes min window)', ({ seed, windowMinutes }) => {
    const windowEnd = WINDOW_START + windowMinutes * MIN;
    const { arrivedAt } = drive(plan('late', seed, windowMinutes));
    expect(arrivedAt).toBeGreaterThan(windowEnd);
    expect(statusOnArrival(arrivedAt, windowEnd)).toBe('late');
  });

  it.each(cases('stalled'))(
    'stalled trucks stand still for 25 minutes on the road, then arrive 25 minutes after an on-time arrival (seed $seed, $windowMinutes min window)',
    ({ seed, windowMinutes }) => {
      const windowEnd = WINDOW_START + windowMinutes * MIN;
      const trip = plan('stalled', seed, windowMinutes);
      const { samples, arrivedAt } = drive(trip);
      const stalled = samples.filter((s) => s.state.phase === 'stalled');
      expect(stalled.length).toBeGreaterThanOrEqual(STALL_MS / STEP_MS - 1);
      expect(stalled.at(-1)!.t - stalled[0]!.t).toBeGreaterThanOrEqual(STALL_MS - 2 * STEP_MS);
      expect(stalled.at(-1)!.t - stalled[0]!.t).toBeLessThan(STALL_MS);
      // One stop, mid-route, with the truck parked in one spot and reporting speed 0.
      const firstIndex = samples.indexOf(stalled[0]!);
      expect(samples.slice(firstIndex, firstIndex + stalled.length)).toEqual(stalled);
      for (const s of stalled) {
        expect(s.state.speedMps).toBe(0);
        expect(s.state.position).toEqual(stalled[0]!.state.position);
      }
      expect(samples[firstIndex - 1]!.state.phase).toBe('driving');
      expect(samples[firstIndex + stalled.length]!.state.phase).toBe('driving');
      expect(haversineMeters(stalled[0]!.state.position, SITE)).toBeGreaterThan(1_000);
      // Without the stop it would have been on time.
      expect(arrivedAt - STALL_MS).toBeGreaterThanOrEqual(WINDOW_START);
      expect(arrivedAt - STALL_MS).toBeLessThanOrEqual(windowEnd);
    },
  );

  it('keeps drives within a shorter maximum when asked', () => {
    for (const seed of SEEDS) {
      const trip = planTrip({ site: SITE, windowStart: WINDOW_START, windowEnd: WINDOW_START + 30 * MIN, scenario: 'on_time', seed, maxDriveMs: 20 * MIN });
      const { arrivedAt } = drive(trip);
      expect(arrivedAt - trip.departAt).toBeLessThanOrEqual(20 * MIN + STEP_MS);
      // Drives are drawn from 35–100 % of the maximum, less the little the route bends less than planned.
      expect(arrivedAt - trip.departAt).toBeGreaterThanOrEqual(0.3 * 20 * MIN);
    }
  });

  it('puts a late truck on the road by the time asked, still arriving late, from farther out', () => {
    const windowEnd = WINDOW_START + 30 * MIN;
    // Asked to be driving 20 minutes before the window starts: an hour or more before a late arrival.
    const departBy = WINDOW_START - 20 * MIN;
    let movedOut = 0;
    for (const seed of SEEDS) {
      const free = plan('late', seed, 30);
      const trip = planTrip({ site: SITE, windowStart: WINDOW_START, windowEnd, scenario: 'late', seed, departBy });
      expect(tripStateAt(trip, departBy + 2 * MIN).phase, `seed ${seed}`).toBe('driving');
      const { arrivedAt } = drive(trip);
      expect(arrivedAt).toBeGreaterThan(windowEnd + 9 * MIN);
      expect(Math.abs(arrivedAt - drive(free).arrivedAt)).toBeLessThanOrEqual(STEP_MS);
      if (free.departAt > departBy) movedOut++;
    }
    expect(movedOut).toBeGreaterThan(0);
  });

  it('plans the same trip for the same seed', () => {
    expect(plan('stalled', 42, 30)).toEqual(plan('stalled', 42, 30));
    expect(plan('stalled', 42, 30).route.points[0]).not.toEqual(plan('stalled', 43, 30).route.points[0]);
  });
});
