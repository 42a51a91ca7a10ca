import { windowDeltaMinutes, type Shipment } from '@dockwatch/shared';
import { formatAge, formatSiteTime, formatWindow, formatWindowDelta } from '../format/time';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from './window-status';

export interface ShipmentFacts {
  window: string;
  eta: string;
  delta: string | null;
  deltaMinutes: number | null;
  lastPingAgeMs: number | null;
  lastPing: string;
  stale: boolean;
}

/** What a clerk reads about a shipment, formatted in the site's time zone. */
export function shipmentFacts(s: Shipment, timeZone: string, now: number, staleAfterSeconds: number): ShipmentFacts {
  const deltaMinutes = windowDelta(s);
  const lastPingAgeMs = lastPingAge(s, now);
  return {
    ...windowFacts(s, timeZone, now),
    delta: formatWindowDelta(deltaMinutes),
    deltaMinutes,
    lastPingAgeMs,
    lastPing: lastPingText(lastPingAgeMs),
    stale: isStale(s, now, staleAfterSeconds),
  };
}

/** Window and ETA (or arrival) in the site's time zone, with day markers relative to `now`. */
export function windowFacts(s: Shipment, timeZone: string, now: number): { window: string; eta: string } {
  return {
    window: formatWindow(s.windowStart, s.windowEnd, now, timeZone),
    eta: s.arrivedAt ? `arr. ${formatSiteTime(s.arrivedAt, now, timeZone)}` : s.eta ? formatSiteTime(s.eta, now, timeZone) : '—',
  };
}

/** Early or late against the window, in whole minutes rounded away from it; null without an ETA. */
export function windowDelta(s: Shipment): number | null {
  const arrival = s.arrivedAt ?? s.eta;
  return arrival === null ? null : windowDeltaMinutes(Date.parse(arrival), Date.parse(s.windowStart), Date.parse(s.windowEnd));
}

/** How long ago the shipment's last position was taken, or null before its first ping. */
export const lastPingAge = (s: Shipment, now: number): number | null => (s.position ? Math.max(0, now - Date.parse(s.position.ts)) : null);

export const lastPingText = (ageMs: number | null): string => (ageMs === null ? 'no ping yet' : `${formatAge(ageMs)} ago`);

/** Whether a shipment still on the road has not reported for longer than `staleAfterSeconds`. */
export function isStale(s: Shipment, now: number, staleAfterSeconds: number): boolean {
  // A truck on the yard stops reporting; only a truck still on the road goes stale.
  return s.position !== null && s.arrivedAt === null && now - Date.parse(s.position.ts) > staleAfterSeconds * 1000;
}

export function describeShipment(
  s: Shipment,
  ctx: { timeZone: string; now: number; staleAfterSeconds: number; carrierName: (id: string) => string },
): { label: string; value: string }[] {
  const f = shipmentFacts(s, ctx.timeZone, ctx.now, ctx.staleAfterSeconds);
  return [
    { label: 'Supplier', value: s.supplier },
    { label: 'Carrier', value: ctx.carrierName(s.carrierId) },
    { label: 'Dock', value: s.dock ?? '—' },
    { label: 'Window', value: f.window },
    { label: s.arrivedAt ? 'Arrival' : 'ETA', value: f.eta },
    { label: 'Against window', value: `${WINDOW_STATUS_STYLE[s.windowStatus].label}${f.delta ? ` · ${f.delta}` : ''}` },
    { label: 'Status', value: lifecycleLabel(s.status) },
    { label: 'Last ping', value: f.stale ? `${f.lastPing} (stale)` : f.lastPing },
  ];
}
