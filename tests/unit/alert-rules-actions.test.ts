import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALERT_KINDS,
  alertSlot,
  DEFAULT_ALERT_SETTINGS,
  stepAlerts,
  stepAlertSlot,
  type AlertCondition,
  type AlertFacts,
  type AlertKind,
  type AlertSettings,
  type AlertSlot,
  type AlertWatch,
  type OpenAlert,
  type SlotContext,
  type SlotWatch,
} from '@dockwatch/shared';

const MIN = 60_000;
const STEP_MS = 30_000;
const SETTINGS = DEFAULT_ALERT_SETTINGS;
const T = Date.UTC(2025, 2, 4, 9, 0, 0);
const LATENESS: SlotContext = { slot: 'lateness', settled: false, stopped: false };
const factSlot = (kind: AlertKind): SlotContext => ({ slot: alertSlot(kind), settled: false, stopped: false });

const late = (delayMinutes: number, leadMinutes = 60): AlertCondition => ({ kind: 'late_predicted', delayMinutes, leadMinutes });
const atRisk = (delayMinutes = 0, leadMinutes = 60): AlertCondition => ({ kind: 'at_risk', delayMinutes, leadMinutes });
const stale = (leadMinutes = 40): AlertCondition => ({ kind: 'stale_tracking', delayMinutes: null, leadMinutes });
const missed = (delayMinutes: number): AlertCondition => ({ kind: 'missed_window', delayMinutes, leadMinutes: -delayMinutes });

/** An alert as it stands after being raised (notified at its current delay); override what a test is about. */
const openAlert = (condition: AlertCondition, overrides: Partial<OpenAlert> = {}): OpenAlert => ({
  kind: condition.kind,
  state: 'open',
  delayMinutes: condition.delayMinutes,
  notifiedDelayMinutes: condition.delayMinutes,
  ...overrides,
});
/** A condition of this kind seen since `minutesAgo` before T: as a lateness waiting to be raised, or as a worse kind waiting to replace the open one. */
const pendingFor = (kind: AlertKind, minutesAgo: number): SlotWatch => ({ pendingSince: T - minutesAgo * MIN, worseKind: kind, worseSince: T - minutesAgo * MIN });
/** An open alert's condition clear since `minutesAgo` before T. */
const clearFor = (minutesAgo: number): SlotWatch => ({ clearSince: T - minutesAgo * MIN });

interface SlotRun {
  raisedAt: number[];
  notifiedAt: number[];
  resolvedAt: number[];
  open: OpenAlert | null;
}

/**
 * Feeds one slot a condition every 30 s from T, applying each action as the alert service does
 * (a raise notifies; `acknowledge`: the planner acknowledges every alert as soon as it is raised).
 */
function runSlot(
  conditions: readonly (AlertCondition | null)[],
  opts: { settings?: AlertSettings; stopped?: boolean; acknowledge?: boolean; slot?: AlertSlot; start?: OpenAlert | null } = {},
): SlotRun {
  const settings = opts.settings ?? SETTINGS;
  const ctx: SlotContext = { slot: opts.slot ?? 'lateness', settled: false, stopped: opts.stopped ?? false };
  const run: SlotRun = { raisedAt: [], notifiedAt: [], resolvedAt: [], open: opts.start ?? null };
  let watch: SlotWatch | undefined;
  conditions.forEach((condition, i) => {
    const now = T + i * STEP_MS;
    const step = stepAlertSlot(run.open, condition, watch, ctx, settings, now);
    watch = step.watch;
    const a = step.action;
    if (a.type === 'raise') {
      const c = a.condition;
      run.open = { kind: c.kind, state: opts.acknowledge ? 'acknowledged' : 'open', delayMinutes: c.delayMinutes, notifiedDelayMinutes: c.delayMinutes };
      run.raisedAt.push(now);
    } else if (a.type === 'update') {
      const c = a.condition;
      run.open = { ...run.open!, kind: c.kind, delayMinutes: c.delayMinutes, notifiedDelayMinutes: a.notify ? c.delayMinutes : run.open!.notifiedDelayMinutes };
      if (a.notify) run.notifiedAt.push(now);
    } else if (a.type === 'resolve') {
      run.open = null;
      run.resolvedAt.push(now);
    }
  });
  return run;
}
/** `minutes` of 30-second steps of the same condition. */
const hold = (condition: AlertCondition | null, minutes: number): (AlertCondition | null)[] => Array.from({ length: minutes * 2 }, () => condition);
const atStep = (minutes: number) => T + minutes * MIN;

