import type { LineItem, PartCover } from '@dockwatch/shared';
import { formatSiteTime } from '../format/time';
import { t } from '../i18n/i18n';

/**
 * How one part of a load stands: `stops` when this load's lateness makes it run out, `critical`
 * when it runs out anyway, `warning` below safety stock, `covered`, or `unknown` (never counted).
 */
export type PartLevel = 'stops' | 'critical' | 'warning' | 'covered' | 'unknown';

export interface PartLine {
  level: PartLevel;
  text: string;
}

/** One part's cover beside a load, in site time; null when the site keeps no material for it. */
export function partLine(cover: PartCover | undefined, shipmentId: string | null, now: number, timeZone: string): PartLine | null {
  if (!cover) return null;
  const at = (iso: string) => formatSiteTime(iso, now, timeZone);
  const runOut = cover.pessimisticRunOutAt ?? cover.runOutAt;
  if (shipmentId !== null && cover.lateCausesRunOut.includes(shipmentId) && runOut) {
    return { level: 'stops', text: cover.line ? t('parts.stopsOnLine', { time: at(runOut), line: cover.line }) : t('parts.stops', { time: at(runOut) }) };
  }
  switch (cover.status) {
    case 'critical':
      return { level: 'critical', text: runOut ? t('parts.runsOut', { time: at(runOut) }) : t('coverage.status.critical') };
    case 'warning':
      return { level: 'warning', text: cover.belowSafetyAt ? t('parts.belowSafety', { time: at(cover.belowSafetyAt) }) : t('coverage.status.warning') };
    case 'covered':
      return { level: 'covered', text: cover.runOutAt ? t('parts.coveredUntil', { time: at(cover.runOutAt) }) : t('parts.coveredWeeks') };
    case 'unknown':
      return { level: 'unknown', text: t('parts.notCounted') };
  }
}

/**
 * What a load's parts say about its lateness: `stops` when any part runs out because of it,
 * `covered` when every part the site keeps is covered (the load may be late without stopping a
 * line), null when the site keeps none of its parts or some run short anyway.
 */
export function loadVerdict(items: readonly LineItem[], shipmentId: string, covers: ReadonlyMap<string, PartCover>): { verdict: 'stops' | 'covered'; parts: PartCover[] } | null {
  const known = items.map((i) => covers.get(i.sku)).filter((c): c is PartCover => c !== undefined);
  if (known.length === 0) return null;
  const stopping = known.filter((c) => c.lateCausesRunOut.includes(shipmentId));
  if (stopping.length > 0) return { verdict: 'stops', parts: stopping };
  if (known.every((c) => c.status === 'covered')) return { verdict: 'covered', parts: known };
  return null;
}

/** How far a load's parts move its alert in the list: up one when it stops a line, down one when its parts are covered. */
export function severityShift(verdict: ReturnType<typeof loadVerdict>): number {
  if (verdict === null) return 0;
  return verdict.verdict === 'stops' ? 1 : -1;
}
