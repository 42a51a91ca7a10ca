import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALERT_KINDS,
  ALERT_SEVERITY,
  alertSlot,
  computeEta,
  conditionsBySlot,
  DEFAULT_ALERT_SETTINGS,
  EARTH_RADIUS_M,
  evaluateAlerts,
  SHIPMENT_STATUSES,
  staleEta,
  type AlertCondition,
  type AlertFacts,
  type AlertSettings,
  type LatLon,
  type ShipmentStatus,
} from '@dockwatch/shared';

const MIN = 60_000;
/** The fixture window: 10:00–10:30 UTC on 4 March 2025, seen from 09:00 (90 minutes before its end). */
const WINDOW_START = Date.UTC(2025, 2, 4, 10, 0, 0);
const WINDOW_END = WINDOW_START + 30 * MIN;
const NOW = WINDOW_START - 60 * MIN;
const SETTINGS = DEFAULT_ALERT_SETTINGS;

const PRE_ARRIVAL: readonly ShipmentStatus[] = ['planned', 'dispatched', 'in_transit', 'delayed'];
const ON_SITE: readonly ShipmentStatus[] = ['arrived', 'at_dock', 'unloading'];

/** An in-transit shipment with no ETA and no ping yet; override what a test is about. */
const facts = (overrides: Partial<AlertFacts> = {}): AlertFacts => ({
  status: 'in_transit',
  windowStart: WINDOW_START,
  windowEnd: WINDOW_END,
  eta: null,
  arrivedAt: null,
  positionTs: null,
  ...overrides,
});

const kinds = (conditions: readonly AlertCondition[]) => conditions.map((c) => c.kind);
const lateness = (conditions: readonly AlertCondition[]) => conditions.find((c) => alertSlot(c.kind) === 'lateness');

describe('evaluateAlerts: lateness', () => {
  it('predicts lateness when the ETA is after the window end, with the delay and the lead time', () => {
    expect(evaluateAlerts(facts({ eta: WINDOW_END + 12.5 * MIN }), SETTINGS, NOW)).toEqual([
      { kind: 'late_predicted', delayMinutes: 13, leadMinutes: 90 },
    ]);
  });

  it('rounds the delay up, so a few seconds late is still one minute late', () => {
    const delayFor = (eta: number) => lateness(evaluateAlerts(facts({ eta }), SETTINGS, NOW))?.delayMinutes;
    expect(delayFor(WINDOW_END + 1)).toBe(1);
    expect(delayFor(WINDOW_END + MIN)).toBe(1);
    expect(delayFor(WINDOW_END + MIN + 1)).toBe(2);
  });

  it('rounds the lead time to the nearest minute before the window end', () => {
    const eta = WINDOW_END + 5 * MIN;
    const leadAt = (now: number) => lateness(evaluateAlerts(facts({ eta }), SETTINGS, now))?.leadMinutes;
    expect(leadAt(WINDOW_END - 20 * MIN - 29_000)).toBe(20);
    expect(leadAt(WINDOW_END - 20 * MIN - 31_000)).toBe(21);
  });

  it('counts an ETA exactly at the window end as at risk, not late', () => {
    expect(evaluateAlerts(facts({ eta: WINDOW_END }), SETTINGS, NOW)).toEqual([{ kind: 'at_risk', delayMinutes: 0, leadMinutes: 90 }]);
  });

  it('flags at risk when the ETA falls in the last fraction of the window', () => {
    // A two-hour window: the last quarter starts at 11:30, well before the 10-minute slack rule (11:50).
    const long = { windowEnd: WINDOW_START + 120 * MIN };
    const at = (minutesAfterStart: number) => kinds(evaluateAlerts(facts({ ...long, eta: WINDOW_START + minutesAfterStart * MIN }), SETTINGS, NOW));
    expect(at(100)).toEqual(['at_risk']);
    expect(at(91)).toEqual(['at_risk']);
    expect(at(90)).toEqual([]);
    expect(at(60)).toEqual([]);
  });

  it('flags at risk when the ETA leaves less slack than configured, even before the last fraction', () => {
    // In the 30-minute window the last quarter starts at 10:22:30; 10:21 is only caught by the slack rule.
    const at = (eta: number) => kinds(evaluateAlerts(facts({ eta }), SETTINGS, NOW));
    expect(at(WINDOW_END - 9 * MIN)).toEqual(['at_risk']);
    expect(at(WINDOW_END - 10 * MIN)).toEqual([]);
    const noFraction: AlertSettings = { ...SETTINGS, atRiskFraction: 0, atRiskSlackMinutes: 20 };
    expect(kinds(evaluateAlerts(facts({ eta: WINDOW_END - 19 * MIN }), noFraction, NOW))).toEqual(['at_risk']);
    expect(kinds(evaluateAlerts(facts({ eta: WINDOW_END - 21 * MIN }), noFraction, NOW))).toEqual([]);
  });

  it('never reports at risk and late together', () => {
    // Past the window end the ETA is in the last fraction and has negative slack: only late_predicted.
    expect(kinds(evaluateAlerts(facts({ eta: WINDOW_END + MIN }), SETTINGS, NOW))).toEqual(['late_predicted']);
  });

  it('raises nothing for a shipment comfortably on time or early', () => {
    expect(evaluateAlerts(facts({ eta: WINDOW_START + 5 * MIN }), SETTINGS, NOW)).toEqual([]);
    expect(evaluateAlerts(facts({ eta: WINDOW_START - 45 * MIN }), SETTINGS, NOW)).toEqual([]);
  });

  it('predicts nothing without an ETA', () => {
    expect(evaluateAlerts(facts({ eta: null }), SETTINGS, NOW)).toEqual([]);
  });

  it('judges lateness for every status before arrival', () => {
    for (const status of PRE_ARRIVAL) {
      expect(kinds(evaluateAlerts(facts({ status, eta: WINDOW_END + 5 * MIN }), SETTINGS, NOW)), status).toEqual(['late_predicted']);
    }
  });
});