describe('stepAlertSlot: facts act at once', () => {
  it('does nothing and remembers nothing when no alert is open and nothing holds', () => {
    expect(stepAlertSlot(null, null, undefined, LATENESS, SETTINGS, T)).toEqual({ action: { type: 'none' }, watch: undefined });
  });

  it.each([stale(), missed(5), { kind: 'early_arrival', delayMinutes: -40, leadMinutes: 50 } as AlertCondition])('raises %o the moment it holds', (condition) => {
    expect(stepAlertSlot(null, condition, undefined, factSlot(condition.kind), SETTINGS, T)).toEqual({ action: { type: 'raise', condition }, watch: undefined });
  });

  it('resolves a stale tracking or missed window alert the moment it clears', () => {
    expect(stepAlertSlot(openAlert(stale()), null, undefined, factSlot('stale_tracking'), SETTINGS, T)).toEqual({ action: { type: 'resolve' }, watch: undefined });
    expect(stepAlertSlot(openAlert(missed(5)), null, undefined, factSlot('missed_window'), SETTINGS, T).action).toEqual({ type: 'resolve' });
  });

  it('updates a growing missed window quietly: the planner was told when it was raised', () => {
    expect(stepAlertSlot(openAlert(missed(5)), missed(60), undefined, factSlot('missed_window'), SETTINGS, T).action).toEqual({ type: 'update', condition: missed(60), notify: false });
  });

  it('does nothing while the condition is unchanged, even as the lead time runs down', () => {
    expect(stepAlertSlot(openAlert(late(12, 60)), late(12, 45), undefined, LATENESS, SETTINGS, T).action).toEqual({ type: 'none' });
    expect(stepAlertSlot(openAlert(atRisk(0, 60)), atRisk(0, 30), undefined, LATENESS, SETTINGS, T).action).toEqual({ type: 'none' });
    expect(stepAlertSlot(openAlert(stale(40)), stale(20), undefined, factSlot('stale_tracking'), SETTINGS, T).action).toEqual({ type: 'none' });
  });
});

describe('stepAlertSlot: a lateness prediction is raised only once it has held', () => {
  it('raises nothing on first sight and remembers since when the condition holds', () => {
    expect(stepAlertSlot(null, late(12), undefined, LATENESS, SETTINGS, T)).toEqual({ action: { type: 'none' }, watch: { pendingSince: T } });
  });

  it(`raises it once it has held for ${SETTINGS.raiseAfterMinutes} minutes, and forgets the wait`, () => {
    const condition = late(12);
    expect(stepAlertSlot(null, condition, pendingFor('late_predicted', 3), LATENESS, SETTINGS, T)).toEqual({ action: { type: 'raise', condition }, watch: undefined });
    expect(stepAlertSlot(null, condition, { pendingSince: T - 3 * MIN + 1 }, LATENESS, SETTINGS, T)).toEqual({
      action: { type: 'none' },
      watch: { pendingSince: T - 3 * MIN + 1 },
    });
  });

  it('starts the wait over when the condition clears before it was raised', () => {
    expect(stepAlertSlot(null, null, pendingFor('at_risk', 2), LATENESS, SETTINGS, T)).toEqual({ action: { type: 'none' }, watch: undefined });
    // At risk for 2.5 min, clear for one step, at risk again from 3 min: raised 3 min after that.
    const run = runSlot([...hold(atRisk(), 2.5), null, ...hold(atRisk(), 4)]);
    expect(run.raisedAt).toEqual([atStep(6)]);
  });

  it('follows the site’s raise time', () => {
    expect(stepAlertSlot(null, late(12), undefined, LATENESS, { ...SETTINGS, raiseAfterMinutes: 0 }, T).action).toEqual({ type: 'raise', condition: late(12) });
    expect(runSlot(hold(late(12), 12), { settings: { ...SETTINGS, raiseAfterMinutes: 10 } }).raisedAt).toEqual([atStep(10)]);
  });

  it('raises a truck that stays late once, after the raise time, and not again while the delay holds', () => {
    const run = runSlot(hold(late(12), 60));
    expect(run.raisedAt).toEqual([atStep(3)]);
    expect(run.notifiedAt).toEqual([]);
    expect(run.resolvedAt).toEqual([]);
  });

  it('raises a lateness that holds throughout even while it moves between at risk and late', () => {
    // The band's early edge wobbling across the window end: the truck is at risk or late at every step.
    const wobbling = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? atRisk(4) : late(6)));
    const run = runSlot(wobbling);
    expect(run.raisedAt.length).toBe(1);
    expect(run.raisedAt[0]).toBeLessThanOrEqual(atStep(SETTINGS.raiseAfterMinutes + 0.5));
  });
});

