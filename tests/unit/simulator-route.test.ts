import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMeters, type LatLon } from '@dockwatch/shared';
import { planRoute, pointAlong, type Route } from '../../server/src/simulator/route';

const HAMBURG: LatLon = { lat: 53.55, lon: 9.99 };
const LUENEBURG: LatLon = { lat: 53.2464, lon: 10.4115 };

/** A start anywhere between 60°S and 60°N and an end up to ~150 km away, across the equator and meridians too. */
const tripEnds = fc
  .record({
    lat: fc.double({ min: -60, max: 60, noNaN: true }),
    lon: fc.double({ min: -179, max: 179, noNaN: true }),
    dLat: fc.double({ min: -1, max: 1, noNaN: true }),
    dLon: fc.double({ min: -1, max: 1, noNaN: true }),
  })
  .filter(({ dLat, dLon }) => Math.abs(dLat) + Math.abs(dLon) > 0.01)
  .map(({ lat, lon, dLat, dLon }) => ({ start: { lat, lon }, end: { lat: lat + dLat, lon: lon + dLon } }));
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A straight two-point route, for checking interpolation and heading by hand. */
const straightRoute = (a: LatLon, b: LatLon): Route => {
  const lengthM = haversineMeters(a, b);
  return { points: [a, b], cumulative: [0, lengthM], lengthM };
};

describe('planRoute', () => {
  it('starts and ends exactly at the points asked for', () => {
    fc.assert(
      fc.property(tripEnds, seedArb, ({ start, end }, seed) => {
        const route = planRoute(start, end, seed);
        expect(route.points[0]).toEqual(start);
        expect(route.points.at(-1)).toEqual(end);
      }),
    );
  });

  it('is never shorter than the straight line, and wanders only like a trunk road does', () => {
    fc.assert(
      fc.property(tripEnds, seedArb, ({ start, end }, seed) => {
        const route = planRoute(start, end, seed);
        const straight = haversineMeters(start, end);
        expect(route.lengthM).toBeGreaterThanOrEqual(straight * (1 - 1e-12));
        expect(route.lengthM).toBeLessThan(straight * 1.15);
      }),
    );
  });

  it('carries cumulative distances that grow along the route and end at its length', () => {
    const route = planRoute(HAMBURG, LUENEBURG, 42);
    expect(route.points).toHaveLength(25);
    expect(route.cumulative).toHaveLength(route.points.length);
    expect(route.cumulative[0]).toBe(0);
    for (let i = 1; i < route.points.length; i++) {
      expect(route.cumulative[i]! - route.cumulative[i - 1]!).toBeCloseTo(haversineMeters(route.points[i - 1]!, route.points[i]!), 6);
    }
    expect(route.cumulative.at(-1)).toBe(route.lengthM);
    expect(planRoute(HAMBURG, LUENEBURG, 42, 8).points).toHaveLength(9);
  });

  it('bends away from the straight line between the ends', () => {
    const route = planRoute(HAMBURG, LUENEBURG, 42);
    expect(route.lengthM).toBeGreaterThan(haversineMeters(HAMBURG, LUENEBURG) * 1.001);
  });

  it('is the same route for the same seed and a different one for another seed', () => {
    expect(planRoute(HAMBURG, LUENEBURG, 7)).toEqual(planRoute(HAMBURG, LUENEBURG, 7));
    expect(planRoute(HAMBURG, LUENEBURG, 7).points).not.toEqual(planRoute(HAMBURG, LUENEBURG, 8).points);
  });
});

describe('pointAlong', () => {
  const route = planRoute(HAMBURG, LUENEBURG, 3);

  it('is at the start for zero or a negative distance and at the end for the length or beyond', () => {
    expect(pointAlong(route, 0).position).toEqual(HAMBURG);
    expect(pointAlong(route, -500).position).toEqual(HAMBURG);
    expect(pointAlong(route, route.lengthM).position).toEqual(LUENEBURG);
    expect(pointAlong(route, route.lengthM + 10_000).position).toEqual(LUENEBURG);
  });

  it('passes through every route point at its cumulative distance', () => {
    for (const [i, point] of route.points.entries()) {
      const { position } = pointAlong(route, route.cumulative[i]!);
      expect(position.lat).toBeCloseTo(point.lat, 9);
      expect(position.lon).toBeCloseTo(point.lon, 9);
    }
  });

  it('interpolates inside a segment in proportion to the distance', () => {
    const a = { lat: 53.5, lon: 10 };
    const b = { lat: 53.6, lon: 10.2 };
    const line = straightRoute(a, b);
    const quarter = pointAlong(line, line.lengthM / 4).position;
    expect(quarter.lat).toBeCloseTo(53.525, 9);
    expect(quarter.lon).toBeCloseTo(10.05, 9);
    expect(haversineMeters(a, quarter)).toBeCloseTo(line.lengthM / 4, -1);
  });

  it('puts the truck the driven distance from the start, measured along the route', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (fraction) => {
        const d = route.lengthM * fraction;
        const { position } = pointAlong(route, d);
        const i = Math.max(1, route.cumulative.findIndex((c) => c >= d));
        const along = route.cumulative[i - 1]! + haversineMeters(route.points[i - 1]!, position);
        expect(Math.abs(along - d)).toBeLessThan(1);
      }),
    );
  });

  it('heads along the segment, in degrees clockwise from north', () => {
    const origin = { lat: 53.5, lon: 10 };
    expect(pointAlong(straightRoute(origin, { lat: 53.6, lon: 10 }), 100).headingDeg).toBeCloseTo(0, 6);
    expect(pointAlong(straightRoute(origin, { lat: 53.5, lon: 10.2 }), 100).headingDeg).toBeCloseTo(90, 6);
    expect(pointAlong(straightRoute(origin, { lat: 53.4, lon: 10 }), 100).headingDeg).toBeCloseTo(180, 6);
    expect(pointAlong(straightRoute(origin, { lat: 53.5, lon: 9.8 }), 100).headingDeg).toBeCloseTo(270, 6);
    // North-east on the ground: the longitude step is scaled by cos(latitude).
    const ne = { lat: 53.5 + 0.01, lon: 10 + 0.01 / Math.cos((53.5 * Math.PI) / 180) };
    expect(pointAlong(straightRoute(origin, ne), 100).headingDeg).toBeCloseTo(45, 1);
  });
});
