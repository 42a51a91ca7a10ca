import { computeEta, DEFAULT_ETA_RULES, smoothSpeed, type EtaRules } from './eta';
import { haversineMeters, type LatLon } from './geo';
import { advanceApproach, IMMEDIATE_ARRIVAL, type Approach, type ArrivalRules } from './geofence';
import { allowedTransitions, canTransition, isActiveStatus, isPreArrival, type ShipmentStatus, type StatusEventType } from './lifecycle';
import { DEFAULT_WINDOW_RULES, windowStatusAt, type WindowRules, type WindowStatus } from './window';

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
  speedEstimateMps: number | null;
  eta: number | null;
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

/** Longest gap over which two fixes still yield a derived speed. */
const MAX_DERIVED_SPEED_GAP_MS = 30 * 60_000;

function sampleSpeed(previous: Fix | null, fix: Fix): number | null {
  if (fix.speed !== null) return fix.speed;
  if (previous === null) return null;
  const dt = fix.ts - previous.ts;
  if (dt <= 0 || dt > MAX_DERIVED_SPEED_GAP_MS) return null;
  return haversineMeters(previous, fix) / (dt / 1000);
}

/**
 * Next tracking state of a shipment after one fix: position, smoothed speed, ETA, window status,
 * and arrival by geofence. Pure: the caller persists the result. A fix older than the current
 * position is history only and changes nothing.
 */
export function applyFix(state: TrackingState, fix: Fix, ctx: TrackingContext, now: number): TrackingResult {
  if (!isActiveStatus(state.status) || (state.position !== null && fix.ts <= state.position.ts)) {
    return { state, events: [], moved: false };
  }
  const etaRules = ctx.eta ?? DEFAULT_ETA_RULES;
  const events: DerivedEvent[] = [];
  let status = state.status;
  let arrivedAt = state.arrivedAt;

  const speedEstimateMps = smoothSpeed(state.speedEstimateMps, sampleSpeed(state.position, fix), etaRules);
  const step = isPreArrival(status) ? advanceApproach(state.approach ?? null, fix, ctx.site, ctx.arrival ?? IMMEDIATE_ARRIVAL) : null;

  if (step?.arrivedAt != null) {
    status = 'arrived';
    arrivedAt = step.arrivedAt;
    events.push({ type: 'arrived', ts: step.arrivedAt, source: 'geofence' });
  } else if ((status === 'planned' || status === 'dispatched') && canTransition(status, 'in_transit')) {
    status = 'in_transit';
    events.push({ type: 'in_transit', ts: fix.ts, source: 'system' });
  }

  const eta =
    arrivedAt !== null
      ? arrivedAt
      : computeEta(
          { position: fix, positionTs: fix.ts, destination: ctx.site, roadFactor: ctx.site.roadFactor, speedMps: speedEstimateMps, now },
          etaRules,
        );
  const { accuracy: _accuracy, ...position } = fix;
  const next: TrackingState = {
    status,
    position,
    speedEstimateMps,
    eta,
    arrivedAt,
    windowStatus: windowStatusAt(eta, ctx.windowStart, ctx.windowEnd, ctx.window ?? DEFAULT_WINDOW_RULES),
  };
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
  ctx: Pick<TrackingContext, 'windowStart' | 'windowEnd' | 'window'>,
): StatusEventOutcome {
  if (!canTransition(state.status, event.type)) return { ok: false, allowed: allowedTransitions(state.status) };
  // Back on the road after an exception at the site: a kept arrival time would pin the ETA to the
  // past and stop later fixes from recomputing it, so both are unknown until the next fix.
  const leftSite = isPreArrival(event.type) && state.arrivedAt !== null;
  const arrivedAt = leftSite
    ? null
    : (state.arrivedAt ?? (['arrived', 'at_dock', 'unloading', 'received'].includes(event.type) ? event.ts : null));
  const eta = arrivedAt ?? (leftSite ? null : state.eta);
  // A posted step ends any unconfirmed stay inside the geofence: counting starts afresh.
  const { approach: _approach, ...rest } = state;
  return {
    ok: true,
    state: {
      ...rest,
      status: event.type,
      arrivedAt,
      eta,
      windowStatus: windowStatusAt(eta, ctx.windowStart, ctx.windowEnd, ctx.window ?? DEFAULT_WINDOW_RULES),
    },
  };
}

/** Window status recomputed after the window moved (the ETA or arrival stays). */
export function restatusWindow(state: TrackingState, ctx: Pick<TrackingContext, 'windowStart' | 'windowEnd' | 'window'>): TrackingState {
  return { ...state, windowStatus: windowStatusAt(state.eta, ctx.windowStart, ctx.windowEnd, ctx.window ?? DEFAULT_WINDOW_RULES) };
}
