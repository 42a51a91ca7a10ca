import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BAND_RULES,
  DEFAULT_ETA_RULES,
  defaultProfile,
  EARTH_RADIUS_M,
  learnFromArrival,
  MIN_LEARNED_SAMPLES,
  predictArrival,
  profileInUse,
  remainingMeters,
  typicalDrivingMs,
  updateEstimator,
  type ArrivalProfile,
  type EstimatorFix,
  type EtaBand,
  type EtaEstimator,
} from '@dockwatch/shared';

const MIN = 60_000;
const SITE = { lat: 53.55, lon: 9.99, geofenceRadiusM: 500 };
const T0 = Date.UTC(2025, 2, 4, 8, 0, 0);
const PROFILE = defaultProfile(1.3);
const { movingThresholdMps, maxPlausibleSpeedMps, progressTimeConstantMs, localHorizonMs, maxStretchMs } = DEFAULT_ETA_RULES;

/** A fix `meters` short of the geofence edge, due north of the site (a meridian, so the distance is exact). */
const fixAt = (ts: number, meters: number, speed: number | null = null): EstimatorFix => ({
  ts,
  lat: SITE.lat + ((meters + SITE.geofenceRadiusM) / EARTH_RADIUS_M) * (180 / Math.PI),
  lon: SITE.lon,
  speed,
});

/** A leg of a drive straight toward the site: this long at this speed (0: standing). */
interface Leg {
  seconds: number;
  mps: number;
}

/**
 * Drives straight at the site from `fromM` metres out, starting at T0, reporting a fix every
 * `stepS` seconds (and at the end); `silent` seconds (from, to) send none. Returns the estimator
 * after the last fix, and where the truck then is.
 */
function drive(fromM: number, legs: readonly Leg[], stepS: number, opts: { profile?: ArrivalProfile; silent?: [number, number] } = {}) {
  const profile = opts.profile ?? PROFILE;
  const total = legs.reduce((s, l) => s + l.seconds, 0);
  const distanceAt = (s: number): number => {
    let d = fromM;
    let left = s;
    for (const leg of legs) {
      const part = Math.min(left, leg.seconds);
      d -= part * leg.mps;
      left -= part;
      if (left <= 0) break;
    }
    return Math.max(0, d);
  };
  let estimator: EtaEstimator | null = null;
  const times: number[] = [];
  for (let s = 0; s < total; s += stepS) times.push(s);
  times.push(total);
  for (const s of times) {
    if (opts.silent && s > opts.silent[0] && s < opts.silent[1]) continue;
    estimator = updateEstimator(estimator, fixAt(T0 + s * 1000, distanceAt(s)), SITE, profile);
  }
  return { estimator: estimator!, at: T0 + total * 1000, remainingM: distanceAt(total) };
}

const predict = (estimator: EtaEstimator, now: number, profile: ArrivalProfile = PROFILE): EtaBand => predictArrival({ estimator, site: SITE, profile, now });
const minutesAfter = (t: number, base: number): number => (t - base) / MIN;

describe('remainingMeters', () => {
  it('is the great-circle distance to the geofence edge, never negative', () => {
    expect(remainingMeters(fixAt(T0, 12_000), SITE)).toBeCloseTo(12_000, 3);
    expect(remainingMeters(SITE, SITE)).toBe(0);
    expect(remainingMeters(fixAt(T0, -200), SITE)).toBe(0);
  });
});