describe('stepAlertSlot: a raised lateness alert resolves only once clear for a while', () => {
  it(`remembers since when the condition is clear, and resolves after ${SETTINGS.resolveAfterMinutes} minutes of it`, () => {
    const open = openAlert(late(12));
    expect(stepAlertSlot(open, null, undefined, LATENESS, SETTINGS, T)).toEqual({ action: { type: 'none' }, watch: { clearSince: T } });
    expect(stepAlertSlot(open, null, clearFor(14.9), LATENESS, SETTINGS, T)).toEqual({ action: { type: 'none' }, watch: clearFor(14.9) });
    expect(stepAlertSlot(open, null, clearFor(15), LATENESS, SETTINGS, T)).toEqual({ action: { type: 'resolve' }, watch: undefined });
    expect(stepAlertSlot(openAlert(late(12), { state: 'acknowledged' }), null, clearFor(15), LATENESS, SETTINGS, T).action).toEqual({ type: 'resolve' });
  });

  it('starts the clear time over when the condition comes back', () => {
    const run = runSlot([...hold(late(12), 4), ...hold(null, 10), late(12), ...hold(null, 16)]);
    expect(run.raisedAt).toEqual([atStep(3)]);
    expect(run.resolvedAt).toEqual([atStep(14.5 + 15)]);
  });

  it('resolves at once when the condition can no longer come back (arrived, window closed)', () => {
    const settled: SlotContext = { ...LATENESS, settled: true };
    expect(stepAlertSlot(openAlert(late(12)), null, undefined, settled, SETTINGS, T)).toEqual({ action: { type: 'resolve' }, watch: undefined });
    expect(stepAlertSlot(openAlert(atRisk()), null, clearFor(1), settled, SETTINGS, T).action).toEqual({ type: 'resolve' });
  });

  it('follows the site’s resolve time', () => {
    expect(stepAlertSlot(openAlert(late(12)), null, undefined, LATENESS, { ...SETTINGS, resolveAfterMinutes: 0 }, T).action).toEqual({ type: 'resolve' });
  });

  it('does not count the time a late alert spent at risk as clear time', () => {
    // Late, then at risk for 10 minutes, then clear: resolved 15 minutes after it cleared, not 5.
    const run = runSlot([...hold(late(12), 4), ...hold(atRisk(), 10), ...hold(null, 16)]);
    expect(run.raisedAt).toEqual([atStep(3)]);
    expect(run.resolvedAt).toEqual([atStep(14 + 15)]);
  });
});

