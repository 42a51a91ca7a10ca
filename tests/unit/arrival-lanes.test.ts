import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseProfile,
  defaultProfile,
  laneKeys,
  learnLanes,
  MIN_LEARNED_SAMPLES,
  originCell,
  ORIGIN_CELL_DEG,
  SITE_LANE,
  updateEstimator,
  type ArrivalProfile,
  type EtaEstimator,
} from '@dockwatch/shared';

const SITE = { lat: 53.55, lon: 9.99, geofenceRadiusM: 500 };
const CONFIGURED = defaultProfile(1.3);
const T0 = Date.UTC(2025, 2, 4, 8, 0, 0);
const MIN = 60_000;
const profile = (samples: number, pace = 1.2): ArrivalProfile => ({ roadFactor: 1.25, pace, samples });

/** A trip from (lat, lon) straight south toward the site for 40 min, a fix a minute. */
function trip(lat: number, lon = SITE.lon): EtaEstimator {
  let e: EtaEstimator | null = null;
  for (let i = 0; i <= 40; i++) {
    const f = i / 40;
    e = updateEstimator(e, { ts: T0 + i * MIN, lat: lat + (SITE.lat + 0.01 - lat) * f, lon: lon + (SITE.lon - lon) * f, speed: 15 }, SITE, CONFIGURED);
  }
  return e!;
}

describe('origin areas and lanes', () => {
  it('puts trips starting close together in one origin area and trips a cell apart in another', () => {
    expect(originCell(53.9, 10.1)).toBe(originCell(53.9 + ORIGIN_CELL_DEG / 4, 10.1 + ORIGIN_CELL_DEG / 4));
    expect(originCell(53.9, 10.1)).not.toBe(originCell(53.9 + ORIGIN_CELL_DEG, 10.1));
    expect(originCell(-33.9, -70.6)).not.toBe(originCell(33.9, 70.6));
  });

  it('keys a trip by its carrier lane, its origin area and the site, most specific first', () => {
    const keys = laneKeys('carrier-7', trip(54.0));
    expect(keys.map((k) => k.scope)).toEqual(['carrier_lane', 'origin', 'site']);
    expect(keys[0]!.key).toContain('carrier-7');
    expect(keys[2]!.key).toBe(SITE_LANE);
    expect(laneKeys('carrier-8', trip(54.0))[1]).toEqual(keys[1]);
  });

  it('keys a trip stored before lanes existed (no start position) by the site alone', () => {
    const { startLat: _lat, startLon: _lon, ...old } = trip(54.0);
    expect(laneKeys('carrier-7', old)).toEqual([{ scope: 'site', key: SITE_LANE }]);
    expect(laneKeys('carrier-7', null)).toEqual([{ scope: 'site', key: SITE_LANE }]);
  });

  it('starts the lane where the truck first drives, not where it waited at the yard', () => {
    let e = updateEstimator(null, { ts: T0, lat: 55.0, lon: SITE.lon, speed: 0 }, SITE, CONFIGURED);
    e = updateEstimator(e, { ts: T0 + MIN, lat: 55.0, lon: SITE.lon, speed: 0 }, SITE, CONFIGURED);
    // The device was carried to another yard across the region before the truck set off from there.
    e = updateEstimator(e, { ts: T0 + 60 * MIN, lat: 54.2, lon: SITE.lon, speed: 0 }, SITE, CONFIGURED);
    e = updateEstimator(e, { ts: T0 + 61 * MIN, lat: 54.2, lon: SITE.lon, speed: 0 }, SITE, CONFIGURED);
    expect(originCell(e.startLat!, e.startLon!)).toBe(originCell(54.2, SITE.lon));
  });
});

describe('chooseProfile', () => {
  const keys = laneKeys('c1', trip(54.0));
  const [lane, origin, site] = keys.map((k) => k.key) as [string, string, string];

  it('uses the most specific lane that has enough arrivals behind it', () => {
    const learned = new Map([
      [lane, profile(MIN_LEARNED_SAMPLES, 1.5)],
      [origin, profile(20, 1.3)],
      [site, profile(100, 1.1)],
    ]);
    expect(chooseProfile(learned, keys, CONFIGURED)).toEqual({ profile: profile(MIN_LEARNED_SAMPLES, 1.5), scope: 'carrier_lane' });
  });

  it('falls back to the origin area, then the site, then the configured defaults while a lane is still learning', () => {
    const young = profile(MIN_LEARNED_SAMPLES - 1, 1.5);
    expect(chooseProfile(new Map([[lane, young], [origin, profile(9, 1.3)]]), keys, CONFIGURED).scope).toBe('origin');
    expect(chooseProfile(new Map([[lane, young], [site, profile(9, 1.1)]]), keys, CONFIGURED).scope).toBe('site');
    expect(chooseProfile(new Map([[lane, young]]), keys, CONFIGURED)).toEqual({ profile: CONFIGURED, scope: 'default' });
  });

  it('never uses a profile with fewer arrivals than the minimum, whatever is learned', () => {
    const learnedArb = fc.array(fc.tuple(fc.constantFrom(lane, origin, site, 'origin:0:0'), fc.nat({ max: 12 })), { maxLength: 6 });
    fc.assert(
      fc.property(learnedArb, (entries) => {
        const learned = new Map(entries.map(([k, n]) => [k, profile(n)]));
        const choice = chooseProfile(learned, keys, CONFIGURED);
        if (choice.scope === 'default') expect(choice.profile).toBe(CONFIGURED);
        else expect(choice.profile.samples).toBeGreaterThanOrEqual(MIN_LEARNED_SAMPLES);
      }),
    );
  });
});

describe('learnLanes', () => {
  it('teaches one trip to its carrier lane, its origin area and the site, each from what it had learned', () => {
    const t = trip(54.0);
    const keys = laneKeys('c1', t);
    const before = new Map([[SITE_LANE, profile(10, 1.0)]]);
    const after = learnLanes(before, keys, t, t.lastTs + 2 * MIN, CONFIGURED);
    expect([...after.keys()].sort()).toEqual(keys.map((k) => k.key).sort());
    expect(after.get(SITE_LANE)!.samples).toBe(11);
    expect(after.get(keys[0]!.key)!.samples).toBe(1);
    expect(after.get(keys[1]!.key)!.samples).toBe(1);
  });

  it('keeps lanes apart: trips from one area do not move another area’s profile', () => {
    const north = trip(54.2);
    const east = trip(SITE.lat + 0.01, 11.0);
    let learned = new Map<string, ArrivalProfile>();
    for (let i = 0; i < 3; i++) learned = new Map([...learned, ...learnLanes(learned, laneKeys('c1', north), north, north.lastTs + MIN, CONFIGURED)]);
    const eastKeys = laneKeys('c1', east);
    const next = learnLanes(learned, eastKeys, east, east.lastTs + MIN, CONFIGURED);
    expect(next.get(eastKeys[1]!.key)!.samples).toBe(1);
    expect(next.get(SITE_LANE)!.samples).toBe(4);
  });

  it('teaches nothing from a trip too short to measure', () => {
    const t = trip(SITE.lat + 0.03);
    expect(learnLanes(new Map(), laneKeys('c1', t), t, t.lastTs + MIN, CONFIGURED).size).toBe(0);
  });
});
