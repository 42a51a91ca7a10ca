import type { Shipment } from '@dockwatch/shared';
import { formatAgo, formatEtaBand, formatSiteTime, formatWindow } from '../format/time';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from './window-status';
import { windowVerdict } from './window-verdict';
import { t } from '../i18n/i18n';

export interface ShipmentFacts {
  window: string;
  /** The best estimate (`14:35 overdue` once the truck is past the arrival it predicted, `arr. 14:35` once arrived), `—` without one. */
  eta: string;
  /** The ETA band while on the road, e.g. `14:20–14:55`; null without one. */
  etaBand: string | null;
  /** Early or late against the window, in line with the window status (see `windowVerdict`). */
  delta: string | null;
  deltaLate: boolean;
  lastPingAgeMs: number | null;
  lastPing: string;
  stale: boolean;
}

/** What a clerk reads about a shipment, formatted in the site's time zone. */
export function shipmentFacts(s: Shipment, timeZone: string, now: number, staleAfterSeconds: number): ShipmentFacts {
  const verdict = windowVerdict(s, now);
  const lastPingAgeMs = lastPingAge(s, now);
  return {
    ...windowFacts(s, timeZone, now),
    delta: verdict.text,
    deltaLate: verdict.late,
    lastPingAgeMs,
    lastPing: lastPingText(lastPingAgeMs),
    stale: isStale(s, now, staleAfterSeconds),
  };
}

/** Window, ETA (or arrival) and ETA band in the site's time zone, with day markers relative to `now`. */
export function windowFacts(s: Shipment, timeZone: string, now: number): { window: string; eta: string; etaBand: string | null } {
  const window = formatWindow(s.windowStart, s.windowEnd, now, timeZone);
  if (s.arrivedAt) return { window, eta: t('board.arrivedAt', { time: formatSiteTime(s.arrivedAt, now, timeZone) }), etaBand: null };
  if (!s.eta) return { window, eta: '—', etaBand: null };
  // An overdue truck's ETA is held at now and moves with the clock: say so, or it reads as a promise.
  const eta = formatSiteTime(s.eta, now, timeZone);
  return { window, eta: s.etaOverdue ? t('board.overdue', { eta }) : eta, etaBand: formatEtaBand(s.etaEarliest, s.etaLatest, now, timeZone) };
}

/** How long ago the shipment's last position was taken, or null before its first ping. */
export const lastPingAge = (s: Shipment, now: number): number | null => (s.position ? Math.max(0, now - Date.parse(s.position.ts)) : null);

export const lastPingText = (ageMs: number | null): string => (ageMs === null ? t('board.noPing') : formatAgo(ageMs));

/** Whether a shipment still on the road has not reported for longer than `staleAfterSeconds`. */
export function isStale(s: Shipment, now: number, staleAfterSeconds: number): boolean {
  // A truck on the yard stops reporting; only a truck still on the road goes stale.
  return s.position !== null && s.arrivedAt === null && now - Date.parse(s.position.ts) > staleAfterSeconds * 1000;
}

export function describeShipment(
  s: Shipment,
  ctx: { timeZone: string; now: number; staleAfterSeconds: number; carrierName?: (id: string) => string },
): { label: string; value: string }[] {
  const f = shipmentFacts(s, ctx.timeZone, ctx.now, ctx.staleAfterSeconds);
  return [
    { label: t('facts.supplier'), value: s.supplier },
    ...(ctx.carrierName ? [{ label: t('facts.carrier'), value: ctx.carrierName(s.carrierId) }] : []),
    { label: t('facts.dock'), value: s.dock ?? '—' },
    { label: t('facts.window'), value: f.window },
    { label: s.arrivedAt ? t('facts.arrival') : t('facts.eta'), value: f.eta },
    ...(f.etaBand ? [{ label: t('facts.likelyBetween'), value: f.etaBand }] : []),
    { label: t('facts.againstWindow'), value: `${WINDOW_STATUS_STYLE[s.windowStatus].label}${f.delta ? ` · ${f.delta}` : ''}` },
    { label: t('facts.status'), value: lifecycleLabel(s.status) },
    { label: t('facts.lastPing'), value: f.stale ? t('facts.staleSuffix', { text: f.lastPing }) : f.lastPing },
  ];
}
