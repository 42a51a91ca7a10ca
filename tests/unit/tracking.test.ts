import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STATUSES,
  allowedTransitions,
  applyFix,
  applyFixes,
  applyStatusEvent,
  canTransition,
  defaultProfile,
  EARTH_RADIUS_M,
  outlookAt,
  predictArrival,
  SHIPMENT_STATUSES,
  STATUS_EVENT_TYPES,
  windowStatusOf,
  type ArrivalProfile,
  type Fix,
  type ShipmentStatus,
  type TrackingContext,
  type TrackingSite,
  type TrackingState,
  untrackedState,
} from '@dockwatch/shared';

const MIN = 60_000;
const SITE: TrackingSite = { lat: 53.55, lon: 9.99, geofenceRadiusM: 500, roadFactor: 1.3 };
// Receiving window 10:00–10:30 UTC; the pipeline runs at 09:00 unless a test says otherwise.
const WINDOW_START = Date.UTC(2025, 2, 4, 10, 0, 0);
const WINDOW_END = WINDOW_START + 30 * MIN;
const NOW = WINDOW_START - 60 * MIN;
const CTX: TrackingContext = { site: SITE, windowStart: WINDOW_START, windowEnd: WINDOW_END };
const clock = (hh: number, mm: number, ss = 0): number => Date.UTC(2025, 2, 4, hh, mm, ss);

const PRE_ARRIVAL: readonly ShipmentStatus[] = ['planned', 'dispatched', 'in_transit', 'delayed'];

const initial = (status: ShipmentStatus = 'planned', overrides: Partial<TrackingState> = {}): TrackingState => ({ ...untrackedState(status), ...overrides });

/** A fix `meters` due north of the site (a meridian, so the distance to the site is exact). */
const fixNorth = (ts: number, meters: number, speed: number | null = null): Fix => ({
  ts,
  lat: SITE.lat + (meters / EARTH_RADIUS_M) * (180 / Math.PI),
  lon: SITE.lon,
  speed,
  heading: null,
});

/** Fixes every 30 s from `from` for `minutes`, `startM` out and closing in at `mps`. */
const drivingFixes = (from: number, minutes: number, startM: number, mps: number): Fix[] =>
  Array.from({ length: minutes * 2 + 1 }, (_, i) => fixNorth(from + i * 30_000, startM - i * 30 * mps));

/** The band the state's estimator gives at `now`, as the ETA module computes it. */
const bandOf = (state: TrackingState, now: number, profile: ArrivalProfile = defaultProfile(SITE.roadFactor)) => {
  if (state.estimator === null) throw new Error('no estimator');
  return predictArrival({ estimator: state.estimator, site: SITE, profile, now });
};

// Fixes scattered around the site, a good share of them inside the 500 m geofence.
const fixArb: fc.Arbitrary<Fix> = fc.record({
  ts: fc.integer({ min: NOW - 120 * MIN, max: NOW + 120 * MIN }),
  lat: fc.oneof(fc.double({ min: -0.006, max: 0.006, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })).map((d) => SITE.lat + d),
  lon: fc.oneof(fc.double({ min: -0.008, max: 0.008, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })).map((d) => SITE.lon + d),
  speed: fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: null }),
  heading: fc.option(fc.double({ min: 0, max: 360, noNaN: true }), { nil: null }),
});
// Ingest dedupes pings per device and timestamp, so a device's fixes never share one.
const fixesArb = fc.uniqueArray(fixArb, { selector: (f) => f.ts, minLength: 1, maxLength: 25 });
const activeStatusArb = fc.constantFrom(...ACTIVE_STATUSES);
const statusArb = fc.constantFrom(...SHIPMENT_STATUSES);