describe('stepAlertSlot: escalation and re-notification', () => {
  it('escalates at risk to late only once late has held for the raise time, and notifies then', () => {
    const open = openAlert(atRisk());
    expect(stepAlertSlot(open, late(3), undefined, LATENESS, SETTINGS, T)).toEqual({ action: { type: 'none' }, watch: { worseKind: 'late_predicted', worseSince: T } });
    expect(stepAlertSlot(open, late(3), pendingFor('late_predicted', 3), LATENESS, SETTINGS, T)).toEqual({
      action: { type: 'update', condition: late(3), notify: true },
      watch: undefined,
    });
  });

  it('keeps a late alert late while at risk has not yet held for the resolve time, then updates it quietly', () => {
    const open = openAlert(late(12));
    const first = stepAlertSlot(open, atRisk(), undefined, LATENESS, SETTINGS, T);
    expect(first.action).toEqual({ type: 'none' });
    expect(stepAlertSlot(open, atRisk(), first.watch, LATENESS, SETTINGS, T + 14.5 * MIN).action).toEqual({ type: 'none' });
    expect(stepAlertSlot(open, atRisk(), first.watch, LATENESS, SETTINGS, T + 15 * MIN)).toEqual({ action: { type: 'update', condition: atRisk(), notify: false }, watch: undefined });
  });

  it('re-notifies when the delay has grown by the escalation step since the last notification', () => {
    const open = openAlert(late(10));
    expect(stepAlertSlot(open, late(25), undefined, LATENESS, SETTINGS, T).action).toEqual({ type: 'update', condition: late(25), notify: true });
    expect(stepAlertSlot(open, late(24), undefined, LATENESS, SETTINGS, T).action).toEqual({ type: 'update', condition: late(24), notify: false });
  });

  it('measures growth from the last notification, not from the last update', () => {
    // Updated quietly from 10 to 22 minutes; 25 is 15 past what the planner was told.
    const open = openAlert(late(22), { notifiedDelayMinutes: 10 });
    expect(stepAlertSlot(open, late(25), undefined, LATENESS, SETTINGS, T).action).toMatchObject({ type: 'update', notify: true });
  });

  it('uses the site escalation step', () => {
    const open = openAlert(late(10));
    expect(stepAlertSlot(open, late(15), undefined, LATENESS, { ...SETTINGS, escalationStepMinutes: 5 }, T).action).toMatchObject({ type: 'update', notify: true });
    expect(stepAlertSlot(open, late(15), undefined, LATENESS, SETTINGS, T).action).toMatchObject({ type: 'update', notify: false });
  });

  it('re-notifies a standing truck only once its delay has grown by twice the step', () => {
    const open = openAlert(late(10));
    const standing: SlotContext = { ...LATENESS, stopped: true };
    expect(stepAlertSlot(open, late(25), undefined, standing, SETTINGS, T).action).toMatchObject({ type: 'update', notify: false });
    expect(stepAlertSlot(open, late(39), undefined, standing, SETTINGS, T).action).toMatchObject({ type: 'update', notify: false });
    expect(stepAlertSlot(open, late(40), undefined, standing, SETTINGS, T).action).toMatchObject({ type: 'update', notify: true });
  });

  it('updates a shrinking delay without notifying', () => {
    expect(stepAlertSlot(openAlert(late(30)), late(5), undefined, LATENESS, SETTINGS, T).action).toEqual({ type: 'update', condition: late(5), notify: false });
  });

  it('keeps an acknowledged alert up to date but never notifies again', () => {
    const acknowledged = { state: 'acknowledged' } as const;
    expect(stepAlertSlot(openAlert(atRisk(), acknowledged), late(3), pendingFor('late_predicted', 5), LATENESS, SETTINGS, T).action).toEqual({
      type: 'update',
      condition: late(3),
      notify: false,
    });
    expect(stepAlertSlot(openAlert(late(10), acknowledged), late(60), undefined, LATENESS, SETTINGS, T).action).toEqual({ type: 'update', condition: late(60), notify: false });
  });

  it('does not re-notify an ETA bouncing back over the window end once the planner was told it is late', () => {
    const told = openAlert(atRisk(), { notifiedDelayMinutes: 20 });
    const back = stepAlertSlot(told, late(22, 30), pendingFor('late_predicted', 3), LATENESS, SETTINGS, T);
    expect(back.action).toEqual({ type: 'update', condition: late(22, 30), notify: false });
    const worse = stepAlertSlot(told, late(36, 30), pendingFor('late_predicted', 3), LATENESS, SETTINGS, T);
    expect(worse.action).toMatchObject({ type: 'update', notify: true });
  });
});

// ---- A shipment over time ----

const WINDOW_END = T + 120 * MIN;
const WINDOW_START = WINDOW_END - 30 * MIN;

