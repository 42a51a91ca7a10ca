import { advanceDeparture, type ArrivalRules, type Fix, type Site } from '@dockwatch/shared';
import type { Transaction } from '../db/connect';
import type { DepartureRepository } from '../repositories/departures';

/** How long after receipt a truck is watched for leaving the site. */
export const DEPARTURE_WATCH_MS = 12 * 60 * 60_000;

/**
 * Follows the device's new fixes for loads it recently delivered: a truck beyond the exit radius
 * for N fixes or T seconds has departed (dated at its first fix outside). Same rules and gating
 * as arrival, so GPS jitter in the yard does not fake a departure either.
 */
export async function trackDepartures(
  tx: Transaction,
  departures: DepartureRepository,
  deviceId: string,
  fixes: readonly Fix[],
  siteOf: (siteId: string) => Promise<{ site: Site }>,
  rules: ArrivalRules,
  now: number,
  /** Which delivered loads these fixes may speak for; default all of the device's. */
  inReach: (shipment: { id: string }) => boolean = () => true,
): Promise<number> {
  if (fixes.length === 0) return 0;
  const awaiting = (await departures.lockAwaiting(tx, deviceId, new Date(now - DEPARTURE_WATCH_MS))).filter(inReach);
  let departed = 0;
  const sorted = [...fixes].sort((a, b) => a.ts - b.ts);
  for (const shipment of awaiting) {
    const { site } = await siteOf(shipment.siteId);
    let leaving = shipment.leaving;
    let departedAt: number | null = null;
    for (const fix of sorted) {
      if (fix.ts < shipment.receivedAt.getTime()) continue;
      const step = advanceDeparture(leaving, fix, site, rules);
      leaving = step.leaving;
      if (step.departedAt !== null) {
        departedAt = step.departedAt;
        break;
      }
    }
    const changed = departedAt !== null || leaving?.since !== shipment.leaving?.since || leaving?.fixes !== shipment.leaving?.fixes;
    if (changed) await departures.save(tx, shipment.id, departedAt === null ? leaving : null, departedAt);
    if (departedAt !== null) departed++;
  }
  return departed;
}
