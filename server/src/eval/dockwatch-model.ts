import {
  applyFixes,
  DEFAULT_ALERT_SETTINGS,
  DEFAULT_ARRIVAL_RULES,
  DEFAULT_BAND_RULES,
  DEFAULT_ETA_RULES,
  DEFAULT_ROAD_FACTOR,
  DEFAULT_WINDOW_RULES,
  isPreArrival,
  outlookAt,
  stepAlerts,
  untrackedState,
  type AlertSettings,
  type AlertSlot,
  type AlertWatch,
  type BandRules,
  type EtaRules,
  type OpenAlert,
  type TrackingContext,
  type TrackingState,
} from '@dockwatch/shared';
import type { ModelRun, Notification, ReplayModel } from './replay';

/** What the replay may vary; everything else is the server's default. */
export interface DockwatchModelOptions {
  eta?: EtaRules;
  band?: BandRules;
  alerts?: AlertSettings;
  roadFactor?: number;
}

/**
 * Dockwatch as the server runs it, with the server's defaults: each fix goes through the tracking
 * pipeline (`applyFixes`) and then the alert state machine (`stepAlerts`), and each sweep
 * recomputes the outlook (`outlookAt`) of a truck on the road before the alert step.
 */
export function dockwatchModel(options: DockwatchModelOptions = {}): ReplayModel {
  return {
    name: 'dockwatch',
    start(site, windowStart, windowEnd): ModelRun {
      const ctx: TrackingContext = {
        site: { ...site, roadFactor: options.roadFactor ?? DEFAULT_ROAD_FACTOR },
        windowStart,
        windowEnd,
        eta: options.eta ?? DEFAULT_ETA_RULES,
        band: options.band ?? DEFAULT_BAND_RULES,
        window: DEFAULT_WINDOW_RULES,
        arrival: DEFAULT_ARRIVAL_RULES,
      };
      const settings = options.alerts ?? DEFAULT_ALERT_SETTINGS;
      let state: TrackingState = untrackedState('dispatched');
      const open = new Map<AlertSlot, OpenAlert>();
      let watch: AlertWatch = {};
      let notifications: Notification[] = [];
      const evaluate = (now: number) => {
        const facts = {
          status: state.status,
          windowStart,
          windowEnd,
          eta: state.eta,
          etaEarliest: state.etaEarliest,
          etaLatest: state.etaLatest,
          arrivedAt: state.arrivedAt,
          positionTs: state.position?.ts ?? null,
          stopped: state.estimator?.stoppedSince != null,
        };
        const result = stepAlerts(open, watch, facts, settings, now);
        watch = result.watch;
        for (const { slot, action } of result.steps) {
          if (action.type === 'raise') {
            const c = action.condition;
            open.set(slot, { kind: c.kind, state: 'open', delayMinutes: c.delayMinutes, notifiedDelayMinutes: c.delayMinutes });
            notifications.push({ at: now, kind: c.kind, type: 'raised' });
          } else if (action.type === 'update') {
            const c = action.condition;
            const current = open.get(slot)!;
            open.set(slot, { ...current, kind: c.kind, delayMinutes: c.delayMinutes, ...(action.notify ? { notifiedDelayMinutes: c.delayMinutes } : {}) });
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
          if ((isPreArrival(state.status) || state.status === 'exception') && state.arrivedAt === null) state = outlookAt(state, ctx, now);
          evaluate(now);
        },
        view: () => ({ eta: state.eta, earliest: state.etaEarliest, latest: state.etaLatest }),
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
}
