import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALERT_KINDS,
  ALERT_SEVERITY,
  alertSlot,
  conditionsBySlot,
  DEFAULT_ALERT_SETTINGS,
  DEFAULT_WINDOW_RULES,
  EARTH_RADIUS_M,
  evaluateAlerts,
  outlookAt,
  applyFixes,
  SHIPMENT_STATUSES,
  untrackedState,
  windowStatusOf,
  type AlertCondition,
  type AlertFacts,
  type AlertSettings,
  type ShipmentStatus,
  type TrackingContext,
  type TrackingState,
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
  etaEarliest: null,
  etaLatest: null,
  arrivedAt: null,
  positionTs: null,
  ...overrides,
});
/** An ETA band, in minutes after the window end (negative: before it). */
const band = (earliest: number, eta: number, latest: number): Pick<AlertFacts, 'eta' | 'etaEarliest' | 'etaLatest'> => ({
  eta: WINDOW_END + eta * MIN,
  etaEarliest: WINDOW_END + earliest * MIN,
  etaLatest: WINDOW_END + latest * MIN,
});

const kinds = (conditions: readonly AlertCondition[]) => conditions.map((c) => c.kind);
const lateness = (conditions: readonly AlertCondition[]) => conditions.find((c) => alertSlot(c.kind) === 'lateness');