describe('applyFix: arrival by geofence', () => {
  it.each(PRE_ARRIVAL)('marks a %s shipment arrived with one geofence event and the ETA and band at the arrival', (status) => {
    const ts = clock(9, 50);
    const onTheWay = applyFix(initial(status), fixNorth(clock(9, 40), 8_000), CTX, clock(9, 40)).state;
    const { state, events, moved } = applyFix({ ...onTheWay, status }, fixNorth(ts, 100), CTX, ts);

    expect(moved).toBe(true);
    expect(events).toEqual([{ type: 'arrived', ts, source: 'geofence' }]);
    expect(state).toMatchObject({ status: 'arrived', arrivedAt: ts, eta: ts, etaEarliest: ts, etaLatest: ts, windowStatus: 'on_time' });
    expect(state.position?.ts).toBe(ts);
  });

  it('judges the window by the actual arrival time', () => {
    const late = clock(10, 40);
    expect(applyFix(initial('in_transit'), fixNorth(late, 0), CTX, late).state.windowStatus).toBe('late');
    const inWindow = clock(10, 25);
    expect(applyFix(initial('in_transit'), fixNorth(inWindow, 0), CTX, inWindow).state.windowStatus).toBe('on_time');
  });

  it('uses the site geofence radius as the edge', () => {
    expect(applyFix(initial('in_transit'), fixNorth(NOW, 499), CTX, NOW).state.status).toBe('arrived');
    expect(applyFix(initial('in_transit'), fixNorth(NOW, 501), CTX, NOW).state.status).toBe('in_transit');
  });

  it('keeps an arrived shipment arrived, with its arrival time as ETA, as fixes keep coming', () => {
    const arrival = applyFix(initial('in_transit'), fixNorth(clock(9, 50), 50), CTX, clock(9, 50)).state;
    const { state, events, moved } = applyFix(arrival, fixNorth(clock(9, 55), 2_000, 5), CTX, clock(9, 55));

    expect(moved).toBe(true);
    expect(events).toEqual([]);
    expect(state).toMatchObject({ status: 'arrived', arrivedAt: clock(9, 50), eta: clock(9, 50), etaEarliest: clock(9, 50), etaLatest: clock(9, 50) });
    expect(state.position?.ts).toBe(clock(9, 55));
    // Fixes after arrival teach the estimator nothing: the trip ended at the geofence.
    expect(state.estimator).toEqual(arrival.estimator);
  });

  it('does not re-arrive a shipment already at the dock', () => {
    const atDock = initial('at_dock', { arrivedAt: clock(9, 50), eta: clock(9, 50), windowStatus: 'on_time' });
    const { state, events } = applyFix(atDock, fixNorth(clock(10, 5), 10), CTX, clock(10, 5));
    expect(events).toEqual([]);
    expect(state.status).toBe('at_dock');
    expect(state.arrivedAt).toBe(clock(9, 50));
  });
});

