import type { Alert } from '@dockwatch/shared';
import { computed, signal } from '@preact/signals';
import { api } from '../api/client';
import { applyAlertEvents, sortAlerts } from '../alerts/alerts-model';

/** The open alerts of the partner's own loads, by id, as the plant shares them (no notes). */
const alerts = signal<ReadonlyMap<string, Alert>>(new Map());
let resolved: ReadonlyMap<string, number> = new Map();
/** Live alerts that arrived while a snapshot was loading: applied on top of it. */
let held: Alert[] | null = null;
export const partnerAlertsProblem = signal<string | null>(null);

/** Most urgent first, as on the planner's list. */
export const partnerAlertList = computed(() => sortAlerts(alerts.value.values()));

const apply = (current: ReadonlyMap<string, Alert>, events: readonly Alert[]): ReadonlyMap<string, Alert> => {
  let next = current;
  for (const alert of events) {
    // Each alert belongs to its own site; a partner's loads span several.
    const result = applyAlertEvents(next, [alert], alert.siteId, resolved);
    next = result.alerts;
    resolved = result.resolved;
  }
  return next;
};

/** Applies alerts from the socket: the newest copy wins, resolved ones leave. */
export function receivePartnerAlert(alert: Alert): void {
  held?.push(alert);
  alerts.value = apply(alerts.value, [alert]);
}

/** Loads the open alerts again (at start, on every reload and after a resync): what is not in it has resolved meanwhile. */
export async function loadPartnerAlerts(): Promise<void> {
  held = [];
  try {
    const open = await api.partnerAlerts();
    alerts.value = apply(new Map(open.filter((a) => a.state !== 'resolved').map((a) => [a.id, a])), held);
    partnerAlertsProblem.value = null;
  } catch (error) {
    partnerAlertsProblem.value = (error as Error).message;
  } finally {
    held = null;
  }
}