describe('typicalDrivingMs', () => {
  it('is nothing for no distance, or for a leg going away from the site', () => {
    expect(typicalDrivingMs(5_000, 5_000, PROFILE)).toBe(0);
    expect(typicalDrivingMs(1_000, 5_000, PROFILE)).toBe(0);
  });

  it('drives the last kilometre at about the near-site speed and long legs far out at about the far speed', () => {
    const straight = defaultProfile(1);
    const lastKm = typicalDrivingMs(1_000, 0, straight) / 1000;
    expect(lastKm).toBeLessThan(1_000 / DEFAULT_ETA_RULES.nearSpeedMps);
    expect(lastKm).toBeGreaterThan(1_000 / (DEFAULT_ETA_RULES.nearSpeedMps + 1));
    const farLeg = typicalDrivingMs(200_000, 180_000, straight) / 1000;
    expect(farLeg).toBeCloseTo(20_000 / DEFAULT_ETA_RULES.farSpeedMps, -1);
  });

  it('scales with the road factor and the pace of the profile', () => {
    const base = typicalDrivingMs(40_000, 0, defaultProfile(1));
    expect(typicalDrivingMs(40_000, 0, defaultProfile(1.5))).toBeCloseTo(base * 1.5, 0);
    expect(typicalDrivingMs(40_000, 0, { roadFactor: 1, pace: 1.2, samples: 7 })).toBeCloseTo(base * 1.2, 0);
    // A road factor below 1 is read as 1: roads are never shorter than the great circle.
    expect(typicalDrivingMs(40_000, 0, defaultProfile(0.5))).toBe(base);
  });

  it('grows with the distance and never gets shorter with a larger road factor or slower pace', () => {
    const meters = fc.double({ min: 0, max: 400_000, noNaN: true });
    const factor = fc.double({ min: 0.5, max: 3, noNaN: true });
    fc.assert(
      fc.property(meters, meters, factor, factor, fc.double({ min: 0.3, max: 3, noNaN: true }), (a, b, f1, f2, pace) => {
        const [near, far] = a <= b ? [a, b] : [b, a];
        const [low, high] = f1 <= f2 ? [f1, f2] : [f2, f1];
        const profile = (roadFactor: number) => ({ roadFactor, pace, samples: 0 });
        expect(typicalDrivingMs(near, 0, profile(low))).toBeLessThanOrEqual(typicalDrivingMs(far, 0, profile(low)) + 1e-6);
        expect(typicalDrivingMs(far, near, profile(low))).toBeLessThanOrEqual(typicalDrivingMs(far, near, profile(high)) + 1e-6);
        expect(typicalDrivingMs(far, near, { ...profile(low), pace: pace * 1.1 })).toBeGreaterThanOrEqual(typicalDrivingMs(far, near, profile(low)));
      }),
    );
  });
});