describe('applyFix: on the road', () => {
  it.each(['planned', 'dispatched'] as const)('moves a %s shipment in transit on its first fix outside the geofence', (status) => {
    const fix = fixNorth(clock(9, 0), 30_000);
    const { state, events, moved } = applyFix(initial(status), fix, CTX, NOW);

    expect(moved).toBe(true);
    expect(events).toEqual([{ type: 'in_transit', ts: fix.ts, source: 'system' }]);
    expect(state.status).toBe('in_transit');
    expect(state.arrivedAt).toBeNull();
    expect(state.position).toEqual(fix);
  });

  it('starts the ETA band from the site’s prior on the first fix', () => {
    const { state } = applyFix(initial(), fixNorth(clock(9, 0), 15_000), CTX, NOW);
    expect(state.estimator).toMatchObject({ startTs: clock(9, 0), movingMs: 0, stoppedMs: 0 });
    const band = bandOf(state, NOW);
    expect(state).toMatchObject({ eta: band.eta, etaEarliest: band.earliest, etaLatest: band.latest });
    // 15 km at the typical speed there: due at about 09:20, the whole band before 09:45, so early for a 10:00 window.
    expect(state.etaEarliest!).toBeGreaterThan(clock(9, 5));
    expect(state.eta!).toBeGreaterThan(clock(9, 15));
    expect(state.eta!).toBeLessThan(clock(9, 30));
    expect(state.etaLatest!).toBeLessThan(clock(9, 45));
    expect(state.windowStatus).toBe('early');
  });

  it('puts the first ETA later on a site with a larger road factor or a slower learned pace', () => {
    const eta = (ctx: TrackingContext) => applyFix(initial(), fixNorth(clock(9, 0), 30_000), ctx, NOW).state.eta!;
    const base = eta(CTX);
    expect(eta({ ...CTX, site: { ...SITE, roadFactor: 1.6 } })).toBeGreaterThan(base + 3 * MIN);
    expect(eta({ ...CTX, profile: { roadFactor: 1.3, pace: 1.3, samples: 9 } })).toBeGreaterThan(base + 5 * MIN);
  });

  it.each(['in_transit', 'delayed'] as const)('leaves a %s shipment in its status, with no event', (status) => {
    const { state, events } = applyFix(initial(status), fixNorth(clock(9, 0), 30_000), CTX, NOW);
    expect(events).toEqual([]);
    expect(state.status).toBe(status);
  });

  it('never puts the ETA or its band before the time the pipeline runs', () => {
    const now = clock(9, 30);
    const { state } = applyFix(initial(), fixNorth(clock(9, 0), 1_000), CTX, now);
    expect(state.eta).toBe(now);
    expect(state.etaEarliest).toBe(now);
    expect(state.etaLatest!).toBeGreaterThan(now);
  });

  it('follows the truck’s own pace from fixes that carry no speed', () => {
    const slow = applyFixes(initial(), drivingFixes(clock(9, 0), 20, 30_000, 8), CTX, clock(9, 20)).state;
    const fast = applyFixes(initial(), drivingFixes(clock(9, 0), 20, 30_000 + 20 * 60 * 12, 20), CTX, clock(9, 20)).state;
    // Both are 20.4 km out at 09:20; the one seen driving at 29 km/h is due well after the one at 72 km/h.
    expect(slow.estimator!.progressMps).toBeLessThan(9);
    expect(fast.estimator!.progressMps).toBeGreaterThan(18);
    expect(slow.eta!).toBeGreaterThan(fast.eta! + 15 * MIN);
  });

  it('counts a long silence neither as driving nor as standing', () => {
    const before = applyFixes(initial(), drivingFixes(clock(8, 0), 5, 60_000, 20), CTX, clock(8, 5)).state;
    const { state } = applyFix(before, fixNorth(clock(8, 31), 30_000), CTX, clock(8, 31));
    expect(state.estimator).toMatchObject({
      movingMs: before.estimator!.movingMs,
      stoppedMs: before.estimator!.stoppedMs,
      progressMps: before.estimator!.progressMps,
      maxGapMs: 26 * MIN,
    });
  });

  it('keeps the pace while the truck stands, and moves its ETA with the clock', () => {
    const moving = applyFixes(initial(), drivingFixes(clock(9, 0), 10, 20_000, 15), CTX, clock(9, 10)).state;
    const standAt = moving.position!;
    const standing = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => ({ ...standAt, ts: clock(9, 10 + m), speed: 0 }));
    const after = applyFixes(moving, standing, CTX, clock(9, 20)).state;
    expect(after.estimator).toMatchObject({ progressMps: moving.estimator!.progressMps, stoppedMs: 10 * MIN, stoppedSince: clock(9, 10) });
    expect((after.eta! - moving.eta!) / MIN).toBeCloseTo(10, 1);
  });

  it('follows the fixes of a truck with an exception on the road, as it does before the exception', () => {
    // A breakdown reported as an exception: the truck stands at the roadside, its device still reporting every 30 s.
    const before = applyFixes(initial(), drivingFixes(clock(9, 0), 10, 40_000, 20), CTX, clock(9, 10)).state;
    const exception = applyStatusEvent(before, { type: 'exception', ts: clock(9, 10) }, CTX, clock(9, 10));
    if (!exception.ok) throw new Error('in_transit -> exception refused');
    const roadside = Array.from({ length: 80 }, (_, i) => ({ ...before.position!, ts: clock(9, 10) + (i + 1) * 30_000, speed: 0 }));
    const asException = applyFixes(exception.state, roadside, CTX, clock(9, 50)).state;
    const asInTransit = applyFixes(before, roadside, CTX, clock(9, 50)).state;
    // Standing with fresh fixes, the truck is due its remaining driving time after now, as in transit.
    expect(asInTransit.eta! - clock(9, 50)).toBeCloseTo(before.eta! - clock(9, 10), -4);
    expect(asException.estimator?.lastTs).toBe(clock(9, 50));
    expect(Math.abs(asException.eta! - asInTransit.eta!)).toBeLessThan(MIN);
  });

  it.each([0, -60_000])('ignores a fix that is not newer than the position (offset %i ms)', (offset) => {
    const current = applyFix(initial(), fixNorth(clock(9, 30), 20_000, 12), CTX, NOW).state;
    const { state, events, moved } = applyFix(current, fixNorth(clock(9, 30) + offset, 100, 5), CTX, NOW);
    expect(moved).toBe(false);
    expect(events).toEqual([]);
    expect(state).toBe(current);
  });

  it.each(['received', 'cancelled'] as const)('never moves a %s shipment, even inside the geofence', (status) => {
    fc.assert(
      fc.property(fixArb, (fix) => {
        const before = initial(status, { arrivedAt: status === 'received' ? clock(9, 50) : null });
        const { state, events, moved } = applyFix(before, fix, CTX, NOW);
        return !moved && events.length === 0 && state === before;
      }),
    );
  });
});

