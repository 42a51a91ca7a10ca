import { DEFAULT_FIX_FILTER_RULES, filterFixes, haversineMeters, type FilterableFix } from '@dockwatch/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const rules = DEFAULT_FIX_FILTER_RULES;
const fix = (secondsAgo: number, lat: number, lon: number, accuracy: number | null = 10): FilterableFix => ({ ts: NOW - secondsAgo * 1000, lat, lon, accuracy });

describe('filterFixes', () => {
  it('drops future, 0,0, off-globe and inaccurate fixes with their reason', () => {
    const out = filterFixes([fix(-3600, 48.1, 11.5), fix(10, 0, 0), fix(9, 91, 11), fix(8, Number.NaN, 11), fix(7, 48.1, 11.5, 2_000), fix(6, 48.1, 11.5)], null, NOW, rules);
    expect(out.rejected.map((r) => r.reason)).toEqual(['invalid_coordinates', 'invalid_coordinates', 'invalid_coordinates', 'poor_accuracy', 'future']);
    expect(out.accepted).toEqual([fix(6, 48.1, 11.5)]);
  });

  it('drops a jump that needs an impossible speed, measured from the last good fix', () => {
    // 1 km/min is 60 km/h; 100 km in a minute is not a truck.
    const out = filterFixes([fix(180, 48.1, 11.5), fix(120, 48.109, 11.5), fix(60, 49.0, 11.5), fix(0, 48.118, 11.5)], null, NOW, rules);
    expect(out.rejected).toEqual([{ fix: fix(60, 49.0, 11.5), reason: 'impossible_speed' }]);
    expect(out.accepted).toHaveLength(3);
  });

  it('judges the first fix against the last stored one, and lets standstill jitter pass', () => {
    const previous = fix(30, 48.1, 11.5);
    expect(filterFixes([fix(0, 48.5, 11.5)], previous, NOW, rules).rejected[0]?.reason).toBe('impossible_speed');
    // 300 m in one second: GPS jitter, below the jump threshold.
    expect(filterFixes([fix(0, 48.1027, 11.5)], fix(1, 48.1, 11.5), NOW, rules).accepted).toHaveLength(1);
  });

  it('drops a fix the device marked invalid, whatever else it says, and never measures a jump from it', () => {
    const invalid = { ...fix(60, 48.9, 11.5), valid: false };
    const off = { ...rules, maxAccuracyM: null, maxSpeedMps: null };
    for (const r of [rules, off]) {
      const out = filterFixes([fix(120, 48.1, 11.5), invalid, fix(0, 48.101, 11.5)], null, NOW, r);
      expect(out.rejected).toEqual([{ fix: invalid, reason: 'marked_invalid' }]);
      expect(out.accepted).toHaveLength(2);
    }
  });

  it('applies no accuracy or speed check when turned off', () => {
    const off = { ...rules, maxAccuracyM: null, maxSpeedMps: null };
    expect(filterFixes([fix(60, 48.1, 11.5, 5_000), fix(0, 52.5, 13.4)], null, NOW, off).rejected).toEqual([]);
  });

  it('partitions every fix: accepted plus rejected is the input, accepted in time order, no accepted pair needs an impossible speed', () => {
    const arbFix = fc.record({
      ts: fc.integer({ min: NOW - 3_600_000, max: NOW + 600_000 }),
      lat: fc.double({ min: 47.5, max: 48.5, noNaN: true }),
      lon: fc.double({ min: 11, max: 12, noNaN: true }),
      accuracy: fc.option(fc.double({ min: 0, max: 1_000, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbFix, { maxLength: 40, selector: (f) => f.ts }), (fixes) => {
        const out = filterFixes(fixes, null, NOW, rules);
        expect(out.accepted.length + out.rejected.length).toBe(fixes.length);
        for (let i = 1; i < out.accepted.length; i++) {
          const a = out.accepted[i - 1]!;
          const b = out.accepted[i]!;
          expect(b.ts).toBeGreaterThan(a.ts);
          const d = haversineMeters(a, b);
          if (d > rules.minJumpM) expect(d / ((b.ts - a.ts) / 1000)).toBeLessThanOrEqual(rules.maxSpeedMps!);
        }
      }),
    );
  });
});
