import { computeEta, DEFAULT_ETA_RULES, type EtaRules } from './eta';
import { isActiveStatus, isPreArrival, type ShipmentStatus } from './lifecycle';

export const ALERT_KINDS = ['late_predicted', 'at_risk', 'stale_tracking', 'missed_window', 'early_arrival'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * Alerts that share a slot replace each other instead of stacking: a shipment has at most one
 * open lateness alert, which moves between at_risk and late_predicted as the ETA changes.
 */
export type AlertSlot = 'lateness' | 'stale_tracking' | 'missed_window' | 'early_arrival';
export const alertSlot = (kind: AlertKind): AlertSlot => (kind === 'at_risk' || kind === 'late_predicted' ? 'lateness' : kind);

/** How bad each kind is, for ordering and for deciding what counts as an escalation. */
export const ALERT_SEVERITY: Record<AlertKind, number> = {
  missed_window: 4,
  late_predicted: 3,
  at_risk: 2,
  stale_tracking: 2,
  early_arrival: 1,
};

/** Per-site thresholds; every site starts from DEFAULT_ALERT_SETTINGS. */
export interface AlertSettings {
  /** at_risk when the ETA leaves less slack than this before the window end, in minutes. Default 10. */
  atRiskSlackMinutes: number;
  /** at_risk when the ETA falls in this last fraction of the window. Default 0.25. */
  atRiskFraction: number;
  /** stale_tracking after this long without a ping while in transit, in minutes. Default 15. */
  staleAfterMinutes: number;
  /** early_arrival when arrived more than this before window start, in minutes. Default 30. */
  earlyArrivalToleranceMinutes: number;
  /** A late_predicted alert is re-notified when its delay grows by at least this, in minutes. Default 15. */
  escalationStepMinutes: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  atRiskSlackMinutes: 10,
  atRiskFraction: 0.25,
  staleAfterMinutes: 15,
  earlyArrivalToleranceMinutes: 30,
  escalationStepMinutes: 15,
};

/** What the rules look at: a shipment's tracking facts at one moment (times in epoch ms). */
export interface AlertFacts {
  status: ShipmentStatus;
  windowStart: number;
  windowEnd: number;
  eta: number | null;
  arrivedAt: number | null;
  /** Time of the latest position, or null before the first ping. */
  positionTs: number | null;
}

/** A condition that holds now, with the figures a planner acts on. */
export interface AlertCondition {
  kind: AlertKind;
  /** Expected (or actual) minutes past the window end; null where it does not apply. */
  delayMinutes: number | null;
  /** Minutes between now and the window end when the condition was seen (negative once past). */
  leadMinutes: number | null;
}

// `|| 0` turns a rounded -0 into 0.
const minutes = (ms: number) => Math.round(ms / 60_000) || 0;

/** Every alert condition that holds for the shipment at `now`, at most one per slot. */
export function evaluateAlerts(f: AlertFacts, settings: AlertSettings, now: number): AlertCondition[] {
  if (!isActiveStatus(f.status)) return [];
  const conditions: AlertCondition[] = [];
  const lead = minutes(f.windowEnd - now);
  // A truck with an exception (a breakdown, say) that has not arrived is still on its way.
  const enRoute = (isPreArrival(f.status) || f.status === 'exception') && f.arrivedAt === null;

  if (enRoute && f.eta !== null) {
    const slack = f.windowEnd - f.eta;
    const atRiskFrom = f.windowEnd - (f.windowEnd - f.windowStart) * settings.atRiskFraction;
    if (slack < 0) {
      conditions.push({ kind: 'late_predicted', delayMinutes: Math.max(1, Math.ceil(-slack / 60_000)), leadMinutes: lead });
    } else if (f.eta > atRiskFrom || slack < settings.atRiskSlackMinutes * 60_000) {
      conditions.push({ kind: 'at_risk', delayMinutes: 0, leadMinutes: lead });
    }
  }
  if (enRoute && f.positionTs !== null && now - f.positionTs > settings.staleAfterMinutes * 60_000) {
    conditions.push({ kind: 'stale_tracking', delayMinutes: null, leadMinutes: lead });
  }
  if (enRoute && now > f.windowEnd) {
    conditions.push({ kind: 'missed_window', delayMinutes: Math.max(1, Math.ceil((now - f.windowEnd) / 60_000)), leadMinutes: lead });
  }
  if (f.arrivedAt !== null && f.arrivedAt < f.windowStart - settings.earlyArrivalToleranceMinutes * 60_000 && now < f.windowStart) {
    conditions.push({ kind: 'early_arrival', delayMinutes: -minutes(f.windowStart - f.arrivedAt), leadMinutes: lead });
  }
  return conditions;
}

/** The open (or acknowledged) alert in one slot, as the lifecycle needs it. */
export interface OpenAlert {
  kind: AlertKind;
  state: 'open' | 'acknowledged';
  delayMinutes: number | null;
  /** Delay when the alert was last notified; escalation is measured from it. */
  notifiedDelayMinutes: number | null;
}

export type AlertAction =
  | { type: 'none' }
  | { type: 'raise'; condition: AlertCondition }
  | { type: 'update'; condition: AlertCondition; notify: boolean }
  | { type: 'resolve' };

/**
 * What to do with one slot: raise a new alert, update (and perhaps re-notify) the open one,
 * resolve it because the condition cleared, or nothing. Acknowledged alerts keep updating but
 * never re-notify.
 */
export function nextAlertAction(open: OpenAlert | null, condition: AlertCondition | null, settings: AlertSettings): AlertAction {
  if (open === null) return condition === null ? { type: 'none' } : { type: 'raise', condition };
  if (condition === null) return { type: 'resolve' };
  const kindChanged = condition.kind !== open.kind;
  // An ETA bouncing around the window end must not re-notify on every bounce: going back up to
  // late_predicted notifies only if the planner has not been told about lateness before
  // (from then on, only a delay growing by the step does).
  const alreadyToldLate = (open.notifiedDelayMinutes ?? 0) > 0;
  const escalated = ALERT_SEVERITY[condition.kind] > ALERT_SEVERITY[open.kind] && !(condition.kind === 'late_predicted' && alreadyToldLate);
  const delayGrew =
    condition.kind === 'late_predicted' &&
    condition.delayMinutes !== null &&
    condition.delayMinutes - (open.notifiedDelayMinutes ?? 0) >= settings.escalationStepMinutes;
  const delayChanged = condition.delayMinutes !== open.delayMinutes;
  if (!kindChanged && !delayChanged) return { type: 'none' };
  return { type: 'update', condition, notify: open.state === 'open' && (escalated || delayGrew) };
}

/** The slots the rules manage, each with the condition (if any) that holds now. */
export function conditionsBySlot(conditions: readonly AlertCondition[]): Map<AlertSlot, AlertCondition | null> {
  const bySlot = new Map<AlertSlot, AlertCondition | null>([
    ['lateness', null],
    ['stale_tracking', null],
    ['missed_window', null],
    ['early_arrival', null],
  ]);
  for (const c of conditions) bySlot.set(alertSlot(c.kind), c);
  return bySlot;
}

/**
 * The ETA of a shipment whose device has gone quiet: the truck is assumed to stand where it was
 * last seen, so every silent minute pushes the ETA a minute later instead of freezing it.
 */
export function staleEta(
  position: { lat: number; lon: number },
  destination: { lat: number; lon: number },
  roadFactor: number,
  speedMps: number | null,
  now: number,
  rules: EtaRules = DEFAULT_ETA_RULES,
): number {
  return computeEta({ position, positionTs: now, destination, roadFactor, speedMps, now }, rules);
}