describe('applyFixes', () => {
  it('follows a truck from the road into the geofence', () => {
    const fixes = [fixNorth(clock(9, 0), 30_000, 15), fixNorth(clock(9, 20), 12_000, 15), fixNorth(clock(9, 50), 200, 3)];
    const { state, events, moved } = applyFixes(initial(), fixes, CTX, NOW);

    expect(moved).toBe(true);
    expect(events).toEqual([
      { type: 'in_transit', ts: clock(9, 0), source: 'system' },
      { type: 'arrived', ts: clock(9, 50), source: 'geofence' },
    ]);
    expect(state.status).toBe('arrived');
    expect(state.arrivedAt).toBe(clock(9, 50));
    expect(state.windowStatus).toBe('on_time');
  });

  it('reports moved=false when every fix is older than the position', () => {
    const current = applyFix(initial(), fixNorth(clock(9, 30), 20_000), CTX, NOW).state;
    const result = applyFixes(current, [fixNorth(clock(9, 10), 25_000), fixNorth(clock(9, 20), 22_000)], CTX, NOW);
    expect(result).toEqual({ state: current, events: [], moved: false });
  });

  it('ends in the same state whatever order the fixes come in', () => {
    fc.assert(
      fc.property(
        activeStatusArb,
        fixesArb.chain((fixes) => fc.tuple(fc.constant(fixes), fc.shuffledSubarray(fixes, { minLength: fixes.length }))),
        (status, [fixes, shuffled]) => {
          const sorted = [...fixes].sort((a, b) => a.ts - b.ts);
          expect(applyFixes(initial(status), shuffled, CTX, NOW)).toEqual(applyFixes(initial(status), sorted, CTX, NOW));
        },
      ),
    );
  });

  it('is the same as applying the fixes one by one in time order', () => {
    fc.assert(
      fc.property(activeStatusArb, fixesArb, (status, fixes) => {
        const sorted = [...fixes].sort((a, b) => a.ts - b.ts);
        const oneByOne = sorted.reduce((state, fix) => applyFix(state, fix, CTX, NOW).state, initial(status));
        expect(applyFixes(initial(status), fixes, CTX, NOW).state).toEqual(oneByOne);
      }),
    );
  });

  it('arrives at most once however often the truck crosses the geofence, and keeps the status and band consistent', () => {
    fc.assert(
      fc.property(statusArb, fixesArb, fc.integer({ min: 0, max: 4 * 60 * MIN }), (status, fixes, later) => {
        const now = NOW + later;
        const { state, events, moved } = applyFixes(initial(status), fixes, CTX, now);
        expect(events.filter((e) => e.type === 'arrived').length).toBeLessThanOrEqual(1);
        expect(events.filter((e) => e.type === 'in_transit').length).toBeLessThanOrEqual(1);
        // A shipment no fix moved (received, cancelled) is left exactly as it was.
        if (!moved) return;
        expect(state.windowStatus).toBe(windowStatusOf(state, WINDOW_START, WINDOW_END, now));
        if (state.arrivedAt !== null) {
          expect([state.eta, state.etaEarliest, state.etaLatest]).toEqual([state.arrivedAt, state.arrivedAt, state.arrivedAt]);
        } else if (state.eta !== null) {
          expect(state.etaEarliest!).toBeGreaterThanOrEqual(now);
          expect(state.eta).toBeGreaterThanOrEqual(state.etaEarliest!);
          expect(state.etaLatest!).toBeGreaterThanOrEqual(state.eta);
        }
      }),
    );
  });
});

