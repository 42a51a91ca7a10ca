import { isActiveStatus, isPreArrival, type ShipmentStatus } from './lifecycle';
import { DEFAULT_WINDOW_RULES, windowStatusOf, type WindowRules } from './window';

export const ALERT_KINDS = ['late_predicted', 'at_risk', 'stale_tracking', 'missed_window', 'early_arrival', 'shortage_risk'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * Alerts that share a slot replace each other instead of stacking: a shipment has at most one
 * open lateness alert, which moves between at_risk and late_predicted as the ETA changes.
 */
export type AlertSlot = 'lateness' | 'stale_tracking' | 'missed_window' | 'early_arrival' | 'shortage';
export const alertSlot = (kind: AlertKind): AlertSlot => (kind === 'at_risk' || kind === 'late_predicted' ? 'lateness' : kind === 'shortage_risk' ? 'shortage' : kind);

/** How bad each kind is, for ordering and for deciding what counts as an escalation. */
export const ALERT_SEVERITY: Record<AlertKind, number> = {
  // A material running out stops a line: above any one late truck. (Below safety stock only: 2.)
  shortage_risk: 5,
  missed_window: 4,
  late_predicted: 3,
  at_risk: 2,
  stale_tracking: 2,
  early_arrival: 1,
};

/** Per-site thresholds; every site starts from DEFAULT_ALERT_SETTINGS. */
export interface AlertSettings {
  /** at_risk when the ETA falls in this last fraction of the window while the band's late edge misses it. Default 0.25. */
  atRiskFraction: number;
  /** stale_tracking after this long without a ping while in transit, in minutes. Default 15. */
  staleAfterMinutes: number;
  /** early_arrival when arrived more than this before window start, in minutes. Default 30. */
  earlyArrivalToleranceMinutes: number;
  /** A late_predicted alert is re-notified when its delay grows by at least this, in minutes. Default 15. */
  escalationStepMinutes: number;
  /** A lateness condition must hold this long before it is raised (or escalates), in minutes. Default 3. */
  raiseAfterMinutes: number;
  /** A raised lateness alert resolves only after its condition has been clear this long, in minutes. Default 15. */
  resolveAfterMinutes: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  atRiskFraction: 0.25,
  staleAfterMinutes: 15,
  earlyArrivalToleranceMinutes: 30,
  escalationStepMinutes: 15,
  raiseAfterMinutes: 3,
  resolveAfterMinutes: 15,
};

/** What the rules look at: a shipment's tracking facts at one moment (times in epoch ms). */
export interface AlertFacts {
  status: ShipmentStatus;
  windowStart: number;
  windowEnd: number;
  eta: number | null;
  /** The ETA band; null: the ETA alone. */
  etaEarliest: number | null;
  etaLatest: number | null;
  arrivedAt: number | null;
  /** Time of the latest position, or null before the first ping. */
  positionTs: number | null;
  /** The truck stands (since its last moving stretch). Default false. */
  stopped?: boolean;
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

/**
 * Every alert condition that holds for the shipment at `now`, at most one per slot. Lateness
 * follows the window status (the same function the board chip shows): `late` before the window
 * end is late_predicted, `at_risk` is at_risk; once the window has closed with the truck still on
 * the road it is missed_window, never a prediction.
 */
export function evaluateAlerts(f: AlertFacts, settings: AlertSettings, now: number): AlertCondition[] {
  if (!isActiveStatus(f.status)) return [];
  const conditions: AlertCondition[] = [];
  const lead = minutes(f.windowEnd - now);
  // A truck with an exception (a breakdown, say) that has not arrived is still on its way.
  const enRoute = (isPreArrival(f.status) || f.status === 'exception') && f.arrivedAt === null;

  if (enRoute && f.eta !== null && now <= f.windowEnd) {
    const rules: WindowRules = { ...DEFAULT_WINDOW_RULES, atRiskFraction: settings.atRiskFraction };
    const status = windowStatusOf({ eta: f.eta, etaEarliest: f.etaEarliest, etaLatest: f.etaLatest, arrivedAt: null }, f.windowStart, f.windowEnd, now, rules);
    if (status === 'late') {
      conditions.push({ kind: 'late_predicted', delayMinutes: Math.max(1, Math.ceil((f.eta - f.windowEnd) / 60_000)), leadMinutes: lead });
    } else if (status === 'at_risk') {
      // At risk is "may miss it": its delay is 0 (the band's late edge is on the shipment for whoever wants the worst case).
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

/**
 * What a slot remembers between evaluations so that a prediction must persist before it is
 * raised, escalated, eased or resolved. Stored with the shipment; every field is a time (epoch ms).
 */
export interface SlotWatch {
  /** No alert open: since when some condition of the slot has held (whichever kind). */
  pendingSince?: number;
  /** An alert open: since when a worse kind (`worseKind`) has held. */
  worseKind?: AlertKind;
  worseSince?: number;
  /** An alert open: since when only a milder kind has held. */
  milderSince?: number;
  /** An alert open: since when no condition has held. */
  clearSince?: number;
}
export type AlertWatch = Partial<Record<AlertSlot, SlotWatch>>;

export type AlertAction =
  | { type: 'none' }
  | { type: 'raise'; condition: AlertCondition }
  | { type: 'update'; condition: AlertCondition; notify: boolean }
  | { type: 'resolve' };

export interface AlertStep {
  action: AlertAction;
  /** What the slot remembers after this evaluation; undefined: nothing. */
  watch: SlotWatch | undefined;
}

/** The slots whose conditions are predictions, and so must persist before they count. */
const PREDICTED: ReadonlySet<AlertSlot> = new Set(['lateness', 'shortage']);

export interface SlotContext {
  slot: AlertSlot;
  /** The condition can no longer come back (arrived, cancelled, window closed): resolve at once. */
  settled: boolean;
  /** The truck stands: a growing delay re-notifies only once it grew by twice the step. */
  stopped: boolean;
}

/**
 * What to do with one slot at `now`: raise, update (perhaps re-notify), resolve, or nothing. A
 * predicted condition (lateness) is raised only once it has held for `raiseAfterMinutes`, an
 * escalation to a worse kind likewise, and a raised one resolves only once clear for
 * `resolveAfterMinutes`; facts (missed window, stale tracking, early arrival) act at once.
 * Acknowledged alerts keep updating but never re-notify. Pure.
 */
export function stepAlertSlot(
  open: OpenAlert | null,
  condition: AlertCondition | null,
  watch: SlotWatch | undefined,
  ctx: SlotContext,
  settings: AlertSettings,
  now: number,
): AlertStep {
  const predicted = PREDICTED.has(ctx.slot);
  const raiseMs = predicted ? settings.raiseAfterMinutes * 60_000 : 0;
  const resolveMs = predicted && !ctx.settled ? settings.resolveAfterMinutes * 60_000 : 0;
  const none = (w: SlotWatch | undefined): AlertStep => ({ action: { type: 'none' }, watch: w });

  if (open === null) {
    if (condition === null) return none(undefined);
    // Any lateness counts towards raising, whether it wavers between at risk and late meanwhile.
    const since = watch?.pendingSince ?? now;
    if (now - since >= raiseMs) return { action: { type: 'raise', condition }, watch: undefined };
    return none({ pendingSince: since });
  }
  if (condition === null) {
    const clearSince = watch?.clearSince ?? now;
    if (now - clearSince >= resolveMs) return { action: { type: 'resolve' }, watch: undefined };
    return none({ clearSince });
  }

  let next = condition;
  let nextWatch: SlotWatch | undefined;
  if (ALERT_SEVERITY[condition.kind] > ALERT_SEVERITY[open.kind]) {
    const since = watch?.worseKind === condition.kind && watch.worseSince !== undefined ? watch.worseSince : now;
    if (now - since < raiseMs) {
      // Not yet: the open alert stays as it is while the worse condition proves itself.
      next = { ...condition, kind: open.kind, delayMinutes: open.delayMinutes };
      nextWatch = { worseKind: condition.kind, worseSince: since };
    }
  } else if (condition.kind !== open.kind) {
    // A milder kind replaces the open one only once the worse one has been gone for the resolve time.
    const since = watch?.milderSince ?? now;
    if (now - since < resolveMs) {
      next = { ...condition, kind: open.kind, delayMinutes: open.delayMinutes };
      nextWatch = { milderSince: since };
    }
  }

  const kindChanged = next.kind !== open.kind;
  // An ETA bouncing around the window end must not re-notify on every bounce: going back up to
  // late_predicted notifies only if the planner has not been told about lateness before
  // (from then on, only a delay growing by the step does). At risk carries no delay, so its
  // notification never counts as having told lateness.
  const alreadyToldLate = (open.notifiedDelayMinutes ?? 0) > 0;
  const escalated = ALERT_SEVERITY[next.kind] > ALERT_SEVERITY[open.kind] && !(next.kind === 'late_predicted' && alreadyToldLate);
  const step = settings.escalationStepMinutes * (ctx.stopped ? 2 : 1);
  const delayGrew = (next.kind === 'late_predicted' || next.kind === 'shortage_risk') && next.delayMinutes !== null && next.delayMinutes - (open.notifiedDelayMinutes ?? 0) >= step;
  const delayChanged = next.delayMinutes !== open.delayMinutes;
  if (!kindChanged && !delayChanged) return none(nextWatch);
  return { action: { type: 'update', condition: next, notify: open.state === 'open' && (escalated || delayGrew) }, watch: nextWatch };
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

/** Whether a slot's condition can still come back for these facts at `now`. */
export function slotSettled(slot: AlertSlot, f: AlertFacts, now: number): boolean {
  const enRoute = isActiveStatus(f.status) && (isPreArrival(f.status) || f.status === 'exception') && f.arrivedAt === null;
  return slot === 'lateness' ? !enRoute || now > f.windowEnd : false;
}

/** One slot's step, as the whole shipment sees it. */
export interface ShipmentAlertStep {
  slot: AlertSlot;
  action: AlertAction;
}

/**
 * Every slot's step for one shipment at `now`, and what the slots remember afterwards: the
 * alert state machine the server runs on each change and each sweep. `open` holds the open (or
 * acknowledged) alert of each slot that has one. Pure.
 */
export function stepAlerts(
  open: ReadonlyMap<AlertSlot, OpenAlert>,
  watch: AlertWatch,
  facts: AlertFacts,
  settings: AlertSettings,
  now: number,
): { steps: ShipmentAlertStep[]; watch: AlertWatch } {
  const steps: ShipmentAlertStep[] = [];
  const nextWatch: AlertWatch = {};
  for (const [slot, condition] of conditionsBySlot(evaluateAlerts(facts, settings, now))) {
    const step = stepAlertSlot(open.get(slot) ?? null, condition, watch[slot], { slot, settled: slotSettled(slot, facts, now), stopped: facts.stopped ?? false }, settings, now);
    if (step.watch !== undefined) nextWatch[slot] = step.watch;
    steps.push({ slot, action: step.action });
  }
  return { steps, watch: nextWatch };
}
