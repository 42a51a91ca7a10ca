import type { CoverageStatus, Inbound, MaterialCoverage, Projection } from '@dockwatch/shared';
import { formatEtaBand, formatMinutes, formatSiteTime } from '../format/time';
import { formatLocale, t } from '../i18n/i18n';

/** How each status reads: a word and a symbol, so colour is never the only cue. */
const style = (status: CoverageStatus, symbol: string) => ({
  get label(): string {
    return t(`coverage.status.${status}`);
  },
  symbol,
});
export const COVERAGE_STYLE: Record<CoverageStatus, { readonly label: string; readonly symbol: string }> = {
  critical: style('critical', '✖'),
  warning: style('warning', '▲'),
  covered: style('covered', '●'),
  unknown: style('unknown', '?'),
};

/** One row of the coverage table, as a planner reads it, in site time. */
export interface CoverageRow {
  id: string;
  status: CoverageStatus;
  sku: string;
  description: string;
  line: string;
  onHand: string;
  cover: string;
  runsOut: string;
  next: string;
  /** The next delivery is the one whose lateness makes the part run out. */
  blamed: boolean;
}

const quantity = (q: number | null, unit: string) => (q === null ? '—' : `${Math.round(q).toLocaleString(formatLocale())} ${unit}`);

/** Hours of cover in words: `3 h 20 min`, `2 d 4 h`, or `over 4 weeks` when it does not run out within the projection. */
export function coverText(c: Pick<MaterialCoverage, 'coverHours' | 'status'>): string {
  if (c.status === 'unknown') return '—';
  if (c.coverHours === null) return t('coverage.overFourWeeks');
  const minutes = Math.max(0, Math.round(c.coverHours * 60));
  if (minutes >= 48 * 60) return t('coverage.daysHours', { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60) });
  return formatMinutes(minutes);
}

export function coverageRow(c: MaterialCoverage, now: number, timeZone: string): CoverageRow {
  const runOut = c.pessimisticRunOutAt ?? c.runOutAt;
  const next = c.nextInbound;
  const band = next ? formatEtaBand(next.etaEarliest, next.etaLatest, now, timeZone) : null;
  return {
    id: c.materialId,
    status: c.status,
    sku: c.sku,
    description: c.description,
    line: c.line ?? '—',
    onHand: quantity(c.onHand, c.unit),
    cover: coverText(c),
    runsOut: runOut ? formatSiteTime(runOut, now, timeZone) : '—',
    next: next ? `${next.reference} · ${next.eta ? t('coverage.eta', { eta: band ?? formatSiteTime(next.eta, now, timeZone) }) : t('coverage.notTracked')}` : t('coverage.none'),
    blamed: next?.lateCausesRunOut ?? false,
  };
}

/** Height of the demand strip under the stock chart, in the chart's units. */
export const DEMAND_STRIP = 26;

/** The chart's geometry: each line as SVG points in a width × height box, with the axes' ranges. */
export interface ChartGeometry {
  lines: Record<'optimistic' | 'expected' | 'pessimistic' | 'safety', string>;
  zeroY: number;
  min: number;
  max: number;
  ticks: { x: number; label: string }[];
  /** The demand plan as bars of a strip `DEMAND_STRIP` high (the busiest hour full height), and that hour's rate. */
  demand: { x: number; w: number; h: number }[];
  peakPerHour: number;
  /** Each inbound delivery inside the chart: its ETA band (its window while untracked) as a span, with its reference. */
  bands: { x1: number; x2: number; label: string; late: boolean }[];
}

/**
 * Periods on a chart from `t0` to `t1`, `width` wide: those outside it left out, the rest clipped
 * to it, and one narrower than 3 px drawn 3 px wide, so an exact arrival still shows.
 */
function spansOnChart<T extends { from: number; to: number }>(items: readonly T[], t0: number, t1: number, width: number): (T & { x1: number; x2: number })[] {
  const clampX = (ms: number) => Math.min(width, Math.max(0, ((ms - t0) / Math.max(1, t1 - t0)) * width));
  return items
    .filter((b) => b.to >= t0 && b.from <= t1)
    .map((b) => {
      const x1 = clampX(b.from);
      return { ...b, x1, x2: Math.max(x1 + 3, clampX(b.to)) };
    });
}

/** Lays the projection out for an SVG chart (time left to right, stock bottom to top, zero marked). */
export function chartGeometry(p: Projection, width: number, height: number, timeZone: string, now: number, inbound: readonly Inbound[] = []): ChartGeometry {
  const t0 = Date.parse(p.from);
  const t1 = Date.parse(p.until);
  const all = [...p.optimistic, ...p.expected, ...p.pessimistic, ...p.safety].map((q) => q.quantity);
  const min = Math.min(0, ...all);
  const max = Math.max(1, ...all);
  const x = (t: string) => ((Date.parse(t) - t0) / Math.max(1, t1 - t0)) * width;
  const y = (q: number) => height - ((q - min) / (max - min)) * height;
  const path = (line: Projection['expected']) => line.map((pt) => `${x(pt.t).toFixed(1)},${y(pt.quantity).toFixed(1)}`).join(' ');
  const ticks: { x: number; label: string }[] = [];
  const step = t1 - t0 > 3 * 86_400_000 ? 86_400_000 : 6 * 3_600_000;
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push({ x: ((t - t0) / (t1 - t0)) * width, label: formatSiteTime(t, now, timeZone) });
  const rateOf = (b: Projection['demand'][number]) => b.quantity / Math.max(1e-9, (Date.parse(b.to) - Date.parse(b.from)) / 3_600_000);
  const peakPerHour = Math.max(0, ...p.demand.map(rateOf));
  const demand = p.demand.map((b) => ({ x: x(b.from), w: Math.max(0.5, x(b.to) - x(b.from)), h: peakPerHour > 0 ? (rateOf(b) / peakPerHour) * DEMAND_STRIP : 0 }));
  const bands = spansOnChart(
    inbound.map((i) => {
      const early = Date.parse(i.etaEarliest ?? i.eta ?? i.windowEnd);
      const late = Date.parse(i.etaLatest ?? i.eta ?? i.windowEnd);
      return { from: Math.min(early, late), to: Math.max(early, late), label: i.reference, late: i.lateCausesRunOut };
    }),
    t0,
    t1,
    width,
  ).map((b) => ({ x1: b.x1, x2: b.x2, label: b.label, late: b.late }));
  return { lines: { optimistic: path(p.optimistic), expected: path(p.expected), pessimistic: path(p.pessimistic), safety: path(p.safety) }, zeroY: y(0), min, max, ticks, bands, demand, peakPerHour };
}

/** Each notice's period on the chart (open-ended ones to the chart's end), clipped to it; none outside it. */
export function noticeSpans(p: Pick<Projection, 'from' | 'until'>, width: number, list: readonly { id: string; startsAt: string; endsAt: string | null; label: string }[]): { id: string; x1: number; x2: number; label: string }[] {
  const t0 = Date.parse(p.from);
  const t1 = Date.parse(p.until);
  return spansOnChart(
    list.map((n) => ({ id: n.id, from: Date.parse(n.startsAt), to: n.endsAt === null ? t1 : Date.parse(n.endsAt), label: n.label })),
    t0,
    t1,
    width,
  ).map((n) => ({ id: n.id, x1: n.x1, x2: n.x2, label: n.label }));
}
