import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeEta,
  DEFAULT_ETA_RULES,
  EARTH_RADIUS_M,
  smoothSpeed,
  type EtaInput,
  type EtaRules,
  type LatLon,
} from '@dockwatch/shared';

const SITE: LatLon = { lat: 53.55, lon: 9.99 };
const T0 = Date.UTC(2025, 2, 4, 8, 0, 0);

/** A point `meters` due north of the site (a meridian, so the great-circle distance is exact). */
const northOfSite = (meters: number): LatLon => ({ lat: SITE.lat + (meters / EARTH_RADIUS_M) * (180 / Math.PI), lon: SITE.lon });

const input = (overrides: Partial<EtaInput> = {}): EtaInput => ({
  position: northOfSite(15_000),
  positionTs: T0,
  destination: SITE,
  roadFactor: 1,
  speedMps: 15,
  now: T0,
  ...overrides,
});

const { movingThresholdMps, maxPlausibleSpeedMps } = DEFAULT_ETA_RULES;
const distanceM = fc.double({ min: 0, max: 500_000, noNaN: true });
const movingSpeed = fc.double({ min: movingThresholdMps, max: maxPlausibleSpeedMps, noNaN: true });
const anySpeed = fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: null });
const roadFactor = fc.double({ min: 0, max: 3, noNaN: true });
const epochMs = fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 });
const latLon: fc.Arbitrary<LatLon> = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('computeEta', () => {
  it('is road distance divided by speed after the position time', () => {
    // 15 km at 15 m/s is 1000 s; a 1.3 detour makes it 1300 s.
    expect(computeEta(input())).toBeCloseTo(T0 + 1_000_000, -1);
    expect(computeEta(input({ roadFactor: 1.3 }))).toBeCloseTo(T0 + 1_300_000, -1);
  });

  it('counts from the position time, not from now', () => {
    const now = T0 + 200_000;
    expect(computeEta(input({ now }))).toBeCloseTo(T0 + 1_000_000, -1);
  });

  it('never answers with a time before now, even for a stale position', () => {
    const now = T0 + 3_600_000;
    expect(computeEta(input({ now }))).toBe(now);
  });

  it('is now for a truck standing at the destination', () => {
    expect(computeEta(input({ position: SITE, positionTs: T0 - 60_000 }))).toBe(T0);
  });

  it('treats a road factor below 1 as the great-circle distance', () => {
    expect(computeEta(input({ roadFactor: 0.5 }))).toBe(computeEta(input({ roadFactor: 1 })));
  });

  it('uses the fallback speed when the speed is unknown or stopped', () => {
    const atFallback = computeEta(input({ speedMps: DEFAULT_ETA_RULES.fallbackSpeedMps }));
    expect(computeEta(input({ speedMps: null }))).toBe(atFallback);
    expect(computeEta(input({ speedMps: 0 }))).toBe(atFallback);
    expect(computeEta(input({ speedMps: movingThresholdMps / 2 }))).toBe(atFallback);
  });

  it('uses the fallback speed from the rules it is given', () => {
    const rules: EtaRules = { ...DEFAULT_ETA_RULES, fallbackSpeedMps: 10 };
    expect(computeEta(input({ speedMps: null }), rules)).toBeCloseTo(T0 + 1_500_000, -1);
  });

  it('never gives a time before now or before the position time', () => {
    fc.assert(
      fc.property(latLon, epochMs, epochMs, anySpeed, roadFactor, (position, positionTs, now, speedMps, rf) => {
        const eta = computeEta({ position, positionTs, destination: SITE, roadFactor: rf, speedMps, now });
        return eta >= now && eta >= positionTs;
      }),
    );
  });

  it('grows (never shrinks) with the distance still to go', () => {
    fc.assert(
      fc.property(distanceM, distanceM, anySpeed, roadFactor, (d1, d2, speedMps, rf) => {
        const [near, far] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const at = (m: number) => computeEta(input({ position: northOfSite(m), speedMps, roadFactor: rf }));
        return at(near) <= at(far);
      }),
    );
  });

  it('never gets earlier with a larger road factor', () => {
    fc.assert(
      fc.property(distanceM, roadFactor, roadFactor, anySpeed, (d, f1, f2, speedMps) => {
        const [low, high] = f1 <= f2 ? [f1, f2] : [f2, f1];
        const at = (rf: number) => computeEta(input({ position: northOfSite(d), roadFactor: rf, speedMps }));
        return at(low) <= at(high);
      }),
    );
  });

  it('never gets later with a faster moving speed', () => {
    fc.assert(
      fc.property(distanceM, movingSpeed, movingSpeed, roadFactor, (d, s1, s2, rf) => {
        const [slow, fast] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const at = (speedMps: number) => computeEta(input({ position: northOfSite(d), roadFactor: rf, speedMps }));
        return at(fast) <= at(slow);
      }),
    );
  });
});

describe('smoothSpeed', () => {
  it('takes the first moving sample as the estimate', () => {
    expect(smoothSpeed(null, 12)).toBe(12);
  });

  it('moves the estimate part of the way toward a new sample', () => {
    // Default smoothing 0.3: 10 + 0.3 * (20 - 10).
    expect(smoothSpeed(10, 20)).toBeCloseTo(13, 10);
    expect(smoothSpeed(20, 10)).toBeCloseTo(17, 10);
  });

  it('keeps the estimate for a missing or non-finite sample', () => {
    for (const sample of [null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(smoothSpeed(14, sample)).toBe(14);
      expect(smoothSpeed(null, sample)).toBeNull();
    }
  });

  it('ignores a stopped truck, so waiting at a light does not change the ETA speed', () => {
    expect(smoothSpeed(14, 0)).toBe(14);
    expect(smoothSpeed(14, movingThresholdMps - 0.01)).toBe(14);
    expect(smoothSpeed(null, 0)).toBeNull();
  });

  it('ignores implausible GPS jumps', () => {
    expect(smoothSpeed(14, maxPlausibleSpeedMps + 0.01)).toBe(14);
    expect(smoothSpeed(null, 300)).toBeNull();
  });

  it('accepts samples exactly at the moving threshold and the plausible maximum', () => {
    expect(smoothSpeed(null, movingThresholdMps)).toBe(movingThresholdMps);
    expect(smoothSpeed(null, maxPlausibleSpeedMps)).toBe(maxPlausibleSpeedMps);
  });

  it('follows the smoothing weight in the rules', () => {
    const rules: EtaRules = { ...DEFAULT_ETA_RULES, smoothing: 1 };
    expect(smoothSpeed(10, 20, rules)).toBe(20);
  });

  it('always lands between the previous estimate and the moving sample, and no farther from the sample', () => {
    fc.assert(
      fc.property(movingSpeed, movingSpeed, (previous, sample) => {
        const next = smoothSpeed(previous, sample);
        if (next === null) return false;
        const eps = 1e-9;
        return (
          next >= Math.min(previous, sample) - eps &&
          next <= Math.max(previous, sample) + eps &&
          Math.abs(next - sample) <= Math.abs(previous - sample) + eps
        );
      }),
    );
  });

  it('never leaves the plausible moving range once inside it', () => {
    fc.assert(
      fc.property(fc.option(movingSpeed, { nil: null }), fc.array(fc.option(fc.double(), { nil: null })), (start, samples) => {
        const end = samples.reduce<number | null>((estimate, sample) => smoothSpeed(estimate, sample), start);
        return end === null || (end >= movingThresholdMps - 1e-9 && end <= maxPlausibleSpeedMps + 1e-9);
      }),
    );
  });
});
