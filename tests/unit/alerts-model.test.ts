import type { Alert } from '@dockwatch/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertStamp, applyAlertEvents, countOpen, isNewLateWarning, mergeAlertSnapshot, RESOLVED_MEMORY_MS, sortAlerts } from '../../client/src/alerts/alerts-model';
import { alert, alertId, at } from './alert-fixture';
import { OTHER_SITE_ID, shipmentId, SITE_ID } from './shipment-fixture';

const listOf = (...alerts: Alert[]): Map<string, Alert> => new Map(alerts.map((a) => [a.id, a]));
const ids = (alerts: Iterable<Alert>): string[] => [...alerts].map((a) => a.id);

describe('applyAlertEvents', () => {
  it('adds a raised alert and replaces it with each newer copy', () => {
    const raised = applyAlertEvents(new Map(), [alert()], SITE_ID);
    expect(raised.alerts.get(alertId(1))).toMatchObject({ state: 'open', delayMinutes: 62 });
    const updated = applyAlertEvents(raised.alerts, [alert({ updatedAt: at(5), delayMinutes: 70 })], SITE_ID);
    expect(updated.alerts.get(alertId(1))).toMatchObject({ delayMinutes: 70 });
    expect(updated.applied).toBe(1);
  });

  it('ignores an older or repeated copy, whichever order they arrive in', () => {
    const current = listOf(alert({ updatedAt: at(5), state: 'acknowledged', acknowledgedBy: 'admin' }));
    const result = applyAlertEvents(current, [alert({ updatedAt: at(5), delayMinutes: 1 }), alert({ updatedAt: at(2), state: 'open' })], SITE_ID);
    expect(result.alerts.get(alertId(1))).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'admin', delayMinutes: 62 });
    expect(result.applied).toBe(0);
  });

  it('takes a resolved alert off the list, and an older copy arriving late cannot bring it back', () => {
    const current = listOf(alert(), alert({ id: alertId(2) }));
    const resolved = applyAlertEvents(current, [alert({ updatedAt: at(10), state: 'resolved', resolvedAt: at(10) })], SITE_ID);
    expect(ids(resolved.alerts.values())).toEqual([alertId(2)]);
    // The acknowledgement answer raced the resolution over REST and lost.
    const late = applyAlertEvents(resolved.alerts, [alert({ updatedAt: at(8), state: 'acknowledged' })], SITE_ID, resolved.resolved);
    expect(ids(late.alerts.values())).toEqual([alertId(2)]);
    expect(late.applied).toBe(0);
  });

  it('remembers a resolution it had no alert for, without changing the list', () => {
    const result = applyAlertEvents(new Map(), [alert({ updatedAt: at(10), state: 'resolved' }), alert({ updatedAt: at(3) })], SITE_ID);
    expect(result.alerts.size).toBe(0);
    expect(result.applied).toBe(0);
    expect(result.resolved.get(alertId(1))).toBe(Date.parse(at(10)));
  });

  it("forgets resolutions once events an hour newer arrive, so a wall screen's memory stays small", () => {
    const old = applyAlertEvents(new Map(), [alert({ updatedAt: at(0), state: 'resolved' })], SITE_ID);
    const later = at(RESOLVED_MEMORY_MS / 60_000 + 1);
    const result = applyAlertEvents(new Map(), [alert({ id: alertId(2), raisedAt: later, updatedAt: later })], SITE_ID, old.resolved);
    expect([...result.resolved.keys()]).toEqual([]);
  });

  it("ignores other sites' alerts", () => {
    const result = applyAlertEvents(new Map(), [alert({ siteId: OTHER_SITE_ID })], SITE_ID);
    expect(result.alerts.size).toBe(0);
    expect(result.warnings).toEqual([]);
  });

  it('warns once for a raised late alert, not for its quiet updates, and again when it is re-notified', () => {
    const raised = applyAlertEvents(new Map(), [alert(), alert({ updatedAt: at(1), delayMinutes: 64 })], SITE_ID);
    expect(raised.warnings.map((a) => a.delayMinutes)).toEqual([62]);
    const renotified = applyAlertEvents(raised.alerts, [alert({ updatedAt: at(9), notifiedAt: at(9), delayMinutes: 80 })], SITE_ID);
    expect(renotified.warnings.map((a) => a.delayMinutes)).toEqual([80]);
  });

  it('warns when an at-risk alert escalates to late, never for other kinds and never once acknowledged', () => {
    const atRisk = applyAlertEvents(new Map(), [alert({ kind: 'at_risk', severity: 2, delayMinutes: 0 })], SITE_ID);
    expect(atRisk.warnings).toEqual([]);
    const escalated = applyAlertEvents(atRisk.alerts, [alert({ updatedAt: at(4), notifiedAt: at(4) })], SITE_ID);
    expect(escalated.warnings).toHaveLength(1);
    const others = applyAlertEvents(
      new Map(),
      [
        alert({ id: alertId(2), kind: 'missed_window', severity: 4 }),
        alert({ id: alertId(3), kind: 'stale_tracking', severity: 2 }),
        alert({ id: alertId(4), state: 'acknowledged', notifiedAt: at(30), updatedAt: at(30) }),
      ],
      SITE_ID,
    );
    expect(others.warnings).toEqual([]);
  });

  it('ends with the newest copy of an alert whatever order and batches its copies arrive in', () => {
    const copies = (n: number) =>
      Array.from({ length: n }, (_, i) => alert({ updatedAt: at(i), delayMinutes: i, ...(i === n - 1 && n % 3 === 0 ? { state: 'resolved' as const } : {}) }));
    const arrival = fc.integer({ min: 1, max: 10 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray(copies(n), { minLength: n, maxLength: n })));
    fc.assert(
      fc.property(arrival, fc.boolean(), ([n, events], oneBatch) => {
        let list: Map<string, Alert> = new Map();
        let resolved = new Map<string, number>();
        for (const batch of oneBatch ? [events] : events.map((e) => [e])) {
          const r = applyAlertEvents(list, batch, SITE_ID, resolved);
          list = r.alerts;
          resolved = r.resolved;
        }
        const newest = copies(n).at(-1)!;
        expect(list.get(alertId(1))).toEqual(newest.state === 'resolved' ? undefined : newest);
      }),
    );
  });
});

