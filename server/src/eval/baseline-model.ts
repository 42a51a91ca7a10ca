import { haversineMeters } from '@dockwatch/shared';
import type { ModelRun, Notification, ReplayModel } from './replay';

const SPEED_MPS = 60 / 3.6;

/**
 * The plain baseline: great-circle distance ÷ 60 km/h from the latest fix, no band; late when
 * that ETA is past the window end (raised when it becomes so, resolved when it stops).
 */
export const baselineModel: ReplayModel = {
  name: 'baseline',
  start(site, _windowStart, windowEnd): ModelRun {
    let eta: number | null = null;
    let arrived = false;
    let open = false;
    let notifications: Notification[] = [];
    const judge = (now: number) => {
      const late = !arrived && eta !== null && eta > windowEnd;
      if (late && !open) notifications.push({ at: now, kind: 'late_predicted', type: 'raised' });
      open = late;
    };
    return {
      fix(fix, now) {
        const distance = haversineMeters(fix, site);
        if (distance <= site.geofenceRadiusM) arrived = true;
        eta = Math.max(now, fix.ts + (distance / SPEED_MPS) * 1000);
        judge(now);
      },
      sweep(now) {
        if (eta !== null) eta = Math.max(eta, now);
        judge(now);
      },
      view: () => ({ eta, earliest: null, latest: null }),
      arrived: () => arrived,
      openKinds: () => (open ? ['late_predicted'] : []),
      drainNotifications() {
        const out = notifications;
        notifications = [];
        return out;
      },
    };
  },
};
