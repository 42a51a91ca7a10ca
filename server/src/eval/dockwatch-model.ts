import {
  applyFixes,
  conditionsBySlot,
  DEFAULT_ALERT_SETTINGS,
  DEFAULT_ARRIVAL_RULES,
  DEFAULT_ETA_RULES,
  DEFAULT_ROAD_FACTOR,
  DEFAULT_WINDOW_RULES,
  evaluateAlerts,
  isPreArrival,
  nextAlertAction,
  staleEta,
  windowStatusAt,
  type AlertSlot,
  type OpenAlert,
  type TrackingContext,
  type TrackingState,
} from '@dockwatch/shared';
import type { ModelRun, Notification, ReplayModel } from './replay';

export const dockwatchModel: ReplayModel = {
  name: 'dockwatch',
  start(site, windowStart, windowEnd): ModelRun {
    const ctx: TrackingContext = {
      site: { ...site, roadFactor: DEFAULT_ROAD_FACTOR },
      windowStart,
      windowEnd,
      eta: DEFAULT_ETA_RULES,
      window: DEFAULT_WINDOW_RULES,
      arrival: DEFAULT_ARRIVAL_RULES,
    };
    const settings = DEFAULT_ALERT_SETTINGS;
    let state: TrackingState = { status: 'dispatched', position: null, speedEstimateMps: null, eta: null, arrivedAt: null, windowStatus: 'unknown' };
    const open = new Map<AlertSlot, OpenAlert>();
    let notifications: Notification[] = [];
    const evaluate = (now: number) => {
      const conditions = evaluateAlerts(
        { status: state.status, windowStart, windowEnd, eta: state.eta, arrivedAt: state.arrivedAt, positionTs: state.position?.ts ?? null },
        settings,
        now,
      );
      for (const [slot, condition] of conditionsBySlot(conditions)) {
        const current = open.get(slot) ?? null;
        const action = nextAlertAction(current, condition, settings);
        if (action.type === 'raise') {
          open.set(slot, { kind: action.condition.kind, state: 'open', delayMinutes: action.condition.delayMinutes, notifiedDelayMinutes: action.condition.delayMinutes });
          notifications.push({ at: now, kind: action.condition.kind, type: 'raised' });
        } else if (action.type === 'update') {
          const c = action.condition;
          open.set(slot, { ...current!, kind: c.kind, delayMinutes: c.delayMinutes, ...(action.notify ? { notifiedDelayMinutes: c.delayMinutes } : {}) });
          if (action.notify) notifications.push({ at: now, kind: c.kind, type: 'notified' });
        } else if (action.type === 'resolve') {
          open.delete(slot);
        }
      }
    };
    return {
      fix(fix, now) {
        state = applyFixes(state, [fix], ctx, now).state;
        evaluate(now);
      },
      sweep(now) {
        const quiet = state.position !== null && now - state.position.ts > settings.staleAfterMinutes * 60_000;
        if (quiet && isPreArrival(state.status) && state.arrivedAt === null) {
          const eta = staleEta(state.position!, site, DEFAULT_ROAD_FACTOR, state.speedEstimateMps, now, ctx.eta);
          if (state.eta === null || Math.abs(eta - state.eta) >= 60_000) state = { ...state, eta, windowStatus: windowStatusAt(eta, windowStart, windowEnd, ctx.window) };
        }
        evaluate(now);
      },
      view: () => ({ eta: state.eta, earliest: null, latest: null }),
      arrived: () => state.arrivedAt !== null,
      openKinds: () => [...open.values()].map((a) => a.kind),
      drainNotifications() {
        const out = notifications;
        notifications = [];
        return out;
      },
    };
  },
};