describe('mergeAlertSnapshot', () => {
  it('replaces the list with the snapshot: alerts resolved while away are gone', () => {
    const previous = listOf(alert(), alert({ id: alertId(2) }));
    const result = mergeAlertSnapshot(previous, [alert({ id: alertId(2), updatedAt: at(3), state: 'acknowledged' })], [], SITE_ID, { initial: false });
    expect([...result.alerts.values()]).toMatchObject([{ id: alertId(2), state: 'acknowledged' }]);
  });

  it('applies events held during the load on top, newest winning', () => {
    const snapshot = [alert({ updatedAt: at(5), delayMinutes: 70 }), alert({ id: alertId(2), updatedAt: at(5) })];
    const held = [alert({ updatedAt: at(4), delayMinutes: 66 }), alert({ id: alertId(2), updatedAt: at(6), state: 'resolved' }), alert({ id: alertId(3), updatedAt: at(6) })];
    const result = mergeAlertSnapshot(new Map(), snapshot, held, SITE_ID, { initial: true });
    expect(ids(result.alerts.values()).sort()).toEqual([alertId(1), alertId(3)]);
    expect(result.alerts.get(alertId(1))!.delayMinutes).toBe(70);
  });

  it('does not warn for alerts already there when a site opens, but does for late alerts raised while disconnected', () => {
    const snapshot = [alert(), alert({ id: alertId(2), kind: 'at_risk', severity: 2 })];
    expect(mergeAlertSnapshot(new Map(), snapshot, [], SITE_ID, { initial: true }).warnings).toEqual([]);
    const known = listOf(alert({ id: alertId(2), kind: 'at_risk', severity: 2 }));
    expect(ids(mergeAlertSnapshot(known, snapshot, [], SITE_ID, { initial: false }).warnings)).toEqual([alertId(1)]);
    expect(mergeAlertSnapshot(listOf(alert()), [alert({ updatedAt: at(2) })], [], SITE_ID, { initial: false }).warnings).toEqual([]);
  });

  it('warns once when a held event and the snapshot carry the same new late alert', () => {
    const result = mergeAlertSnapshot(new Map(), [alert()], [alert()], SITE_ID, { initial: false });
    expect(result.warnings).toHaveLength(1);
  });
});

