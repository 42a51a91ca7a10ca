import type { Alert, AlertKind, AlertState } from '@dockwatch/shared';
import { formatEtaBand, formatMinutes, formatSiteTime } from '../format/time';
import { t } from '../i18n/i18n';

/** How each kind reads: a word and a symbol, so colour is never the only cue. */
const kindStyle = (kind: AlertKind, symbol: string) => ({
  get label(): string {
    return t(`alerts.kind.${kind}`);
  },
  symbol,
});

export const ALERT_KIND_STYLE: Record<AlertKind, { readonly label: string; readonly symbol: string }> = {
  missed_window: kindStyle('missed_window', '✖'),
  late_predicted: kindStyle('late_predicted', '■'),
  at_risk: kindStyle('at_risk', '▲'),
  stale_tracking: kindStyle('stale_tracking', '◌'),
  early_arrival: kindStyle('early_arrival', '◀'),
  shortage_risk: kindStyle('shortage_risk', '⬣'),
};

/** An alert's state in the chosen language. */
export const alertStateLabel = (state: AlertState): string => t(`alerts.state.${state}`);

/**
 * Whole minutes up to three hours (planners move production slots by minutes, and `62 min`
 * compares at a glance with `45 min`), hours and minutes beyond.
 */
export function alertMinutes(minutes: number): string {
  const m = Math.abs(minutes);
  return m < 180 ? t('time.minutes', { m }) : formatMinutes(m);
}

/** The expected (or actual) delay in words, e.g. `62 min late`, `window missed by 12 min`. */
export function alertDelayText(a: Pick<Alert, 'kind' | 'delayMinutes'>): string | null {
  const d = a.delayMinutes;
  switch (a.kind) {
    case 'late_predicted':
      return d === null ? null : t('alerts.late', { duration: alertMinutes(Math.max(1, d)) });
    case 'missed_window':
      return d === null ? t('alerts.windowMissed') : t('alerts.windowMissedBy', { duration: alertMinutes(Math.max(1, d)) });
    case 'at_risk':
      return t('alerts.mayMiss');
    case 'stale_tracking':
      return t('alerts.noPosition');
    case 'early_arrival':
      return d === null ? t('alerts.arrivedEarly') : t('alerts.arrivedBefore', { duration: alertMinutes(d) });
    case 'shortage_risk':
      return d === null ? t('alerts.shortage.noDelivery') : d === 0 ? t('alerts.shortage.belowSafety') : t('alerts.shortage.lineShort', { duration: alertMinutes(d) });
  }
}

/**
 * A shortage alert's facts in site time, line by line, e.g. `HYD-220 runs out at 14:20 on line 3`,
 * `next inbound ASN-1001 (Bosch) ETA 15:05–15:25`, `gap 45–65 min`.
 */
export function shortageLines(m: NonNullable<Alert['material']>, timeZone: string, now: number): string[] {
  const lines: string[] = [];
  const on = m.line !== null;
  if (m.level === 'critical' && m.pessimisticRunOutAt) {
    const time = formatSiteTime(m.pessimisticRunOutAt, now, timeZone);
    lines.push(on ? t('alerts.shortage.runsOutOnLine', { sku: m.sku, time, line: m.line }) : t('alerts.shortage.runsOut', { sku: m.sku, time }));
  } else if (m.belowSafetyAt) {
    const time = formatSiteTime(m.belowSafetyAt, now, timeZone);
    lines.push(on ? t('alerts.shortage.belowSafetyAtOnLine', { sku: m.sku, time, line: m.line }) : t('alerts.shortage.belowSafetyAt', { sku: m.sku, time }));
  }
  const next = m.nextInbound;
  if (next) {
    const band = formatEtaBand(next.etaEarliest, next.etaLatest, now, timeZone);
    const eta = next.eta ? t('alerts.eta', { eta: band ?? formatSiteTime(next.eta, now, timeZone) }) : t('alerts.shortage.notTracked');
    lines.push(t('alerts.shortage.next', { reference: next.reference, supplier: next.supplier, eta }));
  } else {
    lines.push(t('alerts.shortage.none'));
  }
  const gap = m.gapMinutes;
  if (gap) lines.push(gap.min === gap.max ? t('alerts.shortage.gap', { duration: alertMinutes(gap.max) }) : t('alerts.shortage.gapRange', { min: gap.min, duration: alertMinutes(gap.max) }));
  return lines;
}

/** How early the planner was warned, e.g. `raised 88 min before window end`. */
export function alertLeadText(a: Pick<Alert, 'leadMinutes'>): string | null {
  const lead = a.leadMinutes;
  if (lead === null) return null;
  if (lead === 0) return t('alerts.raisedAtEnd');
  return t(lead > 0 ? 'alerts.raisedBefore' : 'alerts.raisedAfter', { duration: alertMinutes(lead) });
}

/** Who acknowledged and when, in site time, e.g. `Acknowledged by admin at 14:05`. */
export function acknowledgedText(a: Pick<Alert, 'acknowledgedAt' | 'acknowledgedBy'>, timeZone: string, now: number): string | null {
  if (!a.acknowledgedAt) return null;
  return t('alerts.acknowledgedBy', { who: a.acknowledgedBy ?? t('alerts.someone'), time: formatSiteTime(a.acknowledgedAt, now, timeZone) });
}

/** The shipment's ETA with its band, in site time, e.g. `ETA 11:32 (11:15–11:50)`; null without one or once arrived. */
export function alertEtaText(a: Pick<Alert, 'kind' | 'eta' | 'etaEarliest' | 'etaLatest' | 'etaOverdue'>, timeZone: string, now: number): string | null {
  // An early arrival's ETA is its arrival, which the delay text already tells.
  if (a.eta === null || a.kind === 'early_arrival') return null;
  const band = formatEtaBand(a.etaEarliest, a.etaLatest, now, timeZone);
  return `${t('alerts.eta', { eta: formatSiteTime(a.eta, now, timeZone) })}${a.etaOverdue ? ` ${t('alerts.overdue')}` : ''}${band ? ` (${band})` : ''}`;
}