describe('updateEstimator', () => {
  it('starts from the prior: the typical progress for the distance, nothing observed yet', () => {
    const e = updateEstimator(null, fixAt(T0, 30_000, 20), SITE, PROFILE);
    expect(e).toMatchObject({ startTs: T0, lastTs: T0, movingMs: 0, stoppedMs: 0, stoppedSince: null, pathM: 0, maxGapMs: 0 });
    expect(e.startDistanceM).toBeCloseTo(30_000, 3);
    // The prior's progress rate is what the typical driving time for a short stretch there implies.
    expect(e.progressMps).toBeCloseTo(100 / (typicalDrivingMs(30_050, 29_950, PROFILE) / 1000), 3);
    // A slower site (learned pace 1.5) starts slower.
    expect(updateEstimator(null, fixAt(T0, 30_000), SITE, { ...PROFILE, pace: 1.5 }).progressMps).toBeCloseTo(e.progressMps / 1.5, 6);
  });

  it('starts standing when the first fix reports the truck standing', () => {
    expect(updateEstimator(null, fixAt(T0, 30_000, 0), SITE, PROFILE).stoppedSince).toBe(T0);
    expect(updateEstimator(null, fixAt(T0, 30_000, null), SITE, PROFILE).stoppedSince).toBeNull();
  });

  it('moves the progress toward a driving stretch by a weight set by its duration against the time constant', () => {
    const first = updateEstimator(null, fixAt(T0, 30_000), SITE, PROFILE);
    // 600 m closer in 60 s: 10 m/s toward the site.
    const next = updateEstimator(first, fixAt(T0 + 60_000, 29_400), SITE, PROFILE);
    const weight = 1 - Math.exp(-60_000 / progressTimeConstantMs);
    expect(next.progressMps).toBeCloseTo(first.progressMps + weight * (10 - first.progressMps), 6);
    expect(next).toMatchObject({ movingMs: 60_000, stoppedMs: 0, stoppedSince: null, lastTs: T0 + 60_000, maxGapMs: 60_000 });
    expect(next.pathM).toBeCloseTo(600, 3);
  });

  it('weights by time, not by fix count: the same drive sampled every 5 s or every 30 s gives the same estimate', () => {
    const leg = fc.record({ seconds: fc.integer({ min: 1, max: 20 }).map((n) => n * 30), mps: fc.constantFrom(0, 3, 8, 14, 20, 27) });
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 8 }), (legs) => {
        const every5 = drive(150_000, legs, 5).estimator;
        const every30 = drive(150_000, legs, 30).estimator;
        expect(every5.progressMps).toBeCloseTo(every30.progressMps, 6);
        expect(every5.movingMs).toBe(every30.movingMs);
        expect(every5.stoppedMs).toBe(every30.stoppedMs);
        expect(every5.stoppedSince).toBe(every30.stoppedSince);
      }),
    );
  });

  it('counts a standing stretch as standing time and leaves the progress alone', () => {
    const moving = drive(30_000, [{ seconds: 600, mps: 15 }], 30).estimator;
    const stand1 = updateEstimator(moving, fixAt(moving.lastTs + 30_000, 21_000), SITE, PROFILE);
    const stand2 = updateEstimator(stand1, fixAt(moving.lastTs + 60_000, 21_000 + 5), SITE, PROFILE);
    expect(stand2.progressMps).toBe(moving.progressMps);
    expect(stand2.movingMs).toBe(moving.movingMs);
    expect(stand2.stoppedMs).toBe(60_000);
    expect(stand2.stoppedSince).toBe(moving.lastTs);
    // Driving again ends the stop.
    const again = updateEstimator(stand2, fixAt(moving.lastTs + 90_000, 20_500), SITE, PROFILE);
    expect(again.stoppedSince).toBeNull();
    expect(again.stoppedMs).toBe(60_000);
  });

  it('ignores implausible GPS jumps for progress and road driven', () => {
    const first = updateEstimator(null, fixAt(T0, 30_000), SITE, PROFILE);
    // 5 km in 30 s is 600 km/h.
    const jump = updateEstimator(first, fixAt(T0 + 30_000, 25_000), SITE, PROFILE);
    expect(jump).toMatchObject({ progressMps: first.progressMps, movingMs: 0, stoppedMs: 0, pathM: 0, lastTs: T0 + 30_000 });
    // Just under the plausible maximum still counts.
    const fast = updateEstimator(first, fixAt(T0 + 10_000, 30_000 - (maxPlausibleSpeedMps - 0.5) * 10), SITE, PROFILE);
    expect(fast.movingMs).toBe(10_000);
  });

  it('counts a long silence neither as driving nor as standing, but remembers it as a gap', () => {
    const moving = drive(60_000, [{ seconds: 300, mps: 20 }], 30).estimator;
    const after = updateEstimator(moving, fixAt(moving.lastTs + maxStretchMs + 60_000, 40_000), SITE, PROFILE);
    expect(after).toMatchObject({ progressMps: moving.progressMps, movingMs: moving.movingMs, stoppedMs: moving.stoppedMs, stoppedSince: null, maxGapMs: maxStretchMs + 60_000 });
    expect(after.pathM).toBeCloseTo(moving.pathM + 14_000, 3);
  });

  it('changes nothing for a fix at or before the last one', () => {
    const e = drive(30_000, [{ seconds: 120, mps: 15 }], 30).estimator;
    expect(updateEstimator(e, fixAt(e.lastTs, 1_000), SITE, PROFILE)).toBe(e);
    expect(updateEstimator(e, fixAt(e.lastTs - 60_000, 1_000), SITE, PROFILE)).toBe(e);
  });

  it('keeps the progress between the prior and the fastest and slowest stretch it saw', () => {
    const leg = fc.record({ seconds: fc.integer({ min: 5, max: 900 }), mps: fc.double({ min: 0, max: 40, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 10 }), fc.integer({ min: 5, max: 60 }), (legs, stepS) => {
        const { estimator } = drive(400_000, legs, stepS);
        const prior = updateEstimator(null, fixAt(T0, 400_000), SITE, PROFILE).progressMps;
        const speeds = legs.filter((l) => l.mps >= movingThresholdMps).map((l) => l.mps);
        expect(estimator.progressMps).toBeGreaterThanOrEqual(Math.min(prior, ...speeds, movingThresholdMps) - 1e-6);
        expect(estimator.progressMps).toBeLessThanOrEqual(Math.max(prior, ...speeds) + 1e-6);
      }),
    );
  });
});