describe('evaluateAlerts: tracking, window and arrival', () => {
  it('flags stale tracking while en route once the last ping is older than the threshold', () => {
    for (const status of PRE_ARRIVAL) {
      expect(evaluateAlerts(facts({ status, positionTs: NOW - 16 * MIN }), SETTINGS, NOW), status).toEqual([
        { kind: 'stale_tracking', delayMinutes: null, leadMinutes: 90 },
      ]);
      expect(evaluateAlerts(facts({ status, positionTs: NOW - 15 * MIN }), SETTINGS, NOW), status).toEqual([]);
    }
  });

  it('does not call tracking stale before the first ping', () => {
    expect(evaluateAlerts(facts({ positionTs: null }), SETTINGS, NOW)).toEqual([]);
  });

  it('does not call tracking stale once the truck has arrived', () => {
    const now = WINDOW_START + 10 * MIN;
    const silent = { positionTs: now - 120 * MIN };
    for (const status of ON_SITE) {
      expect(evaluateAlerts(facts({ ...silent, status }), SETTINGS, now), status).toEqual([]);
    }
    // An exception on the road (a breakdown) is still en route: silence there matters most.
    expect(evaluateAlerts(facts({ ...silent, status: 'exception' }), SETTINGS, now).map((c) => c.kind)).toEqual(['stale_tracking']);
    // Arrival recorded by the geofence before the status caught up.
    expect(evaluateAlerts(facts({ ...silent, arrivedAt: WINDOW_START - 5 * MIN }), SETTINGS, now)).toEqual([]);
  });

  it('reports a missed window after the window end while the truck has not arrived', () => {
    expect(evaluateAlerts(facts(), SETTINGS, WINDOW_END)).toEqual([]);
    expect(evaluateAlerts(facts(), SETTINGS, WINDOW_END + 5 * MIN)).toEqual([{ kind: 'missed_window', delayMinutes: 5, leadMinutes: -5 }]);
    expect(evaluateAlerts(facts(), SETTINGS, WINDOW_END + 20_000)).toMatchObject([{ kind: 'missed_window', delayMinutes: 1 }]);
  });

  it('reports the missed window next to the late prediction, in separate slots', () => {
    const now = WINDOW_END + 5 * MIN;
    expect(evaluateAlerts(facts({ eta: WINDOW_END + 20 * MIN }), SETTINGS, now)).toEqual([
      { kind: 'late_predicted', delayMinutes: 20, leadMinutes: -5 },
      { kind: 'missed_window', delayMinutes: 5, leadMinutes: -5 },
    ]);
  });

  it('raises no lateness alerts once the truck has arrived, however late', () => {
    const lateArrival = { eta: WINDOW_END + 40 * MIN, arrivedAt: WINDOW_END + 40 * MIN, positionTs: WINDOW_END + 40 * MIN };
    const now = WINDOW_END + 60 * MIN;
    for (const status of ON_SITE) expect(evaluateAlerts(facts({ ...lateArrival, status }), SETTINGS, now), status).toEqual([]);
    expect(evaluateAlerts(facts(lateArrival), SETTINGS, now)).toEqual([]);
  });

  it('reports an early arrival more than the tolerance before the window start, until the window starts', () => {
    const early = facts({ status: 'arrived', arrivedAt: WINDOW_START - 31 * MIN });
    expect(evaluateAlerts(early, SETTINGS, WINDOW_START - 20 * MIN)).toEqual([{ kind: 'early_arrival', delayMinutes: -31, leadMinutes: 50 }]);
    expect(kinds(evaluateAlerts(early, SETTINGS, WINDOW_START - 1))).toEqual(['early_arrival']);
    expect(evaluateAlerts(early, SETTINGS, WINDOW_START)).toEqual([]);
  });

  it('tolerates an arrival within the tolerance before the window start', () => {
    const atTolerance = facts({ status: 'arrived', arrivedAt: WINDOW_START - 30 * MIN });
    expect(evaluateAlerts(atTolerance, SETTINGS, WINDOW_START - 20 * MIN)).toEqual([]);
  });

  it('raises nothing for received or cancelled shipments, whatever the facts say', () => {
    const alarming = { eta: WINDOW_END + 60 * MIN, positionTs: NOW - 120 * MIN };
    for (const status of ['received', 'cancelled'] as const) {
      expect(evaluateAlerts(facts({ ...alarming, status }), SETTINGS, WINDOW_END + 30 * MIN), status).toEqual([]);
      const earlyArrival = facts({ status, arrivedAt: WINDOW_START - 90 * MIN });
      expect(evaluateAlerts(earlyArrival, SETTINGS, WINDOW_START - 30 * MIN), status).toEqual([]);
    }
  });
});

