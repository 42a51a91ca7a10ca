import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STATUSES,
  allowedTransitions,
  applyFix,
  applyFixes,
  applyStatusEvent,
  canTransition,
  computeEta,
  EARTH_RADIUS_M,
  restatusWindow,
  SHIPMENT_STATUSES,
  STATUS_EVENT_TYPES,
  windowStatusAt,
  type Fix,
  type ShipmentStatus,
  type TrackingContext,
  type TrackingSite,
  type TrackingState,
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

const initial = (status: ShipmentStatus = 'planned', overrides: Partial<TrackingState> = {}): TrackingState => ({
  status,
  position: null,
  speedEstimateMps: null,
  eta: null,
  arrivedAt: null,
  windowStatus: 'unknown',
  ...overrides,
});

/** A fix `meters` due north of the site (a meridian, so the distance to the site is exact). */
const fixNorth = (ts: number, meters: number, speed: number | null = null): Fix => ({
  ts,
  lat: SITE.lat + (meters / EARTH_RADIUS_M) * (180 / Math.PI),
  lon: SITE.lon,
  speed,
  heading: null,
});

const expectedEta = (fix: Fix, speedMps: number | null, now = NOW): number =>
  computeEta({ position: fix, positionTs: fix.ts, destination: SITE, roadFactor: SITE.roadFactor, speedMps, now });

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
  it.each(PRE_ARRIVAL)('marks a %s shipment arrived with one geofence event and the ETA at the arrival', (status) => {
    const ts = clock(9, 50);
    const before = initial(status, { position: fixNorth(clock(9, 40), 8_000, 14), speedEstimateMps: 14, eta: clock(9, 52) });
    const { state, events, moved } = applyFix(before, fixNorth(ts, 100), CTX, ts);

    expect(moved).toBe(true);
    expect(events).toEqual([{ type: 'arrived', ts, source: 'geofence' }]);
    expect(state.status).toBe('arrived');
    expect(state.arrivedAt).toBe(ts);
    expect(state.eta).toBe(ts);
    expect(state.windowStatus).toBe('on_time');
    expect(state.position?.ts).toBe(ts);
  });

  it('judges the window by the actual arrival time', () => {
    const ts = clock(10, 40);
    const { state } = applyFix(initial('in_transit'), fixNorth(ts, 0), CTX, ts);
    expect(state.windowStatus).toBe('late');
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
    expect(state.status).toBe('arrived');
    expect(state.arrivedAt).toBe(clock(9, 50));
    expect(state.eta).toBe(clock(9, 50));
    expect(state.position?.ts).toBe(clock(9, 55));
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

  it('estimates the ETA from road distance at the fallback speed before any speed is known', () => {
    // 30 km × 1.3 road factor at 15 m/s is 2600 s: 09:43:20, more than 15 min before the window.
    const { state } = applyFix(initial(), fixNorth(clock(9, 0), 30_000), CTX, NOW);
    expect(state.speedEstimateMps).toBeNull();
    expect(state.eta).toBeCloseTo(clock(9, 43, 20), -1);
    expect(state.windowStatus).toBe('early');
  });

  it.each(['in_transit', 'delayed'] as const)('leaves a %s shipment in its status, with no event', (status) => {
    const { state, events } = applyFix(initial(status), fixNorth(clock(9, 0), 30_000), CTX, NOW);
    expect(events).toEqual([]);
    expect(state.status).toBe(status);
  });

  it('never puts the ETA before the time the pipeline runs', () => {
    const now = clock(9, 30);
    const { state } = applyFix(initial(), fixNorth(clock(9, 0), 1_000), CTX, now);
    expect(state.eta).toBe(now);
  });

  it('derives the speed from two fixes that carry none', () => {
    const first = applyFix(initial(), fixNorth(clock(9, 0), 30_000), CTX, NOW).state;
    // 600 m in 60 s.
    const second = fixNorth(clock(9, 1), 29_400);
    const { state } = applyFix(first, second, CTX, NOW);

    expect(state.speedEstimateMps).toBeCloseTo(10, 6);
    expect(state.eta).toBeCloseTo(expectedEta(second, 10), -1);
    expect(state.eta).toBeGreaterThan(expectedEta(second, null));
  });

  it('derives no speed across a gap longer than half an hour', () => {
    const first = applyFix(initial(), fixNorth(clock(8, 0), 60_000), CTX, NOW).state;
    const { state } = applyFix(first, fixNorth(clock(8, 31), 30_000), CTX, NOW);
    expect(state.speedEstimateMps).toBeNull();
  });

  it('prefers the speed the device reports over the derived one', () => {
    const first = applyFix(initial(), fixNorth(clock(9, 0), 30_000), CTX, NOW).state;
    const { state } = applyFix(first, fixNorth(clock(9, 1), 29_400, 20), CTX, NOW);
    expect(state.speedEstimateMps).toBe(20);
  });

  it('keeps the speed estimate while the truck stands still', () => {
    const moving = initial('in_transit', { position: fixNorth(clock(9, 0), 30_000, 12), speedEstimateMps: 12 });
    const fix = fixNorth(clock(9, 1), 30_000, 0);
    const { state } = applyFix(moving, fix, CTX, NOW);
    expect(state.speedEstimateMps).toBe(12);
    expect(state.eta).toBe(expectedEta(fix, 12));
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

  it('arrives at most once however often the truck crosses the geofence, and keeps the status consistent', () => {
    fc.assert(
      fc.property(statusArb, fixesArb, (status, fixes) => {
        const { state, events } = applyFixes(initial(status), fixes, CTX, NOW);
        expect(events.filter((e) => e.type === 'arrived').length).toBeLessThanOrEqual(1);
        expect(events.filter((e) => e.type === 'in_transit').length).toBeLessThanOrEqual(1);
        expect(state.windowStatus).toBe(windowStatusAt(state.eta, WINDOW_START, WINDOW_END));
        if (state.arrivedAt !== null) expect(state.eta).toBe(state.arrivedAt);
        else if (state.position !== null) expect(state.eta).toBeGreaterThanOrEqual(NOW);
      }),
    );
  });
});

describe('applyStatusEvent', () => {
  it('refuses a transition the lifecycle does not allow and lists the allowed ones', () => {
    expect(applyStatusEvent(initial('planned'), { type: 'at_dock', ts: NOW }, CTX)).toEqual({
      ok: false,
      allowed: allowedTransitions('planned'),
    });
    expect(applyStatusEvent(initial('received'), { type: 'arrived', ts: NOW }, CTX)).toEqual({ ok: false, allowed: [] });
  });

  it('accepts exactly the transitions the lifecycle allows', () => {
    fc.assert(
      fc.property(statusArb, fc.constantFrom(...STATUS_EVENT_TYPES), (status, type) => {
        const outcome = applyStatusEvent(initial(status), { type, ts: NOW }, CTX);
        expect(outcome.ok).toBe(canTransition(status, type));
        if (outcome.ok) expect(outcome.state.status).toBe(type);
      }),
    );
  });

  it.each([
    [clock(9, 50), 'on_time'],
    [clock(10, 25), 'at_risk'],
    [clock(10, 40), 'late'],
  ] as const)('records arrival at %i and judges the window by it (%s)', (ts, windowStatus) => {
    const inTransit = initial('in_transit', { eta: clock(10, 5), windowStatus: 'on_time' });
    const outcome = applyStatusEvent(inTransit, { type: 'arrived', ts }, CTX);
    expect(outcome).toEqual({ ok: true, state: { ...inTransit, status: 'arrived', arrivedAt: ts, eta: ts, windowStatus } });
  });

  it('keeps the first arrival time through docking and receipt', () => {
    const arrived = initial('arrived', { arrivedAt: clock(9, 50), eta: clock(9, 50), windowStatus: 'on_time' });
    const outcome = applyStatusEvent(arrived, { type: 'received', ts: clock(10, 45) }, CTX);
    expect(outcome.ok && outcome.state).toMatchObject({ status: 'received', arrivedAt: clock(9, 50), windowStatus: 'on_time' });
  });

  it('leaves the ETA alone for an event before arrival', () => {
    const inTransit = initial('in_transit', { eta: clock(10, 40), windowStatus: 'late' });
    const outcome = applyStatusEvent(inTransit, { type: 'delayed', ts: NOW }, CTX);
    expect(outcome.ok && outcome.state).toEqual({ ...inTransit, status: 'delayed' });
  });

  it('lets pings update the ETA again when a truck goes back on the road after an exception at the site', () => {
    const arrived = applyFix(initial('in_transit'), fixNorth(clock(9, 50), 50), CTX, clock(9, 50)).state;
    const exception = applyStatusEvent(arrived, { type: 'exception', ts: clock(9, 55) }, CTX);
    if (!exception.ok) throw new Error('arrived -> exception refused');
    const back = applyStatusEvent(exception.state, { type: 'in_transit', ts: clock(10, 0) }, CTX);
    if (!back.ok) throw new Error('exception -> in_transit refused');

    expect(back.state).toMatchObject({ status: 'in_transit', arrivedAt: null, eta: null, windowStatus: 'unknown' });

    const fix = fixNorth(clock(10, 10), 20_000, 15);
    const { state } = applyFix(back.state, fix, CTX, clock(10, 10));
    expect(state.eta).toBe(expectedEta(fix, 15, clock(10, 10)));
    expect(state.windowStatus).toBe('late');
  });
});

describe('restatusWindow', () => {
  const onTime = initial('in_transit', { eta: clock(10, 20), windowStatus: 'on_time' });

  it('re-judges the same ETA against a window moved later or earlier', () => {
    expect(restatusWindow(onTime, { windowStart: clock(10, 40), windowEnd: clock(11, 10) })).toEqual({
      ...onTime,
      windowStatus: 'early',
    });
    expect(restatusWindow(onTime, { windowStart: clock(9, 0), windowEnd: clock(9, 30) })).toEqual({
      ...onTime,
      windowStatus: 'late',
    });
    expect(restatusWindow(onTime, { windowStart: clock(9, 55), windowEnd: clock(10, 25) }).windowStatus).toBe('at_risk');
  });

  it('judges an arrived shipment by its arrival time', () => {
    const arrived = initial('arrived', { arrivedAt: clock(10, 20), eta: clock(10, 20), windowStatus: 'on_time' });
    expect(restatusWindow(arrived, { windowStart: clock(9, 30), windowEnd: clock(10, 0) }).windowStatus).toBe('late');
  });

  it('stays unknown without an ETA', () => {
    expect(restatusWindow(initial(), CTX).windowStatus).toBe('unknown');
  });

  it('follows the window rules it is given', () => {
    const strict = { windowStart: clock(10, 25), windowEnd: clock(10, 55), window: { earlyToleranceMs: 0, atRiskFraction: 0.25 } };
    expect(restatusWindow(onTime, strict).windowStatus).toBe('early');
  });
});
