import type { Alert } from '@dockwatch/shared';

/** How long a resolved alert is remembered, so a late, older copy cannot bring it back. */
export const RESOLVED_MEMORY_MS = 3_600_000;

export interface AlertEventsResult {
  /** Open and acknowledged alerts by id; resolved ones have left. */
  alerts: Map<string, Alert>;
  /** Alerts that resolved, with the `updatedAt` (epoch ms) they resolved at. */
  resolved: Map<string, number>;
  /** How many events changed the list. */
  applied: number;
  /** Alerts that just warned the planner of a late arrival (see `isNewLateWarning`). */
  warnings: Alert[];
}

const stamp = (a: Alert): number => Date.parse(a.updatedAt);

/**
 * A late_predicted alert that warns now: open (an acknowledged one has been seen by a planner)
 * and either new to us or notified again since the copy we knew (raised, escalated, or its delay
 * grew by a step).
 */
export function isNewLateWarning(next: Alert, previous: Alert | undefined): boolean {
  if (next.kind !== 'late_predicted' || next.state !== 'open') return false;
  return previous === undefined || Date.parse(next.notifiedAt) > Date.parse(previous.notifiedAt);
}

/**
 * Applies `alert:raised|updated|resolved` payloads (or REST answers) to the list. Each carries
 * the whole alert, so the newest `updatedAt` wins; older or repeated copies are ignored,
 * resolved alerts leave (and are remembered for a while, so an older copy arriving late
 * cannot bring them back), and other sites' alerts are ignored.
 */
export function applyAlertEvents(
  current: ReadonlyMap<string, Alert>,
  events: readonly Alert[],
  siteId: string,
  resolved: ReadonlyMap<string, number> = new Map(),
): AlertEventsResult {
  let next: Map<string, Alert> | null = null;
  const gone = new Map(resolved);
  const warnings: Alert[] = [];
  let applied = 0;
  let newest = -Infinity;
  for (const event of events) {
    if (event.siteId !== siteId) continue;
    const at = stamp(event);
    newest = Math.max(newest, at);
    const resolvedAt = gone.get(event.id);
    if (resolvedAt !== undefined && at <= resolvedAt) continue;
    const list: ReadonlyMap<string, Alert> = next ?? current;
    const known = list.get(event.id);
    if (known && at <= stamp(known)) continue;
    if (event.state === 'resolved') {
      gone.set(event.id, at);
      if (!known) continue;
      next ??= new Map(current);
      next.delete(event.id);
    } else {
      if (isNewLateWarning(event, known)) warnings.push(event);
      next ??= new Map(current);
      next.set(event.id, event);
    }
    applied++;
  }
  // Server times only: the oldest memories go once events an hour newer have arrived.
  for (const [id, at] of gone) if (at < newest - RESOLVED_MEMORY_MS) gone.delete(id);
  return { alerts: next ?? new Map(current), resolved: gone, applied, warnings };
}

/**
 * The list from a fresh snapshot of open and acknowledged alerts, with the events held while it
 * loaded applied on top (newest wins). After the first snapshot of a site, an alert that warns
 * and that we had not seen (raised while we were disconnected) is reported too.
 */
export function mergeAlertSnapshot(
  previous: ReadonlyMap<string, Alert>,
  snapshot: readonly Alert[],
  held: readonly Alert[],
  siteId: string,
  options: { initial: boolean },
): AlertEventsResult {
  const base = new Map<string, Alert>();
  const warnings: Alert[] = [];
  for (const a of snapshot) {
    if (a.siteId !== siteId || a.state === 'resolved') continue;
    base.set(a.id, a);
    if (!options.initial && isNewLateWarning(a, previous.get(a.id))) warnings.push(a);
  }
  const result = applyAlertEvents(base, held, siteId);
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

/**
 * Open alerts before acknowledged ones (a handled late arrival must not push an unhandled one
 * below the fold), then the most severe, then the newest raised. Sorting by when an alert was
 * raised (not by its last change) keeps a wall screen from reshuffling on every ETA update.
 */
export function sortAlerts(alerts: Iterable<Alert>, shift: (alert: Alert) => number = () => 0): Alert[] {
  const handled = (a: Alert) => (a.state === 'open' ? 0 : 1);
  const list = [...alerts];
  const severity = new Map(list.map((a) => [a.id, a.severity + shift(a)]));
  return list.sort(
    (a, b) => handled(a) - handled(b) || severity.get(b.id)! - severity.get(a.id)! || b.raisedAt.localeCompare(a.raisedAt) || a.id.localeCompare(b.id),
  );
}

/** Alerts no planner has acknowledged yet: the header badge. */
export function countOpen(alerts: Iterable<Alert>): number {
  let n = 0;
  for (const a of alerts) if (a.state === 'open') n++;
  return n;
}

/** Changes whenever an alert of the shipment is raised, changes or resolves (refetch its history then). */
export function alertStamp(alerts: ReadonlyMap<string, Alert>, shipmentId: string): string {
  const parts: string[] = [];
  for (const a of alerts.values()) if (a.shipmentId === shipmentId) parts.push(`${a.id}@${a.updatedAt}`);
  return parts.sort().join(',');
}