describe('alert slots and severity', () => {
  it('puts at risk and late in one lateness slot and gives every other kind its own', () => {
    expect(alertSlot('at_risk')).toBe('lateness');
    expect(alertSlot('late_predicted')).toBe('lateness');
    expect(alertSlot('stale_tracking')).toBe('stale_tracking');
    expect(alertSlot('missed_window')).toBe('missed_window');
    expect(alertSlot('early_arrival')).toBe('early_arrival');
  });

  it('orders kinds from missed window down to early arrival, with late above at risk', () => {
    const bySeverity = [...ALERT_KINDS].sort((a, b) => ALERT_SEVERITY[b] - ALERT_SEVERITY[a]);
    expect(bySeverity[0]).toBe('missed_window');
    expect(bySeverity.at(-1)).toBe('early_arrival');
    expect(ALERT_SEVERITY.late_predicted).toBeGreaterThan(ALERT_SEVERITY.at_risk);
  });

  it('lists every slot, with the condition that holds or null', () => {
    const now = WINDOW_END + 5 * MIN;
    const conditions = evaluateAlerts(facts({ eta: WINDOW_END + 20 * MIN, positionTs: now - 30 * MIN }), SETTINGS, now);
    const bySlot = conditionsBySlot(conditions);
    expect([...bySlot.keys()].sort()).toEqual(['early_arrival', 'lateness', 'missed_window', 'stale_tracking']);
    expect(bySlot.get('lateness')?.kind).toBe('late_predicted');
    expect(bySlot.get('stale_tracking')?.kind).toBe('stale_tracking');
    expect(bySlot.get('missed_window')?.delayMinutes).toBe(5);
    expect(bySlot.get('early_arrival')).toBeNull();
  });

  it('gives every slot null when nothing holds, so open alerts there get resolved', () => {
    expect([...conditionsBySlot([]).values()]).toEqual([null, null, null, null]);
  });
});