describe('evaluateAlerts: lateness, judged by the ETA band', () => {
  it('predicts lateness when even the early edge misses the window end, with the delay of the ETA and the lead time', () => {
    expect(evaluateAlerts(facts(band(2, 12.5, 30)), SETTINGS, NOW)).toEqual([{ kind: 'late_predicted', delayMinutes: 13, leadMinutes: 90 }]);
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

  it('flags at risk when the band straddles the window end, with the ETA in the last fraction of the window or past it', () => {
    // The last quarter of 10:00–10:30 starts at 10:22:30.
    expect(evaluateAlerts(facts(band(-20, -5, 10)), SETTINGS, NOW)).toEqual([{ kind: 'at_risk', delayMinutes: 0, leadMinutes: 90 }]);
    // At risk says "may miss it": no delay, even with the ETA past the end, so a later escalation to late is news.
    expect(evaluateAlerts(facts(band(-20, 6, 25)), SETTINGS, NOW)).toEqual([{ kind: 'at_risk', delayMinutes: 0, leadMinutes: 90 }]);
    expect(kinds(evaluateAlerts(facts(band(-20, 0, 0.5)), SETTINGS, NOW))).toEqual(['at_risk']);
    // The early edge exactly at the end is not yet late.
    expect(kinds(evaluateAlerts(facts(band(0, 5, 20)), SETTINGS, NOW))).toEqual(['at_risk']);
  });

  it('raises nothing while the late edge is inside the window, even with the ETA in its last minutes', () => {
    expect(evaluateAlerts(facts(band(-10, -1, 0)), SETTINGS, NOW)).toEqual([]);
    // A point ETA at the window end is a band inside it.
    expect(evaluateAlerts(facts({ eta: WINDOW_END }), SETTINGS, NOW)).toEqual([]);
  });

  it('raises nothing for a band that misses the window end with the ETA still early in the window', () => {
    expect(evaluateAlerts(facts(band(-25, -10, 15)), SETTINGS, NOW)).toEqual([]);
  });

  it('follows the site at-risk fraction', () => {
    // A two-hour window: the last quarter starts at 11:30, 30 min before the end.
    const long = { windowEnd: WINDOW_START + 120 * MIN };
    const at = (eta: number) =>
      kinds(evaluateAlerts(facts({ ...long, eta: long.windowEnd + eta * MIN, etaEarliest: long.windowEnd - 60 * MIN, etaLatest: long.windowEnd + 20 * MIN }), SETTINGS, NOW));
    expect(at(-20)).toEqual(['at_risk']);
    expect(at(-29)).toEqual(['at_risk']);
    expect(at(-30)).toEqual([]);
    expect(kinds(evaluateAlerts(facts({ ...long, eta: long.windowEnd - 60 * MIN, etaEarliest: long.windowEnd - 90 * MIN, etaLatest: long.windowEnd + 20 * MIN }), { ...SETTINGS, atRiskFraction: 0.75 }, NOW))).toEqual(['at_risk']);
  });

  it('never reports at risk and late together', () => {
    expect(kinds(evaluateAlerts(facts(band(1, 10, 30)), SETTINGS, NOW))).toEqual(['late_predicted']);
  });

  it('raises nothing for a shipment comfortably on time or early', () => {
    expect(evaluateAlerts(facts(band(-35, -25, -10)), SETTINGS, NOW)).toEqual([]);
    expect(evaluateAlerts(facts(band(-90, -75, -50)), SETTINGS, NOW)).toEqual([]);
  });

  it('predicts nothing without an ETA', () => {
    expect(evaluateAlerts(facts({ eta: null }), SETTINGS, NOW)).toEqual([]);
  });

  it('judges lateness for every status before arrival, and for an exception on the road', () => {
    for (const status of [...PRE_ARRIVAL, 'exception'] as const) {
      expect(kinds(evaluateAlerts(facts({ status, ...band(2, 5, 15) }), SETTINGS, NOW)), status).toEqual(['late_predicted']);
    }
  });

  it('predicts no lateness once the window has closed: the truck has missed it', () => {
    const now = WINDOW_END + 5 * MIN;
    expect(evaluateAlerts(facts({ ...band(10, 20, 40), positionTs: now - MIN }), SETTINGS, now)).toEqual([{ kind: 'missed_window', delayMinutes: 5, leadMinutes: -5 }]);
    // Up to the end itself the prediction holds.
    expect(kinds(evaluateAlerts(facts({ ...band(10, 20, 40), positionTs: WINDOW_END }), SETTINGS, WINDOW_END))).toEqual(['late_predicted']);
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

  it('reports a missed window next to stale tracking, in separate slots', () => {
    const now = WINDOW_END + 5 * MIN;
    expect(evaluateAlerts(facts({ ...band(10, 20, 40), positionTs: now - 30 * MIN }), SETTINGS, now)).toEqual([
      { kind: 'stale_tracking', delayMinutes: null, leadMinutes: -5 },
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

  it('orders kinds from a part running out and a missed window down to early arrival, with late above at risk', () => {
    const bySeverity = [...ALERT_KINDS].sort((a, b) => ALERT_SEVERITY[b] - ALERT_SEVERITY[a]);
    // A line about to stop outranks any one late truck.
    expect(bySeverity.slice(0, 2)).toEqual(['shortage_risk', 'missed_window']);
    expect(bySeverity.at(-1)).toBe('early_arrival');
    expect(ALERT_SEVERITY.late_predicted).toBeGreaterThan(ALERT_SEVERITY.at_risk);
  });

  it('lists every slot, with the condition that holds or null', () => {
    const before = WINDOW_END - 5 * MIN;
    const open = conditionsBySlot(evaluateAlerts(facts({ ...band(10, 20, 40), positionTs: before - 30 * MIN }), SETTINGS, before));
    expect([...open.keys()].sort()).toEqual(['early_arrival', 'lateness', 'missed_window', 'stale_tracking']);
    expect(open.get('lateness')?.kind).toBe('late_predicted');
    expect(open.get('stale_tracking')?.kind).toBe('stale_tracking');
    expect(open.get('missed_window')).toBeNull();
    expect(open.get('early_arrival')).toBeNull();
    const after = WINDOW_END + 5 * MIN;
    const closed = conditionsBySlot(evaluateAlerts(facts({ ...band(10, 20, 40), positionTs: after - 30 * MIN }), SETTINGS, after));
    expect(closed.get('lateness')).toBeNull();
    expect(closed.get('missed_window')?.delayMinutes).toBe(5);
  });

  it('gives every slot null when nothing holds, so open alerts there get resolved', () => {
    expect([...conditionsBySlot([]).values()]).toEqual([null, null, null, null]);
  });
});

// ---- Properties ----

const epochMs = fc.integer({ min: WINDOW_START - 24 * 60 * MIN, max: WINDOW_START + 24 * 60 * MIN });
const maybeEpochMs = fc.option(epochMs, { nil: null });
const settingsArb: fc.Arbitrary<AlertSettings> = fc.record({
  atRiskFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  staleAfterMinutes: fc.integer({ min: 1, max: 120 }),
  earlyArrivalToleranceMinutes: fc.integer({ min: 0, max: 240 }),
  escalationStepMinutes: fc.integer({ min: 1, max: 120 }),
  raiseAfterMinutes: fc.integer({ min: 0, max: 30 }),
  resolveAfterMinutes: fc.integer({ min: 0, max: 60 }),
});
/** An ETA band (earliest ≤ eta ≤ latest), or a point ETA, or none. */
const bandArb = fc.oneof(
  fc.tuple(epochMs, fc.integer({ min: 0, max: 3 * 60 * MIN }), fc.integer({ min: 0, max: 3 * 60 * MIN })).map(([earliest, a, b]) => ({ etaEarliest: earliest, eta: earliest + a, etaLatest: earliest + a + b })),
  maybeEpochMs.map((eta) => ({ eta, etaEarliest: null, etaLatest: null })),
);
const factsArb: fc.Arbitrary<AlertFacts> = fc
  .record({
    status: fc.constantFrom(...SHIPMENT_STATUSES),
    windowStart: epochMs,
    windowMinutes: fc.integer({ min: 1, max: 8 * 60 }),
    band: bandArb,
    arrivedAt: maybeEpochMs,
    positionTs: maybeEpochMs,
    stopped: fc.boolean(),
  })
  .map(({ windowMinutes, band: b, ...f }) => ({ ...f, ...b, windowEnd: f.windowStart + windowMinutes * MIN }));
const enRouteFactsArb = factsArb.map((f) => ({ ...f, status: 'in_transit' as const, arrivedAt: null }));

const LATENESS_RANK = { none: 0, at_risk: 1, late_predicted: 2 } as const;
const latenessRank = (c: AlertCondition | undefined) => LATENESS_RANK[c?.kind === 'at_risk' || c?.kind === 'late_predicted' ? c.kind : 'none'];
const shifted = (f: AlertFacts, ms: number): AlertFacts => ({
  ...f,
  eta: f.eta === null ? null : f.eta + ms,
  etaEarliest: f.etaEarliest === null ? null : f.etaEarliest + ms,
  etaLatest: f.etaLatest === null ? null : f.etaLatest + ms,
});

describe('alert rule properties', () => {
  it('never makes a later band look less late', () => {
    fc.assert(
      fc.property(enRouteFactsArb, settingsArb, epochMs, fc.integer({ min: 0, max: 6 * 60 * MIN }), (f, settings, now, shift) => {
        const before = lateness(evaluateAlerts(f, settings, now));
        const after = lateness(evaluateAlerts(shifted(f, shift), settings, now));
        expect(latenessRank(after)).toBeGreaterThanOrEqual(latenessRank(before));
        if (before && after) expect(after.delayMinutes ?? 0).toBeGreaterThanOrEqual(before.delayMinutes ?? 0);
      }),
    );
  });

  it('judges lateness as the board chip does: late_predicted is the window status late, at_risk is at_risk', () => {
    fc.assert(
      fc.property(enRouteFactsArb, settingsArb, epochMs, (f, settings, now) => {
        const condition = lateness(evaluateAlerts(f, settings, now));
        if (f.eta === null || now > f.windowEnd) {
          expect(condition).toBeUndefined();
          return;
        }
        const status = windowStatusOf(f, f.windowStart, f.windowEnd, now, { ...DEFAULT_WINDOW_RULES, atRiskFraction: settings.atRiskFraction });
        expect(condition?.kind).toBe(status === 'late' ? 'late_predicted' : status === 'at_risk' ? 'at_risk' : undefined);
      }),
    );
  });

  it('never predicts lateness once the window has closed, and then always reports the missed window', () => {
    fc.assert(
      fc.property(enRouteFactsArb, settingsArb, epochMs, (f, settings, now) => {
        const found = kinds(evaluateAlerts(f, settings, now));
        if (now > f.windowEnd) {
          expect(found).not.toContain('late_predicted');
          expect(found).not.toContain('at_risk');
          expect(found).toContain('missed_window');
        } else {
          expect(found).not.toContain('missed_window');
        }
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

describe('one status truth for the board and the alerts', () => {
  const site = { lat: 53.55, lon: 9.99, geofenceRadiusM: 500, roadFactor: 1.3 };
  const ctx: TrackingContext = { site, windowStart: WINDOW_START, windowEnd: WINDOW_END };
  const start: TrackingState = untrackedState('in_transit');

  it('raises late_predicted exactly when the board says late, at_risk exactly when it says at risk, and missed_window once the window has closed', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1_000, max: 150_000, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.integer({ min: 0, max: 4 * 60 }),
        fc.integer({ min: 0, max: 4 * 60 }),
        (fromM, mps, drivenMinutes, quietMinutes) => {
          // A truck driving straight at the site from 08:30, then silent; both seen at `now`.
          const t0 = WINDOW_START - 90 * MIN;
          const fixes = Array.from({ length: Math.floor(drivenMinutes / 2) + 1 }, (_, i) => {
            const meters = Math.max(600, fromM - mps * i * 120) + site.geofenceRadiusM;
            return { ts: t0 + i * 2 * MIN, lat: site.lat + (meters / EARTH_RADIUS_M) * (180 / Math.PI), lon: site.lon, speed: null, heading: null };
          });
          const now = fixes.at(-1)!.ts + quietMinutes * MIN;
          const board = outlookAt(applyFixes(start, fixes, ctx, now).state, ctx, now);
          const found = kinds(
            evaluateAlerts(
              { status: board.status, windowStart: WINDOW_START, windowEnd: WINDOW_END, eta: board.eta, etaEarliest: board.etaEarliest, etaLatest: board.etaLatest, arrivedAt: board.arrivedAt, positionTs: board.position?.ts ?? null },
              SETTINGS,
              now,
            ),
          );
          if (now > WINDOW_END) {
            expect(board.windowStatus).toBe('late');
            expect(found).toContain('missed_window');
            expect(found.filter((k) => k === 'late_predicted' || k === 'at_risk')).toEqual([]);
          } else {
            expect(found.includes('late_predicted')).toBe(board.windowStatus === 'late');
            expect(found.includes('at_risk')).toBe(board.windowStatus === 'at_risk');
          }
        },
      ),
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
      { now: NOW, facts: facts({ ...band(-35, -25, -10), positionTs: NOW - MIN }) },
      { now: NOW + 30 * MIN, facts: facts({ ...band(-20, -5, 10), positionTs: NOW + 29 * MIN }) },
      { now: NOW + 60 * MIN, facts: facts({ ...band(10, 25, 40), positionTs: NOW + 40 * MIN }) },
      { now: WINDOW_END + 10 * MIN, facts: facts({ ...band(15, 25, 35), positionTs: WINDOW_END + 9 * MIN }) },
      { now: WINDOW_END + 30 * MIN, facts: facts({ status: 'arrived', arrivedAt: WINDOW_END + 26 * MIN, positionTs: WINDOW_END + 26 * MIN }) },
    ];
    vi.useFakeTimers();
    const live = trip.map(({ now, facts: f }) => {
      vi.setSystemTime(now);
      return evaluateAlerts(f, SETTINGS, now);
    });
    vi.setSystemTime(WINDOW_END + 3 * 24 * 60 * MIN);
    const backfilled = trip.map(({ now, facts: f }) => evaluateAlerts(f, SETTINGS, now));

    expect(backfilled).toEqual(live);
    expect(live.map(kinds)).toEqual([[], ['at_risk'], ['late_predicted', 'stale_tracking'], ['missed_window'], []]);
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
