import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALERT_KINDS,
  alertSlot,
  DEFAULT_ALERT_SETTINGS,
  nextAlertAction,
  type AlertCondition,
  type AlertKind,
  type OpenAlert,
} from '@dockwatch/shared';

const SETTINGS = DEFAULT_ALERT_SETTINGS;

const late = (delayMinutes: number, leadMinutes = 60): AlertCondition => ({ kind: 'late_predicted', delayMinutes, leadMinutes });
const atRisk = (leadMinutes = 60): AlertCondition => ({ kind: 'at_risk', delayMinutes: 0, leadMinutes });

/** An alert as it stands after being raised (notified at its current delay); override what a test is about. */
const openAlert = (condition: AlertCondition, overrides: Partial<OpenAlert> = {}): OpenAlert => ({
  kind: condition.kind,
  state: 'open',
  delayMinutes: condition.delayMinutes,
  notifiedDelayMinutes: condition.delayMinutes,
  ...overrides,
});

describe('nextAlertAction', () => {
  it('does nothing when no alert is open and nothing holds', () => {
    expect(nextAlertAction(null, null, SETTINGS)).toEqual({ type: 'none' });
  });

  it('raises an alert when none is open and a condition holds', () => {
    const condition = late(12);
    expect(nextAlertAction(null, condition, SETTINGS)).toEqual({ type: 'raise', condition });
  });

  it('resolves the open or acknowledged alert when its condition clears', () => {
    expect(nextAlertAction(openAlert(late(12)), null, SETTINGS)).toEqual({ type: 'resolve' });
    expect(nextAlertAction(openAlert(late(12), { state: 'acknowledged' }), null, SETTINGS)).toEqual({ type: 'resolve' });
  });

  it('notifies when at risk escalates to late', () => {
    const condition = late(3);
    expect(nextAlertAction(openAlert(atRisk()), condition, SETTINGS)).toEqual({ type: 'update', condition, notify: true });
  });

  it('re-notifies when the delay has grown by the escalation step since the last notification', () => {
    const open = openAlert(late(10));
    expect(nextAlertAction(open, late(25), SETTINGS)).toEqual({ type: 'update', condition: late(25), notify: true });
    expect(nextAlertAction(open, late(24), SETTINGS)).toEqual({ type: 'update', condition: late(24), notify: false });
  });

  it('measures growth from the last notification, not from the last update', () => {
    // Updated quietly from 10 to 22 minutes; 25 is 15 past what the planner was told.
    const open = openAlert(late(22), { notifiedDelayMinutes: 10 });
    expect(nextAlertAction(open, late(25), SETTINGS)).toMatchObject({ type: 'update', notify: true });
  });

  it('uses the site escalation step', () => {
    const open = openAlert(late(10));
    expect(nextAlertAction(open, late(15), { ...SETTINGS, escalationStepMinutes: 5 })).toMatchObject({ type: 'update', notify: true });
    expect(nextAlertAction(open, late(15), SETTINGS)).toMatchObject({ type: 'update', notify: false });
  });

  it('updates a shrinking delay without notifying', () => {
    expect(nextAlertAction(openAlert(late(30)), late(5), SETTINGS)).toEqual({ type: 'update', condition: late(5), notify: false });
  });

  it('updates without notifying when late de-escalates to at risk', () => {
    const condition = atRisk();
    expect(nextAlertAction(openAlert(late(12)), condition, SETTINGS)).toEqual({ type: 'update', condition, notify: false });
  });

  it('keeps an acknowledged alert up to date but never notifies again', () => {
    const acknowledged = { state: 'acknowledged' } as const;
    expect(nextAlertAction(openAlert(atRisk(), acknowledged), late(3), SETTINGS)).toEqual({ type: 'update', condition: late(3), notify: false });
    expect(nextAlertAction(openAlert(late(10), acknowledged), late(60), SETTINGS)).toEqual({ type: 'update', condition: late(60), notify: false });
  });

  it('does nothing while the condition is unchanged, even as the lead time runs down', () => {
    expect(nextAlertAction(openAlert(late(12, 60)), late(12, 45), SETTINGS)).toEqual({ type: 'none' });
    expect(nextAlertAction(openAlert(atRisk(60)), atRisk(30), SETTINGS)).toEqual({ type: 'none' });
    const stale: AlertCondition = { kind: 'stale_tracking', delayMinutes: null, leadMinutes: 40 };
    expect(nextAlertAction(openAlert(stale), { ...stale, leadMinutes: 20 }, SETTINGS)).toEqual({ type: 'none' });
  });

  it('updates a growing missed window quietly: the planner was told when it was raised', () => {
    const missed = (delayMinutes: number): AlertCondition => ({ kind: 'missed_window', delayMinutes, leadMinutes: -delayMinutes });
    expect(nextAlertAction(openAlert(missed(5)), missed(60), SETTINGS)).toEqual({ type: 'update', condition: missed(60), notify: false });
  });
});

// ---- Properties ----

const delay = fc.option(fc.integer({ min: -240, max: 240 }), { nil: null });
const conditionIn = (slotKinds: readonly AlertKind[]): fc.Arbitrary<AlertCondition> =>
  fc.record({ kind: fc.constantFrom(...slotKinds), delayMinutes: delay, leadMinutes: delay });
/** An open alert and a condition in the same slot, as the caller pairs them. */
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
    return fc.tuple(open, conditionIn(slotKinds));
  });
const settingsArb = fc.integer({ min: 1, max: 120 }).map((escalationStepMinutes) => ({ ...SETTINGS, escalationStepMinutes }));

describe('alert action properties', () => {
  it('never notifies about an acknowledged alert', () => {
    fc.assert(
      fc.property(sameSlot, settingsArb, ([open, condition], settings) => {
        const action = nextAlertAction({ ...open, state: 'acknowledged' }, condition, settings);
        expect(action.type === 'update' && action.notify).toBe(false);
      }),
    );
  });

  it('settles once the action is applied: the same condition again does nothing', () => {
    fc.assert(
      fc.property(sameSlot, settingsArb, ([open, condition], settings) => {
        const action = nextAlertAction(open, condition, settings);
        const notified = action.type === 'update' && action.notify;
        const applied: OpenAlert = {
          ...open,
          kind: condition.kind,
          delayMinutes: condition.delayMinutes,
          notifiedDelayMinutes: notified ? condition.delayMinutes : open.notifiedDelayMinutes,
        };
        expect(nextAlertAction(applied, condition, settings)).toEqual({ type: 'none' });
      }),
    );
  });

  it('does not re-notify an ETA bouncing back over the window end once the planner was told it is late', () => {
    const told = { kind: 'at_risk' as const, state: 'open' as const, delayMinutes: 0, notifiedDelayMinutes: 20 };
    const back = nextAlertAction(told, { kind: 'late_predicted', delayMinutes: 22, leadMinutes: 30 }, DEFAULT_ALERT_SETTINGS);
    expect(back).toEqual({ type: 'update', condition: { kind: 'late_predicted', delayMinutes: 22, leadMinutes: 30 }, notify: false });
    const worse = nextAlertAction(told, { kind: 'late_predicted', delayMinutes: 36, leadMinutes: 30 }, DEFAULT_ALERT_SETTINGS);
    expect(worse).toMatchObject({ type: 'update', notify: true });
  });
});