// ---- Properties ----

const epochMs = fc.integer({ min: WINDOW_START - 24 * 60 * MIN, max: WINDOW_START + 24 * 60 * MIN });
const maybeEpochMs = fc.option(epochMs, { nil: null });
const settingsArb: fc.Arbitrary<AlertSettings> = fc.record({
  atRiskSlackMinutes: fc.integer({ min: 0, max: 120 }),
  atRiskFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  staleAfterMinutes: fc.integer({ min: 1, max: 120 }),
  earlyArrivalToleranceMinutes: fc.integer({ min: 0, max: 240 }),
  escalationStepMinutes: fc.integer({ min: 1, max: 120 }),
});
const factsArb: fc.Arbitrary<AlertFacts> = fc
  .record({
    status: fc.constantFrom(...SHIPMENT_STATUSES),
    windowStart: epochMs,
    windowMinutes: fc.integer({ min: 1, max: 8 * 60 }),
    eta: maybeEpochMs,
    arrivedAt: maybeEpochMs,
    positionTs: maybeEpochMs,
  })
  .map(({ windowMinutes, ...f }) => ({ ...f, windowEnd: f.windowStart + windowMinutes * MIN }));

const LATENESS_RANK = { none: 0, at_risk: 1, late_predicted: 2 } as const;
const latenessRank = (c: AlertCondition | undefined) => LATENESS_RANK[c?.kind === 'at_risk' || c?.kind === 'late_predicted' ? c.kind : 'none'];

describe('alert rule properties', () => {
  it('never makes a later ETA look less late', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, epochMs, epochMs, epochMs, (f, settings, now, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const before = lateness(evaluateAlerts({ ...f, status: 'in_transit', arrivedAt: null, eta: earlier }, settings, now));
        const after = lateness(evaluateAlerts({ ...f, status: 'in_transit', arrivedAt: null, eta: later }, settings, now));
        expect(latenessRank(after)).toBeGreaterThanOrEqual(latenessRank(before));
        if (before && after) expect(after.delayMinutes ?? 0).toBeGreaterThanOrEqual(before.delayMinutes ?? 0);
      }),
    );
  });

  it('returns at most one condition per slot', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, epochMs, (f, settings, now) => {
        const slots = evaluateAlerts(f, settings, now).map((c) => alertSlot(c.kind));
        expect(new Set(slots).size).toBe(slots.length);
      }),
    );
  });

  it('raises nothing for received or cancelled shipments and no lateness after arrival', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, epochMs, (f, settings, now) => {
        const conditions = evaluateAlerts(f, settings, now);
        if (f.status === 'received' || f.status === 'cancelled') expect(conditions).toEqual([]);
        // Before arrival means a pre-arrival status, or an exception on the road.
        if (f.arrivedAt !== null || !(PRE_ARRIVAL.includes(f.status) || f.status === 'exception')) {
          expect(kinds(conditions).filter((k) => k !== 'early_arrival')).toEqual([]);
        }
      }),
    );
  });
});

