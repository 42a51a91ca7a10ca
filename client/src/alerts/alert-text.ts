import type { Alert, AlertKind, AlertState } from '@dockwatch/shared';
import { formatEtaBand, formatMinutes, formatSiteTime } from '../format/time';

/** How each kind reads: a word and a symbol, so colour is never the only cue. */
export const ALERT_KIND_STYLE: Record<AlertKind, { label: string; symbol: string }> = {
  missed_window: { label: 'Missed window', symbol: '✖' },
  late_predicted: { label: 'Predicted late', symbol: '■' },
  at_risk: { label: 'At risk', symbol: '▲' },
  stale_tracking: { label: 'Tracking stale', symbol: '◌' },
  early_arrival: { label: 'Early arrival', symbol: '◀' },
  shortage_risk: { label: 'Shortage risk', symbol: '⬣' },
};

export const ALERT_STATE_LABEL: Record<AlertState, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/**
 * Whole minutes up to three hours (planners move production slots by minutes, and `62 min`
 * compares at a glance with `45 min`), hours and minutes beyond.
 */
export function alertMinutes(minutes: number): string {
  const m = Math.abs(minutes);
  return m < 180 ? `${m} min` : formatMinutes(m);
}

/** The expected (or actual) delay in words, e.g. `62 min late`, `window missed by 12 min`. */
export function alertDelayText(a: Pick<Alert, 'kind' | 'delayMinutes'>): string | null {
  const d = a.delayMinutes;
  switch (a.kind) {
    case 'late_predicted':
      return d === null ? null : `${alertMinutes(Math.max(1, d))} late`;
    case 'missed_window':
      return d === null ? 'window missed' : `window missed by ${alertMinutes(Math.max(1, d))}`;
    case 'at_risk':
      return 'may miss the window';
    case 'stale_tracking':
      return 'no recent position';
    case 'early_arrival':
      return d === null ? 'arrived early' : `arrived ${alertMinutes(d)} before the window`;
    case 'shortage_risk':
      return d === null ? 'runs out, no delivery in sight' : d === 0 ? 'below safety stock' : `line short for up to ${alertMinutes(d)}`;
  }
}

/**
 * A shortage alert's facts in site time, line by line, e.g. `HYD-220 runs out at 14:20 on line 3`,
 * `next inbound ASN-1001 (Bosch) ETA 15:05–15:25`, `gap 45–65 min`.
 */
export function shortageLines(m: NonNullable<Alert['material']>, timeZone: string, now: number): string[] {
  const lines: string[] = [];
  const where = m.line ? ` on line ${m.line}` : '';
  if (m.level === 'critical' && m.pessimisticRunOutAt) lines.push(`${m.sku} runs out at ${formatSiteTime(m.pessimisticRunOutAt, now, timeZone)}${where}`);
  else if (m.belowSafetyAt) lines.push(`${m.sku} below safety stock at ${formatSiteTime(m.belowSafetyAt, now, timeZone)}${where}`);
  const next = m.nextInbound;
  if (next) {
    const band = formatEtaBand(next.etaEarliest, next.etaLatest, now, timeZone);
    const eta = next.eta ? `ETA ${band ?? formatSiteTime(next.eta, now, timeZone)}` : 'not tracked yet';
    lines.push(`next inbound ${next.reference} (${next.supplier}) ${eta}`);
  } else {
    lines.push('no inbound delivery of it');
  }
  if (m.gapMinutes) lines.push(m.gapMinutes.min === m.gapMinutes.max ? `gap ${alertMinutes(m.gapMinutes.max)}` : `gap ${m.gapMinutes.min}–${alertMinutes(m.gapMinutes.max)}`);
  return lines;
}

/** How early the planner was warned, e.g. `raised 88 min before window end`. */
export function alertLeadText(a: Pick<Alert, 'leadMinutes'>): string | null {
  const lead = a.leadMinutes;
  if (lead === null) return null;
  if (lead === 0) return 'raised at window end';
  return `raised ${alertMinutes(lead)} ${lead > 0 ? 'before' : 'after'} window end`;
}

/** Who acknowledged and when, in site time, e.g. `Acknowledged by admin at 14:05`. */
export function acknowledgedText(a: Pick<Alert, 'acknowledgedAt' | 'acknowledgedBy'>, timeZone: string, now: number): string | null {
  if (!a.acknowledgedAt) return null;
  return `Acknowledged by ${a.acknowledgedBy ?? 'someone'} at ${formatSiteTime(a.acknowledgedAt, now, timeZone)}`;
}

/** The shipment's ETA with its band, in site time, e.g. `ETA 11:32 (11:15–11:50)`; null without one or once arrived. */
export function alertEtaText(a: Pick<Alert, 'kind' | 'eta' | 'etaEarliest' | 'etaLatest' | 'etaOverdue'>, timeZone: string, now: number): string | null {
  // An early arrival's ETA is its arrival, which the delay text already tells.
  if (a.eta === null || a.kind === 'early_arrival') return null;
  const band = formatEtaBand(a.etaEarliest, a.etaLatest, now, timeZone);
  return `ETA ${formatSiteTime(a.eta, now, timeZone)}${a.etaOverdue ? ' overdue' : ''}${band ? ` (${band})` : ''}`;
}
