import {
  DEFAULT_BAND_RULES,
  DEFAULT_ETA_RULES,
  defaultProfile,
  predictArrival,
  updateEstimator,
  type ArrivalProfile,
  type BandRules,
  type EtaEstimator,
  type EtaRules,
} from './eta';
import type { LatLon } from './geo';
import { advanceApproach, IMMEDIATE_ARRIVAL, type Approach, type ArrivalRules } from './geofence';
import { allowedTransitions, canTransition, isActiveStatus, isPreArrival, type ShipmentStatus, type StatusEventType } from './lifecycle';
import { DEFAULT_WINDOW_RULES, windowStatusOf, type WindowRules, type WindowStatus } from './window';

/** One position fix as the tracking pipeline sees it (times in epoch ms, speed in m/s). */
export interface Fix {
  ts: number;
  lat: number;
  lon: number;
  speed: number | null;
  heading: number | null;
  /** Reported accuracy in metres, when known: gates geofence decisions. */
  accuracy?: number | null;
}

/** The part of a shipment that tracking changes. */
export interface TrackingState {
  status: ShipmentStatus;
  position: Fix | null;
  /** What the fixes so far have shown about this truck's progress; null before the first. */
  estimator: EtaEstimator | null;
  /** Best estimate of the arrival, and its band (about p10 … p90); the arrival itself once arrived. */
  eta: number | null;
  etaEarliest: number | null;
  etaLatest: number | null;
  /** The arrival the truck's last fix predicted has passed: the ETA is held at now or later and moves with the clock. */
  etaOverdue: boolean;
  arrivedAt: number | null;
  windowStatus: WindowStatus;
  /** Inside the geofence but not yet confirmed as arrived; absent when not. */
  approach?: Approach;
}

export interface TrackingSite extends LatLon {
  geofenceRadiusM: number;
  roadFactor: number;
}

export interface TrackingContext {
  site: TrackingSite;
  windowStart: number;
  windowEnd: number;
  eta?: EtaRules;
  band?: BandRules;
  /** What the site's completed arrivals taught; default: the typical speeds as configured and the site's road factor. */
  profile?: ArrivalProfile;
  window?: WindowRules;
  /** How an arrival by geofence is confirmed. Default: the first fix inside. */
  arrival?: ArrivalRules;
}

/** A lifecycle step the pipeline derived by itself (first fix, geofence entry). */
export interface DerivedEvent {
  type: StatusEventType;
  ts: number;
  source: 'geofence' | 'system';
}

export interface TrackingResult {
  state: TrackingState;
  events: DerivedEvent[];
  /** False when the fix was older than the latest position and so left the shipment as it was. */
  moved: boolean;
}

/** A shipment's tracking state before its first fix: no position, no ETA, window status unknown. */
export function untrackedState(status: ShipmentStatus): TrackingState {
  return { status, position: null, estimator: null, eta: null, etaEarliest: null, etaLatest: null, etaOverdue: false, arrivedAt: null, windowStatus: 'unknown' };
}

/** The ETA band and window status a state has at `now`: from the estimator before arrival, the arrival itself after it. */
export function outlookAt(state: TrackingState, ctx: TrackingContext, now: number): TrackingState {
  const window = ctx.window ?? DEFAULT_WINDOW_RULES;
  let { eta, etaEarliest, etaLatest, etaOverdue } = state;
  if (state.arrivedAt !== null) {
    eta = etaEarliest = etaLatest = state.arrivedAt;
    etaOverdue = false;
  } else if (state.estimator !== null) {
    const band = predictArrival(
      { estimator: state.estimator, site: ctx.site, profile: ctx.profile ?? defaultProfile(ctx.site.roadFactor), now },
      ctx.eta ?? DEFAULT_ETA_RULES,
      ctx.band ?? DEFAULT_BAND_RULES,
    );
    ({ eta, earliest: etaEarliest, latest: etaLatest, overdue: etaOverdue } = band);
  }
  const windowStatus = windowStatusOf({ eta, etaEarliest, etaLatest, arrivedAt: state.arrivedAt }, ctx.windowStart, ctx.windowEnd, now, window);
  return { ...state, eta, etaEarliest, etaLatest, etaOverdue, windowStatus };
}