describe('rules see only the facts they are given', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives a backfilled replay of a past trip the alerts it gave live', () => {
    // Snapshots of one trip as the server saw them; a backfill replays them days later.
    const trip: { now: number; facts: AlertFacts }[] = [
      { now: NOW, facts: facts({ eta: WINDOW_START + 5 * MIN, positionTs: NOW - MIN }) },
      { now: NOW + 30 * MIN, facts: facts({ eta: WINDOW_END - 5 * MIN, positionTs: NOW + 29 * MIN }) },
      { now: NOW + 60 * MIN, facts: facts({ eta: WINDOW_END + 25 * MIN, positionTs: NOW + 40 * MIN }) },
      { now: WINDOW_END + 10 * MIN, facts: facts({ eta: WINDOW_END + 25 * MIN, positionTs: WINDOW_END + 9 * MIN }) },
      { now: WINDOW_END + 30 * MIN, facts: facts({ status: 'arrived', eta: null, arrivedAt: WINDOW_END + 26 * MIN, positionTs: WINDOW_END + 26 * MIN }) },
    ];
    vi.useFakeTimers();
    const live = trip.map(({ now, facts: f }) => {
      vi.setSystemTime(now);
      return evaluateAlerts(f, SETTINGS, now);
    });
    vi.setSystemTime(WINDOW_END + 3 * 24 * 60 * MIN);
    const backfilled = trip.map(({ now, facts: f }) => evaluateAlerts(f, SETTINGS, now));

    expect(backfilled).toEqual(live);
    expect(live.map(kinds)).toEqual([[], ['at_risk'], ['late_predicted', 'stale_tracking'], ['late_predicted', 'missed_window'], []]);
  });

  it('gives the same conditions for the same facts, whatever the wall clock says', () => {
    vi.useFakeTimers();
    fc.assert(
      fc.property(factsArb, settingsArb, epochMs, epochMs, (f, settings, now, wallClock) => {
        const snapshot = structuredClone(f);
        vi.setSystemTime(now);
        const first = evaluateAlerts(f, settings, now);
        vi.setSystemTime(wallClock);
        expect(evaluateAlerts(structuredClone(f), settings, now)).toEqual(first);
        expect(f).toEqual(snapshot);
      }),
    );
  });
});

// ---- staleEta ----

const SITE: LatLon = { lat: 53.55, lon: 9.99 };
/** A point `meters` due north of the site (a meridian, so the great-circle distance is exact). */
const northOfSite = (meters: number): LatLon => ({ lat: SITE.lat + (meters / EARTH_RADIUS_M) * (180 / Math.PI), lon: SITE.lon });

describe('staleEta', () => {
  it('assumes the silent truck still stands where it was last seen', () => {
    // 15 km at 15 m/s is 1000 s from wherever "now" is.
    const lastPing = NOW;
    expect(staleEta(northOfSite(15_000), SITE, 1, 15, lastPing)).toBeCloseTo(lastPing + 1_000_000, -1);
    expect(staleEta(northOfSite(15_000), SITE, 1, 15, lastPing + 30 * MIN)).toBeCloseTo(lastPing + 30 * MIN + 1_000_000, -1);
    // The ETA computed from the old ping would have stayed put at the last ping + 1000 s.
    expect(computeEta({ position: northOfSite(15_000), positionTs: lastPing, destination: SITE, roadFactor: 1, speedMps: 15, now: lastPing + 10 * MIN })).toBeCloseTo(
      lastPing + 1_000_000,
      -1,
    );
  });

  it('moves a minute later for every silent minute and is never before now', () => {
    const latLon: fc.Arbitrary<LatLon> = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(
        latLon,
        latLon,
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: null }),
        epochMs,
        fc.integer({ min: 0, max: 24 * 60 }),
        (position, destination, roadFactor, speedMps, now, silentMinutes) => {
          const eta = staleEta(position, destination, roadFactor, speedMps, now);
          const later = staleEta(position, destination, roadFactor, speedMps, now + silentMinutes * MIN);
          expect(eta).toBeGreaterThanOrEqual(now);
          expect(Math.abs(later - eta - silentMinutes * MIN)).toBeLessThan(1);
        },
      ),
    );
  });
});
