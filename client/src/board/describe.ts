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
  const arrival = s.arrivedAt ?? s.eta;
  const deltaMinutes = arrival === null ? null : windowDeltaMinutes(Date.parse(arrival), Date.parse(s.windowStart), Date.parse(s.windowEnd));
  const lastPingAgeMs = s.position ? Math.max(0, now - Date.parse(s.position.ts)) : null;
  // A truck on the yard stops reporting; only a truck still on the road goes stale.
  const stale = lastPingAgeMs !== null && s.arrivedAt === null && lastPingAgeMs > staleAfterSeconds * 1000;
  return {
    window: formatWindow(s.windowStart, s.windowEnd, now, timeZone),
    eta: s.arrivedAt ? `arr. ${formatSiteTime(s.arrivedAt, now, timeZone)}` : s.eta ? formatSiteTime(s.eta, now, timeZone) : '—',
    delta: formatWindowDelta(deltaMinutes),
    deltaMinutes,
    lastPingAgeMs,
    lastPing: lastPingAgeMs === null ? 'no ping yet' : `${formatAge(lastPingAgeMs)} ago`,
    stale,
  };
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