describe('applyStatusEvent', () => {
  it('refuses a transition the lifecycle does not allow and lists the allowed ones', () => {
    expect(applyStatusEvent(initial('planned'), { type: 'at_dock', ts: NOW }, CTX, NOW)).toEqual({
      ok: false,
      allowed: allowedTransitions('planned'),
    });
    expect(applyStatusEvent(initial('received'), { type: 'arrived', ts: NOW }, CTX, NOW)).toEqual({ ok: false, allowed: [] });
  });

  it('accepts exactly the transitions the lifecycle allows', () => {
    fc.assert(
      fc.property(statusArb, fc.constantFrom(...STATUS_EVENT_TYPES), (status, type) => {
        const outcome = applyStatusEvent(initial(status), { type, ts: NOW }, CTX, NOW);
        expect(outcome.ok).toBe(canTransition(status, type));
        if (outcome.ok) expect(outcome.state.status).toBe(type);
      }),
    );
  });

  it.each([
    [clock(9, 44, 59), 'early'],
    [clock(9, 45), 'on_time'],
    [clock(10, 25), 'on_time'],
    [clock(10, 40), 'late'],
  ] as const)('records arrival at %i and judges the window by it (%s)', (ts, windowStatus) => {
    const inTransit = initial('in_transit', { eta: clock(10, 5), etaEarliest: clock(9, 55), etaLatest: clock(10, 20), windowStatus: 'on_time' });
    const outcome = applyStatusEvent(inTransit, { type: 'arrived', ts }, CTX, clock(10, 45));
    expect(outcome).toEqual({ ok: true, state: { ...inTransit, status: 'arrived', arrivedAt: ts, eta: ts, etaEarliest: ts, etaLatest: ts, windowStatus } });
  });

  it('keeps the first arrival time through docking and receipt', () => {
    const arrived = initial('arrived', { arrivedAt: clock(10, 5), eta: clock(10, 5), windowStatus: 'on_time' });
    const outcome = applyStatusEvent(arrived, { type: 'received', ts: clock(10, 45) }, CTX, clock(10, 45));
    expect(outcome.ok && outcome.state).toMatchObject({ status: 'received', arrivedAt: clock(10, 5), windowStatus: 'on_time' });
  });

  it('leaves an ETA without an estimator alone for an event before arrival', () => {
    const inTransit = initial('in_transit', { eta: clock(10, 40), etaEarliest: clock(10, 35), etaLatest: clock(10, 55), windowStatus: 'late' });
    const outcome = applyStatusEvent(inTransit, { type: 'delayed', ts: NOW }, CTX, NOW);
    expect(outcome.ok && outcome.state).toEqual({ ...inTransit, status: 'delayed' });
  });

  it('brings the band up to now for an event before arrival', () => {
    const tracked = applyFix(initial(), fixNorth(clock(9, 0), 30_000), CTX, clock(9, 0)).state;
    const now = clock(9, 20);
    const outcome = applyStatusEvent(tracked, { type: 'delayed', ts: now }, CTX, now);
    if (!outcome.ok) throw new Error('in_transit -> delayed refused');
    const band = bandOf(tracked, now);
    expect(outcome.state).toMatchObject({ status: 'delayed', eta: band.eta, etaEarliest: band.earliest, etaLatest: band.latest });
    expect(outcome.state.eta!).toBeGreaterThan(tracked.eta!);
  });

  it('lets pings update the ETA again when a truck goes back on the road after an exception at the site', () => {
    const arrived = applyFix(initial('in_transit'), fixNorth(clock(9, 50), 50), CTX, clock(9, 50)).state;
    const exception = applyStatusEvent(arrived, { type: 'exception', ts: clock(9, 55) }, CTX, clock(9, 55));
    if (!exception.ok) throw new Error('arrived -> exception refused');
    const back = applyStatusEvent(exception.state, { type: 'in_transit', ts: clock(10, 0) }, CTX, clock(10, 0));
    if (!back.ok) throw new Error('exception -> in_transit refused');

    expect(back.state).toMatchObject({ status: 'in_transit', arrivedAt: null, estimator: null, eta: null, etaEarliest: null, etaLatest: null, windowStatus: 'unknown' });

    const fix = fixNorth(clock(10, 10), 40_000, 15);
    const { state } = applyFix(back.state, fix, CTX, clock(10, 10));
    // A new trip: the estimator starts afresh from this fix.
    expect(state.estimator).toMatchObject({ startTs: clock(10, 10), movingMs: 0 });
    const band = bandOf(state, clock(10, 10));
    expect(state).toMatchObject({ eta: band.eta, etaEarliest: band.earliest, etaLatest: band.latest });
    expect(state.eta!).toBeGreaterThan(WINDOW_END);
    expect(['at_risk', 'late']).toContain(state.windowStatus);
  });
});