/** An in-transit truck, last seen a minute ago, with this band (minutes after the window end). */
const road = (now: number, earliest: number, eta: number, latest: number, extra: Partial<AlertFacts> = {}): AlertFacts => ({
  status: 'in_transit',
  windowStart: WINDOW_START,
  windowEnd: WINDOW_END,
  eta: WINDOW_END + eta * MIN,
  etaEarliest: WINDOW_END + earliest * MIN,
  etaLatest: WINDOW_END + latest * MIN,
  arrivedAt: null,
  positionTs: now - MIN,
  ...extra,
});

interface Logged {
  at: number;
  slot: AlertSlot;
  type: 'raised' | 'notified' | 'resolved';
  kind?: AlertKind;
}

/** Runs the alert state machine over facts seen every 30 s from T, applying the actions as the server does. */
function runShipment(factsAt: (now: number, i: number) => AlertFacts, steps: number, settings: AlertSettings = SETTINGS, roundTrip = false) {
  const open = new Map<AlertSlot, OpenAlert>();
  let watch: AlertWatch = {};
  const log: Logged[] = [];
  for (let i = 0; i < steps; i++) {
    const now = T + i * STEP_MS;
    const result = stepAlerts(open, watch, factsAt(now, i), settings, now);
    // The server stores what the slots remember as JSON with the shipment.
    watch = roundTrip ? (JSON.parse(JSON.stringify(result.watch)) as AlertWatch) : result.watch;
    for (const { slot, action } of result.steps) {
      if (action.type === 'raise') {
        const c = action.condition;
        open.set(slot, { kind: c.kind, state: 'open', delayMinutes: c.delayMinutes, notifiedDelayMinutes: c.delayMinutes });
        log.push({ at: now, slot, type: 'raised', kind: c.kind });
      } else if (action.type === 'update') {
        const c = action.condition;
        const current = open.get(slot)!;
        open.set(slot, { ...current, kind: c.kind, delayMinutes: c.delayMinutes, notifiedDelayMinutes: action.notify ? c.delayMinutes : current.notifiedDelayMinutes });
        if (action.notify) log.push({ at: now, slot, type: 'notified', kind: c.kind });
      } else if (action.type === 'resolve') {
        open.delete(slot);
        log.push({ at: now, slot, type: 'resolved' });
      }
    }
  }
  return { log, open, watch };
}

describe('stepAlerts: a shipment over time', () => {
  it('stays quiet for an ETA flapping at the window boundary (the live demo raised and resolved ~60 times in 8 minutes)', () => {
    // Every 30 s the ETA swaps between just inside the last quarter (at risk) and just before it (on time).
    const { log } = runShipment((now, i) => (i % 2 === 0 ? road(now, -15, -5, 5) : road(now, -18, -9, 2)), 16);
    expect(log).toEqual([]);
  });

  it('raises a late truck once, after the raise time, and says nothing more while its delay holds', () => {
    const { log } = runShipment((now) => road(now, 5, 20, 40), 60);
    expect(log).toEqual([{ at: atStep(3), slot: 'lateness', type: 'raised', kind: 'late_predicted' }]);
  });

  it('tells the planner when a truck at risk turns out late', () => {
    // 10 min at risk with the ETA a few minutes past the end, then the early edge leaves the window too.
    const { log } = runShipment((now, i) => (i < 20 ? road(now, -10, 4, 25) : road(now, 3, 12, 35)), 40);
    expect(log).toEqual([
      { at: atStep(3), slot: 'lateness', type: 'raised', kind: 'at_risk' },
      { at: atStep(13), slot: 'lateness', type: 'notified', kind: 'late_predicted' },
    ]);
  });

  it('resolves the lateness at once when the window closes, and raises the missed window at once', () => {
    const closeAt = WINDOW_END - T;
    const steps = closeAt / STEP_MS + 4;
    const { log, open } = runShipment((now) => road(now, 5, 20, 40), steps);
    const afterClose = log.filter((e) => e.at > WINDOW_END);
    expect(afterClose).toEqual([
      { at: WINDOW_END + STEP_MS, slot: 'lateness', type: 'resolved' },
      { at: WINDOW_END + STEP_MS, slot: 'missed_window', type: 'raised', kind: 'missed_window' },
    ]);
    expect([...open.keys()]).toEqual(['missed_window']);
  });

  it('resolves the lateness at once when the truck arrives', () => {
    const { log } = runShipment((now, i) => (i < 20 ? road(now, 5, 20, 40) : { ...road(now, 5, 20, 40), status: 'arrived', arrivedAt: atStep(10) }), 22);
    expect(log.filter((e) => e.slot === 'lateness')).toEqual([
      { at: atStep(3), slot: 'lateness', type: 'raised', kind: 'late_predicted' },
      { at: atStep(10), slot: 'lateness', type: 'resolved' },
    ]);
  });

  it('re-notifies a truck standing for 40 minutes once, where a moving truck losing as much time is re-notified twice', () => {
    // The ETA moves a minute later every minute: 5 min late at T, 45 min late at T + 40 min.
    const losing = (stopped: boolean) => (now: number) => {
      const delay = 5 + (now - T) / MIN;
      return road(now, delay - 3, delay, delay + 20, { stopped });
    };
    const notified = (stopped: boolean) => runShipment(losing(stopped), 81).log.filter((e) => e.type === 'notified').map((e) => (e.at - T) / MIN);
    // Raised at 3 min with 8 min delay; the step is 15 min (23 min late at 17.5 min), 30 min while standing (38 at 32.5).
    expect(notified(false)).toEqual([17.5, 32.5]);
    expect(notified(true)).toEqual([32.5]);
  });

  it('gives the same alerts when what the slots remember is stored as JSON between steps', () => {
    const wobbly = (now: number, i: number) => (i % 7 < 4 ? road(now, 5, 20, 40) : i % 7 < 6 ? road(now, -10, 5, 30) : road(now, -25, -12, -2));
    expect(runShipment(wobbly, 200, SETTINGS, true).log).toEqual(runShipment(wobbly, 200).log);
  });

  it('remembers only the slots with something to remember', () => {
    expect(stepAlerts(new Map(), {}, road(T, -40, -30, -20), SETTINGS, T).watch).toEqual({});
    expect(stepAlerts(new Map(), {}, road(T, 5, 20, 40), SETTINGS, T).watch).toEqual({ lateness: { pendingSince: T } });
  });
});

