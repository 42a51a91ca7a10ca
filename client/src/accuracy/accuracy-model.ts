import { ACCURACY_LEAD_MINUTES, ACCURATE_WITHIN_MIN, type EtaAccuracy } from '@dockwatch/shared';
import { formatMinutes } from '../format/time';
import { t } from '../i18n/i18n';

export type AccuracyPeriodKey = keyof EtaAccuracy['periods'];
type LeadFigures = EtaAccuracy['periods']['7d']['120'];

/** One row of an accuracy table: a lead time and its figures, as a planner reads them. */
export interface AccuracyRow {
  /** E.g. `120 min`, `30 min`. */
  lead: string;
  /** Median error either way, e.g. `12 min`; `—` when nothing was measured. */
  median: string;
  p90: string;
  /** Share within ±15 min, e.g. `64 %`. */
  within: string;
  /** Arrivals measured. */
  n: number;
}

export const periodLabel = (period: AccuracyPeriodKey): string => t(period === '7d' ? 'accuracy.last7' : 'accuracy.last30');

/** The within column's heading, e.g. `within ±15 min`. */
export const withinLabel = (): string => t('accuracy.within', { m: ACCURATE_WITHIN_MIN });

// Whole minutes (a tenth reads as false precision), and minutes up to three hours, as the alerts
// give delays: `72 min` compares at a glance with `45 min`.
function minutes(m: number | null): string {
  if (m === null) return '—';
  const whole = Math.round(m);
  return whole < 180 ? t('time.minutes', { m: whole }) : formatMinutes(whole);
}
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

/** A period's figures by lead time, longest lead first. */
export function accuracyRows(period: EtaAccuracy['periods'][AccuracyPeriodKey]): AccuracyRow[] {
  return ACCURACY_LEAD_MINUTES.map((lead) => {
    const f: LeadFigures = period[String(lead) as keyof typeof period];
    return { lead: t('time.minutes', { m: lead }), median: minutes(f.medianAbsMin), p90: minutes(f.p90AbsMin), within: percent(f.within15Share), n: f.n };
  });
}