describe('outlookAt', () => {
  const onTime = initial('in_transit', { eta: clock(10, 20), windowStatus: 'on_time' });

  it('re-judges the same ETA against a window moved later or earlier', () => {
    expect(outlookAt(onTime, { ...CTX, windowStart: clock(10, 40), windowEnd: clock(11, 10) }, NOW)).toEqual({ ...onTime, windowStatus: 'early' });
    expect(outlookAt(onTime, { ...CTX, windowStart: clock(9, 20), windowEnd: clock(9, 50) }, NOW)).toEqual({ ...onTime, windowStatus: 'late' });
    const straddling = { ...onTime, etaEarliest: clock(10, 10), etaLatest: clock(10, 35) };
    expect(outlookAt(straddling, { ...CTX, windowStart: clock(9, 55), windowEnd: clock(10, 25) }, NOW).windowStatus).toBe('at_risk');
  });

  it('judges an arrived shipment by its arrival time, the band collapsed onto it', () => {
    const arrived = initial('arrived', { arrivedAt: clock(10, 20), eta: clock(10, 20), windowStatus: 'on_time' });
    expect(outlookAt(arrived, { ...CTX, windowStart: clock(9, 30), windowEnd: clock(10, 0) }, clock(11, 0))).toMatchObject({
      eta: clock(10, 20),
      etaEarliest: clock(10, 20),
      etaLatest: clock(10, 20),
      windowStatus: 'late',
    });
  });

  it('stays unknown without an ETA while the window is open, and is late once it has closed', () => {
    expect(outlookAt(initial(), CTX, NOW).windowStatus).toBe('unknown');
    expect(outlookAt(initial(), CTX, WINDOW_END + MIN).windowStatus).toBe('late');
  });

  it('follows the window rules it is given', () => {
    const strict: TrackingContext = { ...CTX, windowStart: clock(10, 25), windowEnd: clock(10, 55), window: { earlyToleranceMs: 0, atRiskFraction: 0.25 } };
    expect(outlookAt(onTime, strict, NOW).windowStatus).toBe('early');
  });

  it('lets the ETA of a truck that has gone quiet drift later, widening its band, until the window is at risk', () => {
    const seen = applyFixes(initial(), drivingFixes(clock(9, 0), 10, 32_000, 20), CTX, clock(9, 10)).state;
    expect(seen.windowStatus).toBe('early');
    const quiet = [20, 40, 60, 80].map((m) => outlookAt(seen, CTX, clock(9, 10 + m)));
    for (let i = 1; i < quiet.length; i++) {
      expect(quiet[i]!.eta!).toBeGreaterThan(quiet[i - 1]!.eta!);
      expect(quiet[i]!.etaLatest! - quiet[i]!.etaEarliest!).toBeGreaterThanOrEqual(quiet[i - 1]!.etaLatest! - quiet[i - 1]!.etaEarliest!);
    }
    expect(quiet.map((s) => s.windowStatus)).toEqual(['on_time', 'on_time', 'on_time', 'at_risk']);
    // Still quiet after the window end: late, never a prediction about a window already gone.
    expect(outlookAt(seen, CTX, WINDOW_END + 5 * MIN).windowStatus).toBe('late');
  });

  it('never puts an ETA or band edge before now, and always shows the status of its own band', () => {
    fc.assert(
      fc.property(fixesArb, fc.integer({ min: 0, max: 6 * 60 * MIN }), (fixes, later) => {
        const tracked = applyFixes(initial('in_transit'), fixes, CTX, NOW).state;
        const now = NOW + later;
        const state = outlookAt(tracked, CTX, now);
        expect(state.windowStatus).toBe(windowStatusOf(state, WINDOW_START, WINDOW_END, now));
        if (state.arrivedAt === null) {
          expect(state.etaEarliest!).toBeGreaterThanOrEqual(now);
          expect(state.eta!).toBeGreaterThanOrEqual(state.etaEarliest!);
          expect(state.etaLatest!).toBeGreaterThanOrEqual(state.eta!);
        }
      }),
    );
  });
});