describe('predictArrival: from the prior and the truck’s own pace', () => {
  it('gives a fresh truck within the local horizon its distance at the typical speed there, with the band around it', () => {
    const e = updateEstimator(null, fixAt(T0, 10_000), SITE, PROFILE);
    const remaining = (10_000 / e.progressMps) * 1000;
    expect(remaining).toBeLessThan(localHorizonMs);
    const band = predict(e, T0);
    expect(band.eta).toBeCloseTo(T0 + remaining, -2);
    expect(band.earliest).toBeCloseTo(T0 + remaining * DEFAULT_BAND_RULES.earlyRatio - DEFAULT_BAND_RULES.minHalfWidthMs, -2);
    expect(band.latest).toBeCloseTo(T0 + remaining * DEFAULT_BAND_RULES.lateRatio + DEFAULT_BAND_RULES.minHalfWidthMs, -2);
  });

  it('drives the legs beyond the local horizon at the typical speeds for their distance from the site, the slow last kilometres included', () => {
    // 100 km out: the first 25 minutes at the speed there, the rest (the 70-odd km nearest the site) at the typical speeds.
    const e = updateEstimator(null, fixAt(T0, 100_000), SITE, PROFILE);
    const near = e.progressMps * (localHorizonMs / 1000);
    const expected = localHorizonMs + typicalDrivingMs(100_000 - near, 0, PROFILE);
    expect(minutesAfter(predict(e, T0).eta, T0)).toBeCloseTo(expected / MIN, 0);
  });

  it('does not give a truck leaving a yard at 8 km/h an ETA hours late: the prior holds until the truck has shown its pace', () => {
    const prior = predict(updateEstimator(null, fixAt(T0, 60_000, 8 / 3.6), SITE, PROFILE), T0);
    const { estimator, at } = drive(60_000, [{ seconds: 180, mps: 8 / 3.6 }], 30);
    const eta = predict(estimator, at).eta;
    // At 8 km/h the 60 km would take 7.5 h.
    expect(minutesAfter(eta, T0)).toBeLessThan(minutesAfter(prior.eta, T0) + 20);
    expect(eta).toBeGreaterThan(prior.eta);
  });

  it('follows a truck that has shown a slower pace than the typical one for a while', () => {
    const prior = predict(updateEstimator(null, fixAt(T0, 10_000), SITE, PROFILE), T0);
    // 20 minutes at 20 km/h, ending 10 km out.
    const slow = 20 / 3.6;
    const { estimator, at } = drive(10_000 + 1_200 * slow, [{ seconds: 1_200, mps: slow }], 30);
    const toGo = minutesAfter(predict(estimator, at).eta, at);
    expect(toGo).toBeGreaterThan(minutesAfter(prior.eta, T0) + 5);
    // Mostly its own pace, a little of the (faster) prior still blended in.
    expect(toGo).toBeGreaterThan(0.8 * (10_000 / slow / 60));
    expect(toGo).toBeLessThan(1.05 * (10_000 / slow / 60));
  });

  it('is not thrown by a one-minute crawl however often the fixes come', () => {
    const legs = [
      { seconds: 1_200, mps: 20 },
      { seconds: 60, mps: 3 },
    ];
    const every5 = drive(60_000, legs, 5);
    const every30 = drive(60_000, legs, 30);
    const eta5 = predict(every5.estimator, every5.at).eta;
    const eta30 = predict(every30.estimator, every30.at).eta;
    expect(Math.abs(eta5 - eta30)).toBeLessThan(MIN);
    // Had the crawl become the pace, 35 km at 3 m/s would be over three hours.
    expect(minutesAfter(eta5, every5.at)).toBeLessThan(70);
  });

  it('puts a truck on a slower site (learned pace) later', () => {
    // 8 km: within the local horizon for both, so the whole drive scales with the pace.
    const e = updateEstimator(null, fixAt(T0, 8_000), SITE, PROFILE);
    const slowSite: ArrivalProfile = { roadFactor: 1.3, pace: 1.4, samples: 12 };
    const eSlow = updateEstimator(null, fixAt(T0, 8_000), SITE, slowSite);
    expect(minutesAfter(predict(eSlow, T0, slowSite).eta, T0)).toBeCloseTo(1.4 * minutesAfter(predict(e, T0).eta, T0), 0);
  });

  it('never gets earlier for a truck farther away on its first fix', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 300_000, noNaN: true }), fc.double({ min: 0, max: 300_000, noNaN: true }), (a, b) => {
        const [near, far] = a <= b ? [a, b] : [b, a];
        const eta = (m: number) => predict(updateEstimator(null, fixAt(T0, m), SITE, PROFILE), T0).eta;
        expect(eta(near)).toBeLessThanOrEqual(eta(far) + 1);
      }),
    );
  });

  it('follows the band rules it is given', () => {
    const e = updateEstimator(null, fixAt(T0, 10_000), SITE, PROFILE);
    const remaining = (10_000 / e.progressMps) * 1000;
    const wide = predictArrival({ estimator: e, site: SITE, profile: PROFILE, now: T0 }, DEFAULT_ETA_RULES, { ...DEFAULT_BAND_RULES, earlyRatio: 0.5, lateRatio: 2 });
    expect(wide.earliest).toBeCloseTo(T0 + remaining * 0.5 - DEFAULT_BAND_RULES.minHalfWidthMs, -2);
    expect(wide.latest).toBeCloseTo(T0 + remaining * 2 + DEFAULT_BAND_RULES.minHalfWidthMs, -2);
    expect(wide.eta).toBeCloseTo(T0 + remaining, -2);
  });

  it('widens the band with the distance still to go', () => {
    const width = (m: number) => {
      const band = predict(updateEstimator(null, fixAt(T0, m), SITE, PROFILE), T0);
      return band.latest - band.earliest;
    };
    expect(width(5_000)).toBeLessThan(width(20_000));
    expect(width(20_000)).toBeLessThan(width(80_000));
  });
});