// ---- Properties ----

const delay = fc.option(fc.integer({ min: -240, max: 240 }), { nil: null });
const conditionIn = (slotKinds: readonly AlertKind[]): fc.Arbitrary<AlertCondition> => fc.record({ kind: fc.constantFrom(...slotKinds), delayMinutes: delay, leadMinutes: delay });
const latenessCondition = conditionIn(['at_risk', 'late_predicted']);
const watchArb: fc.Arbitrary<SlotWatch | undefined> = fc.option(
  fc.record(
    {
      pendingSince: fc.integer({ min: T - 120 * MIN, max: T }),
      worseKind: fc.constantFrom(...ALERT_KINDS),
      worseSince: fc.integer({ min: T - 120 * MIN, max: T }),
      milderSince: fc.integer({ min: T - 120 * MIN, max: T }),
      clearSince: fc.integer({ min: T - 120 * MIN, max: T }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
/** An open alert and a condition in the same slot, as the caller pairs them, with what the slot remembers. */
const sameSlot = fc
  .constantFrom(...ALERT_KINDS)
  .map(alertSlot)
  .chain((slot) => {
    const slotKinds = ALERT_KINDS.filter((k) => alertSlot(k) === slot);
    const open: fc.Arbitrary<OpenAlert> = fc.record({
      kind: fc.constantFrom(...slotKinds),
      state: fc.constantFrom('open' as const, 'acknowledged' as const),
      delayMinutes: delay,
      notifiedDelayMinutes: delay,
    });
    const ctx: fc.Arbitrary<SlotContext> = fc.record({ slot: fc.constant(slot), settled: fc.boolean(), stopped: fc.boolean() });
    return fc.tuple(fc.option(open, { nil: null }), fc.option(conditionIn(slotKinds), { nil: null }), watchArb, ctx);
  });
const settingsArb: fc.Arbitrary<AlertSettings> = fc.record({
  atRiskFraction: fc.constant(SETTINGS.atRiskFraction),
  staleAfterMinutes: fc.constant(SETTINGS.staleAfterMinutes),
  earlyArrivalToleranceMinutes: fc.constant(SETTINGS.earlyArrivalToleranceMinutes),
  escalationStepMinutes: fc.integer({ min: 1, max: 120 }),
  raiseAfterMinutes: fc.integer({ min: 0, max: 30 }),
  resolveAfterMinutes: fc.integer({ min: 0, max: 60 }),
});
/** Runs of equal steps, so conditions hold (and clear) for a while, as they do on the road. */
const conditionRuns = fc
  .array(fc.tuple(fc.option(latenessCondition, { nil: null, freq: 3 }), fc.integer({ min: 1, max: 50 })), { maxLength: 30 })
  .map((runs) => runs.flatMap(([c, n]) => Array.from({ length: n }, () => c)));

/** Minutes the same kind of value (a condition, or none) has held up to and including step i. */
const heldMinutes = (conditions: readonly (AlertCondition | null)[], i: number, present: boolean): number => {
  let j = i;
  while (j > 0 && (conditions[j - 1] !== null) === present) j--;
  return ((i - j) * STEP_MS) / MIN;
};

describe('alert action properties', () => {
  it('never notifies about an acknowledged alert', () => {
    fc.assert(
      fc.property(sameSlot, settingsArb, ([open, condition, watch, ctx], settings) => {
        const step = stepAlertSlot(open && { ...open, state: 'acknowledged' }, condition, watch, ctx, settings, T);
        expect(step.action.type === 'update' && step.action.notify).toBe(false);
      }),
    );
  });

  it('never notifies a planner who acknowledged every alert, over any sequence of conditions', () => {
    fc.assert(
      fc.property(conditionRuns, settingsArb, fc.boolean(), (conditions, settings, stopped) => {
        expect(runSlot(conditions, { settings, stopped, acknowledge: true }).notifiedAt).toEqual([]);
      }),
    );
  });

  it('settles once the step is applied: the same condition again at the same moment does nothing', () => {
    fc.assert(
      fc.property(sameSlot, settingsArb, ([open, condition, watch, ctx], settings) => {
        const step = stepAlertSlot(open, condition, watch, ctx, settings, T);
        const a = step.action;
        const applied: OpenAlert | null =
          a.type === 'raise'
            ? { kind: a.condition.kind, state: 'open', delayMinutes: a.condition.delayMinutes, notifiedDelayMinutes: a.condition.delayMinutes }
            : a.type === 'update'
              ? { ...open!, kind: a.condition.kind, delayMinutes: a.condition.delayMinutes, notifiedDelayMinutes: a.notify ? a.condition.delayMinutes : open!.notifiedDelayMinutes }
              : a.type === 'resolve'
                ? null
                : open;
        expect(stepAlertSlot(applied, condition, step.watch, ctx, settings, T).action).toEqual({ type: 'none' });
      }),
    );
  });

  it('raises an ETA flapping every 30 s between a lateness condition and none at most once', () => {
    fc.assert(
      fc.property(fc.array(latenessCondition, { minLength: 1, maxLength: 120 }), settingsArb, (flaps, settings) => {
        const sequence = flaps.flatMap((c) => [c, null]);
        const run = runSlot(sequence, { settings: { ...settings, raiseAfterMinutes: Math.max(1, settings.raiseAfterMinutes) } });
        expect(run.raisedAt.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('raises lateness only after it has held for the raise time at every step', () => {
    fc.assert(
      fc.property(conditionRuns, settingsArb, (conditions, settings) => {
        const run = runSlot(conditions, { settings });
        for (const at of run.raisedAt) {
          const i = (at - T) / STEP_MS;
          expect(heldMinutes(conditions, i, true)).toBeGreaterThanOrEqual(settings.raiseAfterMinutes);
        }
      }),
    );
  });

  it('resolves a raised lateness alert only after it has been clear for the resolve time at every step', () => {
    fc.assert(
      fc.property(conditionRuns, settingsArb, (conditions, settings) => {
        const run = runSlot(conditions, { settings });
        for (const at of run.resolvedAt) {
          const i = (at - T) / STEP_MS;
          expect(conditions[i]).toBeNull();
          expect(heldMinutes(conditions, i, false)).toBeGreaterThanOrEqual(settings.resolveAfterMinutes);
        }
      }),
    );
  });
});