/**
 * Next tracking state of a shipment after one fix: position, progress estimate, ETA band, window
 * status, and arrival by geofence. Pure: the caller persists the result. A fix older than the
 * current position is history only and changes nothing.
 */
export function applyFix(state: TrackingState, fix: Fix, ctx: TrackingContext, now: number): TrackingResult {
  if (!isActiveStatus(state.status) || (state.position !== null && fix.ts <= state.position.ts)) {
    return { state, events: [], moved: false };
  }
  const events: DerivedEvent[] = [];
  let status = state.status;
  let arrivedAt = state.arrivedAt;
  const preArrival = isPreArrival(status);
  const profile = ctx.profile ?? defaultProfile(ctx.site.roadFactor);
  // A truck with an exception (a breakdown, say) that has not arrived is still on its way: its fixes keep its ETA honest.
  const onRoad = preArrival || (status === 'exception' && state.arrivedAt === null);
  const estimator = onRoad ? updateEstimator(state.estimator, fix, ctx.site, profile, ctx.eta) : state.estimator;
  const step = preArrival ? advanceApproach(state.approach ?? null, fix, ctx.site, ctx.arrival ?? IMMEDIATE_ARRIVAL) : null;

  if (step?.arrivedAt != null) {
    status = 'arrived';
    arrivedAt = step.arrivedAt;
    events.push({ type: 'arrived', ts: step.arrivedAt, source: 'geofence' });
  } else if ((status === 'planned' || status === 'dispatched') && canTransition(status, 'in_transit')) {
    status = 'in_transit';
    events.push({ type: 'in_transit', ts: fix.ts, source: 'system' });
  }

  const { accuracy: _accuracy, ...position } = fix;
  const { approach: _approach, ...rest } = state;
  const next = outlookAt({ ...rest, status, position, estimator, arrivedAt }, ctx, now);
  if (step?.approach) next.approach = step.approach;
  return { state: next, events, moved: true };
}

/** Applies fixes in time order; fixes older than the running latest position are skipped. */
export function applyFixes(state: TrackingState, fixes: readonly Fix[], ctx: TrackingContext, now: number): TrackingResult {
  const sorted = [...fixes].sort((a, b) => a.ts - b.ts);
  let current = state;
  const events: DerivedEvent[] = [];
  let moved = false;
  for (const fix of sorted) {
    const result = applyFix(current, fix, ctx, now);
    current = result.state;
    events.push(...result.events);
    moved ||= result.moved;
  }
  return { state: current, events, moved };
}

export type StatusEventOutcome =
  | { ok: true; state: TrackingState }
  | { ok: false; allowed: readonly StatusEventType[] };

/**
 * Next tracking state after a lifecycle event posted by a carrier or clerk. Arrival fixes the
 * actual arrival time, which then decides the window status.
 */
export function applyStatusEvent(
  state: TrackingState,
  event: { type: StatusEventType; ts: number },
  ctx: TrackingContext,
  now: number,
): StatusEventOutcome {
  if (!canTransition(state.status, event.type)) return { ok: false, allowed: allowedTransitions(state.status) };
  // Back on the road after an exception at the site: a kept arrival time would pin the ETA to the
  // past and stop later fixes from recomputing it, so both are unknown until the next fix.
  const leftSite = isPreArrival(event.type) && state.arrivedAt !== null;
  const arrivedAt = leftSite
    ? null
    : (state.arrivedAt ?? (['arrived', 'at_dock', 'unloading', 'received'].includes(event.type) ? event.ts : null));
  // A posted step ends any unconfirmed stay inside the geofence: counting starts afresh; a truck
  // back on the road starts a new progress estimate from its next fix.
  const { approach: _approach, ...rest } = state;
  const moved: TrackingState = leftSite
    ? { ...rest, status: event.type, arrivedAt, estimator: null, eta: null, etaEarliest: null, etaLatest: null }
    : { ...rest, status: event.type, arrivedAt };
  return { ok: true, state: outlookAt(moved, ctx, now) };
}
