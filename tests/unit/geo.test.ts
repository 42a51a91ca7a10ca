import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_M, haversineMeters, isValidLatLon, isValidTimeZone, type LatLon } from '@dockwatch/shared';

const latLon: fc.Arbitrary<LatLon> = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

const PARIS: LatLon = { lat: 48.8566, lon: 2.3522 };
const LONDON: LatLon = { lat: 51.5074, lon: -0.1278 };

// Near-antipodal pairs lose a fraction of a metre to asin's steep slope close to 1.
const ROUNDING_M = 1;

describe('haversineMeters', () => {
  it('measures Paris to London as about 343.5 km', () => {
    const km = haversineMeters(PARIS, LONDON) / 1000;
    expect(Math.abs(km - 343.5) / 343.5).toBeLessThan(0.005);
  });

  it('measures one degree of latitude as about 111.2 km', () => {
    expect(haversineMeters({ lat: 10, lon: 20 }, { lat: 11, lon: 20 })).toBeCloseTo((Math.PI / 180) * EARTH_RADIUS_M, 3);
  });

  it('measures antipodal points as half the circumference, not NaN', () => {
    expect(haversineMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 0);
    expect(haversineMeters({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 0);
  });

  it('is zero for the same point', () => {
    fc.assert(fc.property(latLon, (p) => haversineMeters(p, p) === 0));
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(latLon, latLon, (a, b) => Math.abs(haversineMeters(a, b) - haversineMeters(b, a)) <= 1e-6),
    );
  });

  it('is finite, non-negative and at most half the circumference', () => {
    fc.assert(
      fc.property(latLon, latLon, (a, b) => {
        const d = haversineMeters(a, b);
        return Number.isFinite(d) && d >= 0 && d <= Math.PI * EARTH_RADIUS_M + ROUNDING_M;
      }),
    );
  });

  it('satisfies the triangle inequality', () => {
    fc.assert(
      fc.property(
        latLon,
        latLon,
        latLon,
        (a, b, c) => haversineMeters(a, c) <= haversineMeters(a, b) + haversineMeters(b, c) + ROUNDING_M,
      ),
    );
  });

  it('does not depend on which way round the antimeridian a pair is written', () => {
    expect(haversineMeters({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(
      haversineMeters({ lat: 0, lon: -0.5 }, { lat: 0, lon: 0.5 }),
      6,
    );
  });
});

describe('isValidLatLon', () => {
  it('accepts the edges of the coordinate range', () => {
    for (const p of [
      { lat: 90, lon: 180 },
      { lat: -90, lon: -180 },
      { lat: 0, lon: 0 },
    ]) {
      expect(isValidLatLon(p)).toBe(true);
    }
  });

  it('rejects out-of-range and non-finite coordinates', () => {
    for (const p of [
      { lat: 90.000001, lon: 0 },
      { lat: 0, lon: -180.000001 },
      { lat: Number.NaN, lon: 0 },
      { lat: 0, lon: Number.POSITIVE_INFINITY },
    ]) {
      expect(isValidLatLon(p)).toBe(false);
    }
  });

  it('accepts every generated in-range point', () => {
    fc.assert(fc.property(latLon, (p) => isValidLatLon(p)));
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA zones and rejects made-up ones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('America/Chicago')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