describe('predictArrival: stops and silence', () => {
  /** A truck that drove 20 minutes at 60 km/h and then stands `standS` seconds where it is, still reporting every 30 s. */
  const standing = (endM: number, standS: number) => drive(endM + 1_200 * (60 / 3.6), [{ seconds: 1_200, mps: 60 / 3.6 }, ...(standS > 0 ? [{ seconds: standS, mps: 0 }] : [])], 30);

  it.each([
    ['near the site', 8_000],
    ['far from the site', 60_000],
  ])('moves the ETA with the clock, minute for minute and not more, while the truck stands %s', (_where, endM) => {
    const before = standing(endM, 30);
    const eta0 = predict(before.estimator, before.at).eta;
    for (const minutes of [5, 10, 20, 30]) {
      const s = standing(endM, 30 + minutes * 60);
      expect(s.estimator.stoppedSince).not.toBeNull();
      const moved = minutesAfter(predict(s.estimator, s.at).eta, eta0);
      expect(moved, `after ${minutes} min standing`).toBeGreaterThanOrEqual(minutes - 0.1);
      expect(moved, `after ${minutes} min standing`).toBeLessThanOrEqual(minutes + 0.5);
    }
  });

  it('does not hold a wait at the yard before departure against the drive ahead', () => {
    // The device is switched on at the yard; the truck waits 30 minutes there, then leaves at 72 km/h.
    const leaving = [{ seconds: 120, mps: 20 }];
    const straightAway = drive(80_000, leaving, 30);
    const afterWait = drive(80_000, [{ seconds: 1_800, mps: 0 }, ...leaving], 30);
    const toGo = (r: { estimator: EtaEstimator; at: number }) => minutesAfter(predict(r.estimator, r.at).eta, r.at);
    expect(Math.abs(toGo(afterWait) - toGo(straightAway))).toBeLessThan(3);
  });

  it('lets a silent truck’s ETA drift later, by half the silence, and widens the band', () => {
    const { estimator, at } = drive(50_000, [{ seconds: 600, mps: 20 }], 30);
    const fresh = predict(estimator, at);
    const quiet = predict(estimator, at + 20 * MIN);
    expect(quiet.eta - fresh.eta).toBeCloseTo(10 * MIN, -3);
    expect(quiet.latest - quiet.earliest).toBeGreaterThan(fresh.latest - fresh.earliest + 15 * MIN);
  });

  it('never lets a silent truck’s ETA go back, nor run ahead of the clock, and never narrows its band', () => {
    const leg = fc.record({ seconds: fc.integer({ min: 5, max: 1_800 }), mps: fc.double({ min: 0, max: 40, noNaN: true }) });
    fc.assert(
      fc.property(
        fc.array(leg, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 6 * 60 * MIN }),
        fc.integer({ min: 0, max: 6 * 60 * MIN }),
        (legs, s1, s2) => {
          const { estimator, at } = drive(120_000, legs, 30);
          const [a, b] = s1 <= s2 ? [s1, s2] : [s2, s1];
          const early = predict(estimator, at + a);
          const late = predict(estimator, at + b);
          expect(late.eta).toBeGreaterThanOrEqual(early.eta);
          expect(late.eta - early.eta).toBeLessThanOrEqual(b - a + 1);
          expect(late.latest - late.earliest).toBeGreaterThanOrEqual(early.latest - early.earliest - 1);
        },
      ),
    );
  });

  it('calls a truck overdue once the arrival its last fix predicted has passed, and holds its ETA at now from then on', () => {
    const { estimator, at } = drive(10_000, [{ seconds: 300, mps: 15 }], 30);
    const fresh = predict(estimator, at);
    expect(fresh.overdue).toBe(false);
    // Silent: the ETA drifts by half the silence, so it stays ahead of the clock for a while, then the clock catches it.
    const driveMs = fresh.eta - at;
    expect(predict(estimator, at + driveMs / 2).overdue).toBe(false);
    for (const past of [driveMs + MIN, 2 * driveMs + MIN, 3 * driveMs]) {
      const late = predict(estimator, at + past);
      expect(late.overdue, `${minutesAfter(at + past, at)} min after the last fix`).toBe(true);
      expect(late.eta).toBeGreaterThanOrEqual(at + past);
    }
  });

  it('widens the late edge for a truck that has made stops on its way, by half their time, and leaves its best estimate alone', () => {
    // Both drive 40 min at 72 km/h and end 30 km out; one of them stood 20 min halfway.
    const nonstop = drive(30_000 + 2_400 * 20, [{ seconds: 2_400, mps: 20 }], 30);
    const stopping = drive(30_000 + 2_400 * 20, [{ seconds: 1_200, mps: 20 }, { seconds: 1_200, mps: 0 }, { seconds: 1_200, mps: 20 }], 30);
    expect(stopping.estimator.stoppedMs).toBeGreaterThan(19 * MIN);
    const a = predict(nonstop.estimator, nonstop.at);
    const b = predict(stopping.estimator, stopping.at);
    expect(Math.abs(minutesAfter(b.eta, stopping.at) - minutesAfter(a.eta, nonstop.at))).toBeLessThan(1);
    const widened = minutesAfter(b.latest, stopping.at) - minutesAfter(a.latest, nonstop.at);
    expect(widened).toBeGreaterThan(DEFAULT_BAND_RULES.stopWidening * 20 - 1);
    expect(widened).toBeLessThan(DEFAULT_BAND_RULES.stopWidening * 20 + 1);
  });

  it('widens the late edge after a data gap in the fixes, without moving the ETA much', () => {
    const legs = [{ seconds: 2_400, mps: 20 }];
    const steady = drive(80_000, legs, 30);
    const gappy = drive(80_000, legs, 30, { silent: [600, 1_500] });
    const a = predict(steady.estimator, steady.at);
    const b = predict(gappy.estimator, gappy.at);
    expect(Math.abs(b.eta - a.eta)).toBeLessThan(2 * MIN);
    expect(b.latest - a.latest).toBeGreaterThan(5 * MIN);
  });
});

