import {
  advanceApproach,
  applyFixes,
  DEFAULT_ARRIVAL_RULES,
  EARTH_RADIUS_M,
  type ArrivalRules,
  type Fix,
  type TrackingContext,
  type TrackingState,
} from '@dockwatch/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const SITE = { lat: 53.55, lon: 9.99, geofenceRadiusM: 500, roadFactor: 1.3 };
const T0 = Date.UTC(2025, 2, 4, 9, 50);
const rules: ArrivalRules = DEFAULT_ARRIVAL_RULES;
const CTX: TrackingContext = { site: SITE, windowStart: T0 + 10 * 60_000, windowEnd: T0 + 40 * 60_000, arrival: rules };

/** A fix `meters` due north of the site, `seconds` after T0. */
const north = (seconds: number, meters: number, accuracy: number | null = 10): Fix => ({
  ts: T0 + seconds * 1000,
  lat: SITE.lat + (meters / EARTH_RADIUS_M) * (180 / Math.PI),
  lon: SITE.lon,
  speed: null,
  heading: null,
  accuracy,
});

const inTransit: TrackingState = { status: 'in_transit', position: null, speedEstimateMps: null, eta: null, arrivedAt: null, windowStatus: 'unknown' };

describe('arrival by geofence with hysteresis', () => {
  it('needs N fixes inside, and dates the arrival at the first of them', () => {
    const { state, events } = applyFixes(inTransit, [north(0, 3_000), north(10, 400), north(20, 300), north(30, 200)], CTX, T0);
    expect(events.filter((e) => e.type === 'arrived')).toEqual([{ type: 'arrived', ts: T0 + 10_000, source: 'geofence' }]);
    expect(state).toMatchObject({ status: 'arrived', arrivedAt: T0 + 10_000 });
    expect(state.approach).toBeUndefined();
  });

  it('or T seconds inside with fewer fixes', () => {
    const { state } = applyFixes(inTransit, [north(0, 400), north(61, 350)], CTX, T0);
    expect(state).toMatchObject({ status: 'arrived', arrivedAt: T0 });
  });

  it('is not fooled by one jittery fix inside: it counts but does not arrive, and leaving starts over', () => {
    const once = applyFixes(inTransit, [north(0, 3_000), north(10, 450)], CTX, T0).state;
    expect(once).toMatchObject({ status: 'in_transit', approach: { since: T0 + 10_000, fixes: 1 } });
    const left = applyFixes(once, [north(20, 800), north(30, 450), north(40, 420)], CTX, T0).state;
    expect(left.status).toBe('in_transit');
    expect(left.approach).toEqual({ since: T0 + 30_000, fixes: 2 });
  });

  it('keeps the count through the band between radius and exit radius', () => {
    // 550 m is outside 500 m but inside the 600 m exit radius.
    const { state } = applyFixes(inTransit, [north(0, 450), north(10, 550), north(20, 450), north(30, 400)], CTX, T0);
    expect(state).toMatchObject({ status: 'arrived', arrivedAt: T0 });
  });

  it('lets fixes too inaccurate to judge neither count nor break the count', () => {
    const { state } = applyFixes(inTransit, [north(0, 450), north(10, 100, 900), north(20, 5_000, 900), north(30, 400)], CTX, T0);
    expect(state.status).toBe('in_transit');
    expect(state.approach).toEqual({ since: T0, fixes: 2 });
    expect(advanceApproach(null, north(0, 10, 151), SITE, rules)).toEqual({ approach: null, arrivedAt: null });
  });

  it('never arrives while no N consecutive judged fixes and no T seconds were spent inside', () => {
    // Fixes at most 20 s apart, alternating between inside and beyond the exit radius.
    const arb = fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(arb, (steps) => {
        let t = 0;
        let run = 0;
        let runStart = 0;
        let mayArrive = false;
        const fixes = steps.map(([dt, inside]) => {
          t += dt;
          if (inside) {
            if (run === 0) runStart = t;
            run += 1;
            if (run >= rules.minFixes || (t - runStart) * 1000 >= rules.minDwellMs) mayArrive = true;
          } else run = 0;
          return north(t, inside ? 300 : 900);
        });
        const { state } = applyFixes(inTransit, fixes, CTX, T0);
        expect(state.status === 'arrived').toBe(mayArrive);
      }),
    );
  });
});
