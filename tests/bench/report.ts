import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type MetricKey = 'ingestBatch' | 'ingestSingle' | 'latencyP50' | 'latencyP99' | 'httpP50';

export interface MetricSpec {
  key: MetricKey;
  label: string;
  unit: 'pings/s' | 'ms';
  /** Shown in the markdown table; the others only go to bench.json. */
  inTable: boolean;
}

export const BATCH_SIZE = 50;

export const METRICS: readonly MetricSpec[] = [
  { key: 'ingestBatch', label: `Ingest, batches of ${BATCH_SIZE}`, unit: 'pings/s', inTable: true },
  { key: 'ingestSingle', label: 'Ingest, single pings', unit: 'pings/s', inTable: true },
  { key: 'latencyP50', label: 'Ping → socket update, p50', unit: 'ms', inTable: true },
  { key: 'latencyP99', label: 'Ping → socket update, p99', unit: 'ms', inTable: true },
  { key: 'httpP50', label: 'Ping → 202, p50', unit: 'ms', inTable: false },
];

/** Per target (`baseline` or a backend name), per metric, one value per repetition. */
export type Runs = Map<string, Map<MetricKey, number[]>>;

export function record(runs: Runs, target: string, metric: MetricKey, value: number): void {
  let perMetric = runs.get(target);
  if (!perMetric) runs.set(target, (perMetric = new Map()));
  perMetric.set(metric, [...(perMetric.get(metric) ?? []), value]);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function formatValue(value: number, unit: MetricSpec['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'pings/s') return `${Math.round(value).toLocaleString('en-US')} pings/s`;
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export interface ResultRow {
  backend: string;
  metric: MetricKey;
  label: string;
  unit: MetricSpec['unit'];
  dockwatch: number;
  baseline: number;
  /** Dockwatch ÷ baseline: below 1 is slower for throughput, above 1 is slower for latency. */
  ratio: number;
  runs: { dockwatch: number[]; baseline: number[] };
}

export function summarize(runs: Runs, backends: readonly { name: string; label: string }[]): ResultRow[] {
  const baseline = runs.get('baseline');
  return backends.flatMap(({ name, label }) =>
    METRICS.map((spec): ResultRow => {
      const dockwatchRuns = runs.get(name)?.get(spec.key) ?? [];
      const baselineRuns = baseline?.get(spec.key) ?? [];
      const dockwatch = median(dockwatchRuns);
      const base = median(baselineRuns);
      return { backend: label, metric: spec.key, label: spec.label, unit: spec.unit, dockwatch, baseline: base, ratio: dockwatch / base, runs: { dockwatch: dockwatchRuns, baseline: baselineRuns } };
    }),
  );
}

export function markdownTable(rows: readonly ResultRow[], footnote: string): string {
  const lines = [
    '| Backend | Measurement | Dockwatch | Bare Fastify + Socket.IO | Dockwatch ÷ bare |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    if (!METRICS.find((m) => m.key === row.metric)?.inTable) continue;
    const ratio = Number.isFinite(row.ratio) ? `${row.ratio < 0.1 ? row.ratio.toFixed(3) : row.ratio.toFixed(2)}×` : 'n/a';
    lines.push(`| ${row.backend} | ${row.label} | ${formatValue(row.dockwatch, row.unit)} | ${formatValue(row.baseline, row.unit)} | ${ratio} |`);
  }
  return `${lines.join('\n')}\n\n${footnote}\n`;
}

export async function writeJson(file: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}
