import { loadCounts, MEASURES, type MeasureName, type Partner, type Scorecard, type ScorecardLoad, type SiteScorecardRow } from '@dockwatch/shared';
import { formatNumber } from '../format/time';

/** The measures the planner's table shows, in column order. */
export const TABLE_MEASURES = ['score', 'onTimeShare', 'inFullShare', 'trackedShare', 'medianNoticeMinutes', 'medianEtaErrorMinutes', 'medianDockMinutes'] as const satisfies readonly MeasureName[];

/** The measure cards of a partner's page: every measure but early and late share (the distribution shows those). */
export const CARD_MEASURES: readonly MeasureName[] = MEASURES.filter((m) => m !== 'earlyShare' && m !== 'lateShare');

/** Where a bigger value is better (true), worse (false). */
export const HIGHER_IS_BETTER: Record<MeasureName, boolean> = {
  score: true,
  onTimeShare: true,
  earlyShare: false,
  lateShare: false,
  inFullShare: true,
  shortShare: false,
  trackedShare: true,
  neverTrackedShare: false,
  medianPingGapMinutes: false,
  medianNoticeMinutes: true,
  warnedShare: true,
  medianEtaErrorMinutes: false,
  medianYardMinutes: false,
  plantWaitShare: false,
  medianDockMinutes: false,
  exceptionShare: false,
};

const isShare = (m: MeasureName) => m.endsWith('Share');
const isMinutes = (m: MeasureName) => m.endsWith('Minutes');

/** A measure's value as read: `87 %`, `12 min`, `91.5`; `—` without loads. */
export function formatMeasure(measure: MeasureName, value: number | null): string {
  if (value === null) return '—';
  if (isShare(measure)) return `${formatNumber(value * 100, 0)} %`;
  if (isMinutes(measure)) return `${formatNumber(value, value < 10 ? 1 : 0)} min`;
  return formatNumber(value, 0);
}

/** How a value compares with the site average: `better`, `worse` or `same` (within a hair), null when either is missing. */
export function versusAverage(measure: MeasureName, value: number | null, average: number | null): 'better' | 'worse' | 'same' | null {
  if (value === null || average === null) return null;
  const scale = isShare(measure) ? 0.01 : isMinutes(measure) ? 0.5 : 0.5;
  if (Math.abs(value - average) < scale) return 'same';
  return value > average === HIGHER_IS_BETTER[measure] ? 'better' : 'worse';
}

export type SortKey = 'name' | (typeof TABLE_MEASURES)[number] | 'loads';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** The table's rows in the chosen order; partners without a figure go last either way, ties by name. */
export function sortRows(rows: readonly SiteScorecardRow[], sort: Sort): SiteScorecardRow[] {
  const valueOf = (r: SiteScorecardRow): number | string | null => (sort.key === 'name' ? r.partner.name.toLowerCase() : sort.key === 'loads' ? r.measures.score.loads : r.measures[sort.key].value);
  return [...rows].sort((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va === null || vb === null) return va === vb ? a.partner.name.localeCompare(b.partner.name) : va === null ? 1 : -1;
    const order = va < vb ? -1 : va > vb ? 1 : 0;
    return (sort.descending ? -order : order) || a.partner.name.localeCompare(b.partner.name);
  });
}

/** The next sort after a click on a column: the same column flips, a new one starts at its best first. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key === 'name' ? false : key === 'loads' ? true : HIGHER_IS_BETTER[key] };
}

/**
 * SVG polyline points of a sparkline over weeks, gaps skipped; empty when fewer than two points.
 * Scaled to the values' own range (at least `minSpan` wide), so a trend shows however high it runs.
 */
export function sparklinePoints(values: readonly (number | null)[], width: number, height: number, minSpan = 10): string {
  const present = values.filter((v): v is number => v !== null);
  const mid = (Math.max(...present) + Math.min(...present)) / 2;
  const span = Math.max(minSpan, Math.max(...present) - Math.min(...present));
  const low = mid - span / 2;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.flatMap((v, i) => (v === null ? [] : [`${(i * step).toFixed(1)},${(height - ((v - low) / span) * height).toFixed(1)}`]));
  return points.length > 1 ? points.join(' ') : '';
}

/** The loads behind a figure: those the measure is judged by. */
export const loadsBehind = (loads: readonly ScorecardLoad[], measure: MeasureName): ScorecardLoad[] =>
  loads.filter((l) => loadCounts(measure, { ...l, windowStart: Date.parse(l.windowStart) }));

/** A partner's key in the URL and in the client's state. */
export const partnerId = (p: Pick<Partner, 'kind' | 'key'>) => `${p.kind}:${p.key}`;

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * A partner's scorecard as CSV (for the plant's own systems and e-mail): the measures with the
 * site average, then every load behind them. Raw numbers (shares 0–1, minutes), not display text.
 */
export function scorecardCsv(card: Scorecard): string {
  const lines: unknown[][] = [
    ['partner', card.partner.name],
    ['kind', card.partner.kind],
    ['period', `${card.from}..${card.to}`],
    [],
    ['measure', 'value', 'loads', 'siteAverage'],
    ...Object.entries(card.measures).map(([name, m]) => [name, m.value, m.loads, m.siteAverage]),
    [],
    ['shipmentId', 'reference', 'day', 'offsetMinutes', 'inFull', 'short', 'tracked', 'noticeMinutes', 'etaErrorMinutes', 'yardMinutes', 'dockMinutes', 'exception'],
    ...card.loads.map((l) => [l.shipmentId, l.reference, l.day, l.offsetMinutes, l.inFull, l.short, l.tracked, l.noticeMinutes, l.etaErrorMinutes, l.yardMinutes, l.dockMinutes, l.exception]),
  ];
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}
