import { haversineMeters, type Fix, type LatLon } from '@dockwatch/shared';
import { deviceFixes, TRACCAR_CLIENT_PROFILE, type DeviceProfile } from './device-profile';
import type { Journey } from './journeys';
import { LEAD_MINUTES, SCENARIO_NAMES, WINDOW_SCENARIOS, type ScenarioName } from './scenarios';

/** What a model says about a shipment at one moment (epoch ms). */
export interface EtaView {
  eta: number | null;
  /** The band's edges; null when the model gives no band. */
  earliest: number | null;
  latest: number | null;
}

/** One notification a planner would get (a raise, or a re-notification of an open alert). */
export interface Notification {
  at: number;
  kind: string;
  type: 'raised' | 'notified';
}

/** One shipment as a model tracks it through a replay. */
export interface ModelRun {
  /** A device fix arrives (sent in real time: `now` is its time). */
  fix(fix: Fix, now: number): void;
  /** The server's periodic sweep at `now`. */
  sweep(now: number): void;
  view(): EtaView;
  arrived(): boolean;
  /** Kinds of the alerts open (or acknowledged) now. */
  openKinds(): string[];
  /** Notifications since the last call. */
  drainNotifications(): Notification[];
}

export interface ReplaySite extends LatLon {
  geofenceRadiusM: number;
}

export interface ReplayModel {
  name: string;
  start(site: ReplaySite, windowStart: number, windowEnd: number): ModelRun;
}

export interface ReplayOptions {
  profile?: DeviceProfile;
  /** Default 500 m, the server's default geofence. */
  geofenceRadiusM?: number;
  /** Default 30 s, the server's default sweep. */
  sweepMs?: number;
  /** Band coverage is sampled every this many minutes before arrival. Default 5. */
  coverageStepMin?: number;
}

export interface EtaSample {
  leadMin: number;
  errorMin: number;
}

export interface ScenarioOutcome {
  anyLatePredicted: boolean;
  notifications: number;
  /** Whether tracking started at least 30 min before the window end (the truck could be warned that early). */
  eligible30: boolean;
  /** A lateness alert was notified at least 30 min before the window end. */
  alerted30: boolean;
  /** A lateness alert went away while the truck, still on the road, was going to be late. */
  wrongAllClear: boolean;
}

export interface JourneyResult {
  id: string;
  arrival: number;
  /** ETA error (minutes, signed: positive = the truck came later than predicted) at each scored lead time tracked. */
  eta: EtaSample[];
  /** Band samples: whether the actual arrival fell inside. */
  band: boolean[];
  scenarios: Record<ScenarioName, ScenarioOutcome>;
}

/** The first recorded point inside the site's geofence: the actual arrival (epoch ms). */
export function actualArrival(journey: Journey, radiusM: number): number {
  const site = journey.points.at(-1)!;
  const inside = journey.points.find((p) => haversineMeters(p, site) <= radiusM)!;
  return inside.ts * 1000;
}

type Step = { at: number; fix: Fix | null };

/** Device fixes and sweep ticks in time order (a fix before the sweep of the same moment). */
function timeline(fixes: readonly Fix[], sweepMs: number): Step[] {
  const steps: Step[] = [];
  const first = fixes[0]!.ts;
  const last = fixes.at(-1)!.ts;
  let tick = Math.ceil(first / sweepMs) * sweepMs;
  for (const fix of fixes) {
    while (tick < fix.ts) {
      steps.push({ at: tick, fix: null });
      tick += sweepMs;
    }
    steps.push({ at: fix.ts, fix });
  }
  while (tick <= last) {
    steps.push({ at: tick, fix: null });
    tick += sweepMs;
  }
  return steps;
}

const LATENESS = new Set(['late_predicted', 'at_risk']);

/** Replays one journey through a model under every window scenario. */
export function replayJourney(journey: Journey, model: ReplayModel, options: ReplayOptions = {}): JourneyResult {
  const radius = options.geofenceRadiusM ?? 500;
  const sweepMs = options.sweepMs ?? 30_000;
  const step = (options.coverageStepMin ?? 5) * 60_000;
  const end = journey.points.at(-1)!;
  const site: ReplaySite = { lat: end.lat, lon: end.lon, geofenceRadiusM: radius };
  const arrival = actualArrival(journey, radius);
  const fixes = deviceFixes(journey, options.profile ?? TRACCAR_CLIENT_PROFILE);
  const steps = timeline(fixes, sweepMs);
  const firstFix = fixes[0]!.ts;

  const eta: EtaSample[] = [];
  const band: boolean[] = [];
  const scenarios = {} as Record<ScenarioName, ScenarioOutcome>;

  for (const name of SCENARIO_NAMES) {
    const w = WINDOW_SCENARIOS[name];
    const windowStart = arrival + w.startMin * 60_000;
    const windowEnd = arrival + w.endMin * 60_000;
    const run = model.start(site, windowStart, windowEnd);
    const scoreEta = name === 'onTime';
    const pendingLeads = LEAD_MINUTES.filter((l) => arrival - l * 60_000 >= firstFix).map((l) => ({ lead: l, at: arrival - l * 60_000 }));
    let nextCoverage = arrival - Math.floor((arrival - firstFix) / step) * step;
    const outcome: ScenarioOutcome = {
      anyLatePredicted: false,
      notifications: 0,
      eligible30: firstFix <= windowEnd - 30 * 60_000,
      alerted30: false,
      wrongAllClear: false,
    };
    let warned = false;

    const sample = (upTo: number) => {
      // Scores what the model said at moments before the next step happens.
      if (!scoreEta) return;
      while (pendingLeads.length > 0 && pendingLeads[0]!.at < upTo) {
        const { lead } = pendingLeads.shift()!;
        const v = run.view();
        if (v.eta !== null && !run.arrived()) eta.push({ leadMin: lead, errorMin: (arrival - v.eta) / 60_000 });
      }
      while (nextCoverage < upTo && nextCoverage < arrival) {
        const v = run.view();
        if (v.earliest !== null && v.latest !== null && !run.arrived()) band.push(arrival >= v.earliest && arrival <= v.latest);
        nextCoverage += step;
      }
    };

    for (const s of steps) {
      sample(s.at);
      if (run.arrived()) break;
      if (s.fix) run.fix(s.fix, s.at);
      else run.sweep(s.at);
      for (const n of run.drainNotifications()) {
        if (n.kind === 'late_predicted') outcome.anyLatePredicted = true;
        if (!LATENESS.has(n.kind)) continue;
        outcome.notifications++;
        if (n.at <= windowEnd - 30 * 60_000) outcome.alerted30 = true;
      }
      const open = run.openKinds();
      const lateOpen = open.some((k) => LATENESS.has(k) || k === 'missed_window');
      if (lateOpen) warned = true;
      else if (warned && !run.arrived() && s.at < arrival && arrival > windowEnd) outcome.wrongAllClear = true;
    }
    sample(Number.POSITIVE_INFINITY);
    scenarios[name] = outcome;
  }
  return { id: journey.id, arrival, eta, band, scenarios };
}
