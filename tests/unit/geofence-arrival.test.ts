import {
  advanceApproach,
  advanceDeparture,
  type Approach,
  applyFixes,
  DEFAULT_ARRIVAL_RULES,
  EARTH_RADIUS_M,
  type ArrivalRules,
  type Fix,
  type TrackingContext,
  type TrackingState,
  untrackedState,
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

const inTransit: TrackingState = untrackedState('in_transit');

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

describe('departure after receipt with hysteresis', () => {
  it('needs N fixes beyond the exit radius, dated at the first of them', () => {
    let leaving: Approach | null = null;
    const steps = [north(0, 100), north(10, 800), north(20, 900), north(30, 1_200)].map((fix) => {
      const step = advanceDeparture(leaving, fix, SITE, rules);
      leaving = step.leaving;
      return step.departedAt;
    });
    expect(steps).toEqual([null, null, null, T0 + 10_000]);
  });

  it('starts over inside the radius, keeps the count in the band, ignores fixes too inaccurate to judge', () => {
    const out = advanceDeparture(null, north(0, 800), SITE, rules);
    expect(advanceDeparture(out.leaving, north(10, 100), SITE, rules)).toEqual({ leaving: null, departedAt: null });
    expect(advanceDeparture(out.leaving, north(10, 550), SITE, rules)).toEqual({ leaving: { since: T0, fixes: 1 }, departedAt: null });
    expect(advanceDeparture(out.leaving, north(10, 100, 900), SITE, rules)).toEqual({ leaving: { since: T0, fixes: 1 }, departedAt: null });
    expect(advanceDeparture(out.leaving, north(61, 900), SITE, rules).departedAt).toBe(T0);
  });

  it('mirrors arrival: a stay never both arrives and departs on the same fixes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 30 }), (distances) => {
        let approach: Approach | null = null;
        let leaving: Approach | null = null;
        distances.forEach((m, i) => {
          const fix = north(i * 10, m);
          const a = advanceApproach(approach, fix, SITE, rules);
          const d = advanceDeparture(leaving, fix, SITE, rules);
          approach = a.approach;
          leaving = d.leaving;
          expect(a.arrivedAt !== null && d.departedAt !== null).toBe(false);
        });
      }),
    );
  });
});