describe('predictArrival: properties', () => {
  const leg = fc.record({ seconds: fc.integer({ min: 1, max: 1_800 }), mps: fc.double({ min: -10, max: 60, noNaN: true }) });
  const profileArb: fc.Arbitrary<ArrivalProfile> = fc.record({
    roadFactor: fc.double({ min: 0, max: 3, noNaN: true }),
    pace: fc.double({ min: 0, max: 3, noNaN: true }),
    samples: fc.nat({ max: 100 }),
  });
  const case_ = fc.record({
    fromM: fc.double({ min: 0, max: 500_000, noNaN: true }),
    legs: fc.array(leg, { minLength: 1, maxLength: 6 }),
    stepS: fc.integer({ min: 5, max: 900 }),
    profile: profileArb,
    nowOffset: fc.integer({ min: -60 * MIN, max: 24 * 60 * MIN }),
  });

  it('never gives an ETA or an edge of its band before now, and keeps earliest ≤ eta ≤ latest', () => {
    fc.assert(
      fc.property(case_, ({ fromM, legs, stepS, profile, nowOffset }) => {
        const { estimator, at } = drive(fromM, legs, stepS, { profile });
        const now = at + nowOffset;
        const band = predict(estimator, now, profile);
        for (const t of [band.earliest, band.eta, band.latest]) expect(Number.isFinite(t)).toBe(true);
        expect(band.earliest).toBeGreaterThanOrEqual(now);
        expect(band.eta).toBeGreaterThanOrEqual(band.earliest);
        expect(band.latest).toBeGreaterThanOrEqual(band.eta);
      }),
    );
  });
});