describe('isNewLateWarning', () => {
  it('holds for an open late alert that is new or notified again', () => {
    expect(isNewLateWarning(alert(), undefined)).toBe(true);
    expect(isNewLateWarning(alert({ updatedAt: at(3) }), alert())).toBe(false);
    expect(isNewLateWarning(alert({ notifiedAt: at(3) }), alert())).toBe(true);
    expect(isNewLateWarning(alert({ state: 'acknowledged' }), undefined)).toBe(false);
    expect(isNewLateWarning(alert({ kind: 'missed_window' }), undefined)).toBe(false);
  });
});

describe('sortAlerts and countOpen', () => {
  it('orders the most severe first, then the newest raised', () => {
    const list = [
      alert({ id: alertId(1), kind: 'at_risk', severity: 2, raisedAt: at(9) }),
      alert({ id: alertId(2), severity: 3, raisedAt: at(1) }),
      alert({ id: alertId(3), kind: 'missed_window', severity: 4, raisedAt: at(0) }),
      alert({ id: alertId(4), severity: 3, raisedAt: at(5), updatedAt: at(5) }),
      alert({ id: alertId(5), kind: 'early_arrival', severity: 1, raisedAt: at(20) }),
    ];
    expect(ids(sortAlerts(list))).toEqual([alertId(3), alertId(4), alertId(2), alertId(1), alertId(5)]);
  });

  it('puts open alerts before acknowledged ones, however severe', () => {
    const handledLate = alert({ id: alertId(1), severity: 3, state: 'acknowledged', raisedAt: at(9) });
    const openAtRisk = alert({ id: alertId(2), kind: 'at_risk', severity: 2, raisedAt: at(1) });
    expect(ids(sortAlerts([handledLate, openAtRisk]))).toEqual([alertId(2), alertId(1)]);
  });

  it('keeps its order when only the latest change moves (no reshuffling on every ETA update)', () => {
    const a = alert({ id: alertId(1), raisedAt: at(1), updatedAt: at(30) });
    const b = alert({ id: alertId(2), raisedAt: at(2), updatedAt: at(2) });
    expect(ids(sortAlerts([a, b]))).toEqual([alertId(2), alertId(1)]);
  });

  it('counts only alerts no planner acknowledged', () => {
    expect(countOpen([alert(), alert({ id: alertId(2), state: 'acknowledged' }), alert({ id: alertId(3) })])).toBe(2);
    expect(countOpen([])).toBe(0);
  });
});

describe('alertStamp', () => {
  it("changes when one of the shipment's alerts changes or resolves, not for other shipments", () => {
    const list = listOf(alert(), alert({ id: alertId(2), shipmentId: shipmentId(2) }));
    const before = alertStamp(list, shipmentId(1));
    expect(alertStamp(listOf(alert({ updatedAt: at(1) }), alert({ id: alertId(2), shipmentId: shipmentId(2) })), shipmentId(1))).not.toBe(before);
    expect(alertStamp(listOf(alert(), alert({ id: alertId(2), shipmentId: shipmentId(2), updatedAt: at(1) })), shipmentId(1))).toBe(before);
    expect(alertStamp(listOf(alert({ id: alertId(2), shipmentId: shipmentId(2) })), shipmentId(1))).toBe('');
  });
});