describe('predictArrival: what makes it later', () => {
  it('never gets earlier with a larger road factor', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 300_000, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), (m, f1, f2) => {
        const [low, high] = f1 <= f2 ? [f1, f2] : [f2, f1];
        const eta = (roadFactor: number) => {
          const profile = defaultProfile(roadFactor);
          return predict(updateEstimator(null, fixAt(T0, m), SITE, profile), T0, profile).eta;
        };
        expect(eta(low)).toBeLessThanOrEqual(eta(high) + 1);
      }),
    );
  });

  it('never gets later for a truck seen driving faster to the same spot', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1_000, max: 200_000, noNaN: true }),
        fc.double({ min: movingThresholdMps + 0.5, max: 40, noNaN: true }),
        fc.double({ min: movingThresholdMps + 0.5, max: 40, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (endM, a, b, minutes) => {
          const [slow, fast] = a <= b ? [a, b] : [b, a];
          const eta = (mps: number) => {
            const { estimator, at } = drive(endM + mps * minutes * 60, [{ seconds: minutes * 60, mps }], 30);
            return predict(estimator, at).eta;
          };
          expect(eta(fast)).toBeLessThanOrEqual(eta(slow) + 1);
        },
      ),
    );
  });
});

describe('learning from arrivals', () => {
  const configured = defaultProfile(1.3);
  /** A completed trip: `distanceM` great-circle from the first fix, `roadFactor` times that driven, arriving after `minutes`. */
  const trip = (distanceM: number, roadFactor: number, minutes: number): { trip: EtaEstimator; arrivedAt: number } => ({
    trip: { ...updateEstimator(null, fixAt(T0, distanceM), SITE, configured), pathM: distanceM * roadFactor },
    arrivedAt: T0 + minutes * MIN,
  });
  /** The minutes a trip takes at the typical speeds with this road factor. */
  const typicalMinutes = (distanceM: number, roadFactor: number) => typicalDrivingMs(distanceM, 0, defaultProfile(roadFactor)) / MIN;

  it('learns the road factor and pace of the first arrival', () => {
    const t = trip(40_000, 1.5, 1.2 * typicalMinutes(40_000, 1.5));
    const learned = learnFromArrival(null, t.trip, t.arrivedAt, configured);
    expect(learned?.samples).toBe(1);
    expect(learned?.roadFactor).toBeCloseTo(1.5, 6);
    expect(learned?.pace).toBeCloseTo(1.2, 3);
  });

  it('moves the profile toward what trips show, averaging over arrivals', () => {
    let learned: ArrivalProfile | null = null;
    for (let i = 0; i < 8; i++) {
      const t = trip(30_000 + i * 5_000, 1.45, 1.25 * typicalMinutes(30_000 + i * 5_000, 1.45));
      learned = learnFromArrival(learned, t.trip, t.arrivedAt, configured);
    }
    expect(learned?.samples).toBe(8);
    expect(learned?.roadFactor).toBeCloseTo(1.45, 6);
    expect(learned?.pace).toBeCloseTo(1.25, 3);
    // Two different trips average.
    const a = trip(40_000, 1.2, typicalMinutes(40_000, 1.2));
    const b = trip(40_000, 1.6, typicalMinutes(40_000, 1.6));
    const two = learnFromArrival(learnFromArrival(null, a.trip, a.arrivedAt, configured), b.trip, b.arrivedAt, configured);
    expect(two?.roadFactor).toBeCloseTo(1.4, 6);
  });

  it('lands each arrival between the profile and the trip, and keeps following: the latest weighs at least 5 %', () => {
    fc.assert(
      fc.property(
        fc.record({ roadFactor: fc.double({ min: 1, max: 3, noNaN: true }), pace: fc.double({ min: 1 / 3, max: 3, noNaN: true }), samples: fc.integer({ min: 1, max: 1_000 }) }),
        fc.double({ min: 5_000, max: 300_000, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.double({ min: 0.4, max: 2.5, noNaN: true }),
        (before, distanceM, roadFactor, pace) => {
          const t = trip(distanceM, roadFactor, pace * typicalMinutes(distanceM, roadFactor));
          const after = learnFromArrival(before, t.trip, t.arrivedAt, configured);
          if (after === null) throw new Error('a plausible trip taught nothing');
          expect(after.samples).toBe(before.samples + 1);
          const between = (x: number, p: number, q: number) => x >= Math.min(p, q) - 1e-9 && x <= Math.max(p, q) + 1e-9;
          expect(between(after.roadFactor, before.roadFactor, roadFactor)).toBe(true);
          expect(between(after.pace, before.pace, pace)).toBe(true);
          expect(Math.abs(after.roadFactor - before.roadFactor)).toBeGreaterThanOrEqual(0.05 * Math.abs(roadFactor - before.roadFactor) - 1e-9);
        },
      ),
    );
  });

  it('learns nothing from trips too short to measure or arriving before they started', () => {
    const short = trip(4_000, 1.3, 10);
    expect(learnFromArrival(null, short.trip, short.arrivedAt, configured)).toBeNull();
    const backwards = trip(40_000, 1.3, 0);
    expect(learnFromArrival(null, backwards.trip, backwards.arrivedAt, configured)).toBeNull();
  });

  it('keeps implausible trips within bounds (road factor 1–3, pace 1/3–3)', () => {
    const wild = trip(40_000, 9, 24 * 60);
    expect(learnFromArrival(null, wild.trip, wild.arrivedAt, configured)).toMatchObject({ roadFactor: 3, pace: 3 });
    const straight = trip(40_000, 0.5, 1);
    expect(learnFromArrival(null, straight.trip, straight.arrivedAt, configured)).toMatchObject({ roadFactor: 1, pace: expect.closeTo(1 / 3, 9) as number });
  });

  it(`uses the learned profile only from ${MIN_LEARNED_SAMPLES} arrivals on, the configured defaults until then`, () => {
    let learned: ArrivalProfile | null = null;
    const inUse: ArrivalProfile[] = [];
    for (let i = 0; i < MIN_LEARNED_SAMPLES + 1; i++) {
      const t = trip(50_000, 1.5, 1.3 * typicalMinutes(50_000, 1.5));
      learned = learnFromArrival(learned, t.trip, t.arrivedAt, configured);
      inUse.push(profileInUse(learned, configured));
    }
    expect(profileInUse(null, configured)).toBe(configured);
    expect(inUse.slice(0, MIN_LEARNED_SAMPLES - 1).every((p) => p === configured)).toBe(true);
    expect(inUse[MIN_LEARNED_SAMPLES - 1]).toMatchObject({ samples: MIN_LEARNED_SAMPLES, roadFactor: expect.closeTo(1.5, 6) as number });
    // And the ETA follows it: a site whose trucks are 30 % slower on 50 % longer roads.
    const e = updateEstimator(null, fixAt(T0, 20_000), SITE, configured);
    const used = inUse.at(-1)!;
    expect(predict(updateEstimator(null, fixAt(T0, 20_000), SITE, used), T0, used).eta).toBeGreaterThan(predict(e, T0).eta + 10 * MIN);
  });
});
