/**
 * `pnpm bench`: ingest throughput and ping-to-socket latency of Dockwatch on each reachable
 * backend, beside a bare Fastify + Socket.IO baseline measured by the same load generator in the
 * same run; then the browser's render cost with a busy board, beside the same page idle.
 * Progress goes to stderr, the markdown tables to stdout, everything to tests/artifacts/bench.json.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { frameworkVersions, startBaseline } from './baseline';
import { COVERAGE_SHAPE } from './coverage-load';
import { BACKEND_LABELS, realServicesProblem, startDockwatch, type BackendName, type DockwatchTarget } from './dockwatch-target';
import { LoadClient } from './load-client';
import { benchRender, derive, renderTable, type RenderOptions } from './render-bench';
import { benchScorecards, scorecardTable } from './scorecard-bench';
import type { TargetAddress } from './protocol';
import { BATCH_SIZE, formatValue, markdownTable, percentile, record, summarize, writeJson, type Runs } from './report';

const ARTIFACT = fileURLToPath(new URL('../artifacts/bench.json', import.meta.url));

const USAGE = `Usage: pnpm bench [--backend embedded|real|all] [--duration <s>] [--devices <n>] [--quick] [--skip-render] [--skip-coverage] [--scorecard-loads <n>] [--skip-scorecards]

  --backend      which Dockwatch backends to measure; default all (real only when reachable)
  --duration     seconds per measurement; default 5 (1 with --quick)
  --devices      concurrent devices posting pings; default 16
  --quick        short smoke run: 1 s per measurement, fewer latency samples, 2 s render windows
  --skip-render  leave out the browser render cost (Chromium, 2,000 shipments, 200 updates/s from two fleet shapes, 8 s windows)
  --skip-coverage leave out the real backend with 2,000 materials (4 weeks of hourly demand each, 500 inbound loads)
  --scorecard-loads  finished shipments behind the scorecard measurement (PostgreSQL only); default 1,000,000 (20,000 with --quick)
  --skip-scorecards  leave out the scorecard measurement
`;

interface Options {
  backend: 'embedded' | 'real' | 'all';
  durationMs: number;
  devices: number;
  reps: number;
  /** Most latency samples per run. */
  samples: number;
  warmupMs: number;
  quick: boolean;
  /** Browser render cost settings, one per fleet shape; null with --skip-render. */
  render: RenderOptions[] | null;
  /** Measure the real backend a second time with a plant's materials loaded (off with --skip-coverage). */
  coverage: boolean;
  /** Shipments behind the scorecard measurement; null with --skip-scorecards. */
  scorecardLoads: number | null;
}

/** Bad command line: shown with the usage, without a stack. */
class UsageError extends Error {}

function parseOptions(argv: string[]): Options | null {
  try {
    return readOptions(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function readOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string', default: 'all' },
      duration: { type: 'string' },
      devices: { type: 'string', default: '16' },
      quick: { type: 'boolean', default: false },
      'skip-render': { type: 'boolean', default: false },
      'skip-coverage': { type: 'boolean', default: false },
      'scorecard-loads': { type: 'string' },
      'skip-scorecards': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const backend = values.backend;
  if (backend !== 'embedded' && backend !== 'real' && backend !== 'all') throw new Error(`--backend must be embedded, real or all, not ${backend}`);
  const durationS = Number(values.duration ?? (values.quick ? 1 : 5));
  if (!(durationS > 0 && durationS <= 120)) throw new Error(`--duration must be a number of seconds in (0, 120], not ${values.duration}`);
  const devices = Number(values.devices);
  if (!Number.isInteger(devices) || devices < 1 || devices > 256) throw new Error(`--devices must be an integer in 1..256, not ${values.devices}`);
  const scorecardLoads = Number(values['scorecard-loads'] ?? (values.quick ? 20_000 : 1_000_000));
  if (!Number.isInteger(scorecardLoads) || scorecardLoads < 1_000 || scorecardLoads > 10_000_000) throw new Error(`--scorecard-loads must be an integer in 1000..10000000, not ${values['scorecard-loads']}`);
  return {
    backend,
    scorecardLoads: values['skip-scorecards'] ? null : scorecardLoads,
    durationMs: durationS * 1000,
    devices,
    reps: 3,
    samples: values.quick ? 50 : 300,
    warmupMs: values.quick ? 300 : 1000,
    quick: values.quick,
    coverage: !values['skip-coverage'],
    render: values['skip-render']
      ? null
      : // The same 200 updates/s from two fleets: 20 trucks carrying 100 loads each (every ping a
        // burst of 100 deltas, 2 device pings/s) and 200 trucks carrying 10 (20 device pings/s).
        // Both are light work for the embedded server, so the CPUs go to the browser.
        [
          { devices: 20, shipmentsPerDevice: 100 },
          { devices: 200, shipmentsPerDevice: 10 },
        ].map((shape) => ({
          // Frames vary a lot from one window to the next (garbage collection, the 5 s age tick):
          // medians of 5 windows of 8 s, which keeps the whole default bench near 8 minutes.
          windowMs: values.quick ? 2_000 : 8_000,
          reps: values.quick ? 3 : 5,
          updatesPerSecond: 200,
          shape,
          warmupMs: values.quick ? 1_000 : 2_000,
        })),
  };
}

const startedAt = performance.now();
const progress = (message: string) => process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

/** Set on Ctrl-C: the measurement in flight then fails as its servers close, which is expected. */
let interrupted = false;

async function chooseBackends(requested: Options['backend']): Promise<{ backends: BackendName[]; skipped: string | null }> {
  if (requested === 'embedded') return { backends: ['embedded'], skipped: null };
  const problem = await realServicesProblem();
  if (requested === 'real') {
    if (problem !== null) throw new Error(`--backend real, but the real services are not reachable: ${problem}`);
    return { backends: ['real'], skipped: null };
  }
  return problem === null ? { backends: ['embedded', 'real'], skipped: null } : { backends: ['embedded'], skipped: problem };
}

interface Target {
  name: string;
  address: TargetAddress;
}

/** The real backend again, with a plant's materials on the fleet's site: what coverage costs ingest. */
const COVERAGE_TARGET = 'real+coverage';
const COVERAGE_LABEL = `real, ${COVERAGE_SHAPE.materials.toLocaleString('en-US')} materials`;

/** Starts at a different target each repetition, so no target always runs right after another. */
const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]!);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === null) {
    process.stdout.write(USAGE);
    return;
  }
  const cleanups: (() => Promise<void>)[] = [];
  // One shared run, so an interrupt and the normal finally never race or exit halfway through.
  let closing: Promise<void> | null = null;
  const cleanUp = () =>
    (closing ??= (async () => {
      while (cleanups.length > 0) {
        await cleanups.pop()!().catch((error: unknown) => progress(`cleanup failed: ${(error as Error).message}`));
      }
    })());
  process.once('SIGINT', () => {
    interrupted = true;
    progress('interrupted: closing servers and dropping the bench database');
    void cleanUp().finally(() => process.exit(130));
  });

  try {
    const { backends, skipped } = await chooseBackends(options.backend);
    if (skipped !== null) progress(`real backend skipped: ${skipped}`);

    const load = new LoadClient();
    cleanups.push(() => load.close());
    const baseline = await startBaseline(options.devices);
    cleanups.push(() => baseline.close());
    const targets: Target[] = [{ name: 'baseline', address: baseline.address }];
    for (const backend of backends) {
      progress(`starting Dockwatch on the ${BACKEND_LABELS[backend]} backend with ${options.devices} devices`);
      const dockwatch = await startDockwatch(backend, options.devices);
      cleanups.push(() => dockwatch.close());
      targets.push({ name: backend, address: dockwatch.address });
    }
    let withCoverage: DockwatchTarget | null = null;
    if (options.coverage && backends.includes('real')) {
      progress(`starting Dockwatch on the real backend with ${COVERAGE_SHAPE.materials.toLocaleString('en-US')} materials on the fleet's site`);
      withCoverage = await startDockwatch('real', options.devices, { coverage: true, progress });
      const started = withCoverage;
      cleanups.push(() => started.close());
      targets.push({ name: COVERAGE_TARGET, address: withCoverage.address });
    }

    progress(`warming up (${options.warmupMs} ms per target and mode)`);
    for (const { address } of targets) {
      for (const batchSize of [BATCH_SIZE, 1]) await load.throughput({ target: address, batchSize, durationMs: options.warmupMs });
      await load.latency({ target: address, samples: 20, durationMs: options.warmupMs });
    }

    const runs: Runs = new Map();
    const details: unknown[] = [];
    for (let rep = 1; rep <= options.reps; rep++) {
      const order = rotate(targets, rep - 1);
      for (const batchSize of [BATCH_SIZE, 1]) {
        for (const { name, address } of order) {
          const result = await load.throughput({ target: address, batchSize, durationMs: options.durationMs });
          const pingsPerSecond = (result.accepted / result.elapsedMs) * 1000;
          record(runs, name, batchSize === 1 ? 'ingestSingle' : 'ingestBatch', pingsPerSecond);
          details.push({ rep, target: name, measurement: `ingest×${batchSize}`, pingsPerSecond, ...result });
          const requestsPerSecond = (result.requests / result.elapsedMs) * 1000;
          progress(`rep ${rep}/${options.reps} ingest×${batchSize} ${name}: ${formatValue(pingsPerSecond, 'pings/s')} (${Math.round(requestsPerSecond)} req/s)`);
          if (result.errors > 0) progress(`  ${result.errors} failed request(s), first: ${result.firstError}`);
          if (result.duplicates > 0) progress(`  ${result.duplicates} ping(s) counted as duplicates`);
        }
      }
      for (const { name, address } of order) {
        const { eventMs, httpMs } = await load.latency({ target: address, samples: options.samples, durationMs: options.durationMs });
        const summary = { p50: percentile(eventMs, 50), p99: percentile(eventMs, 99), max: Math.max(...eventMs), httpP50: percentile(httpMs, 50) };
        record(runs, name, 'latencyP50', summary.p50);
        record(runs, name, 'latencyP99', summary.p99);
        record(runs, name, 'httpP50', summary.httpP50);
        details.push({ rep, target: name, measurement: 'latency', samples: eventMs.length, ...summary });
        progress(
          `rep ${rep}/${options.reps} latency ${name}: p50 ${formatValue(summary.p50, 'ms')}, p99 ${formatValue(summary.p99, 'ms')} (${eventMs.length} samples)`,
        );
      }
    }

    const measured = [...backends.map((name) => ({ name, label: BACKEND_LABELS[name] })), ...(withCoverage ? [{ name: COVERAGE_TARGET, label: COVERAGE_LABEL }] : [])];
    const rows = summarize(runs, measured);
    const coverage = withCoverage ? await coverageFigures(withCoverage) : null;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const machine = `Node ${process.version}, ${os.cpus().length} × ${cpu}`;
    const footnote =
      `${options.devices} concurrent devices, one request in flight each, one active shipment each; ` +
      `${options.durationMs / 1000} s per throughput run; latency: up to ${options.samples} sequential single pings per run, ` +
      `timed until the site room's \`shipments:updated\`. Medians of ${options.reps} interleaved runs. ` +
      `${machine}; fastify ${frameworkVersions.fastify}, socket.io ${frameworkVersions.socketIo}; ` +
      `load from node:http keep-alive clients in a worker thread of the same process.` +
      (options.quick ? ' Quick smoke run: not representative.' : '');
    process.stdout.write(`\n${markdownTable(rows, footnote)}`);
    if (coverage) process.stdout.write(`\n${coverageTable(coverage)}`);
    const artifact: Record<string, unknown> = {
      generatedAt: new Date().toISOString(),
      options: { ...options, backends, realBackendSkipped: skipped },
      machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpu, memoryBytes: os.totalmem() },
      versions: frameworkVersions,
      results: rows,
      coverage,
      runs: details,
    };
    await writeJson(ARTIFACT, artifact);
    progress(`wrote ${ARTIFACT}`);

    if (options.scorecardLoads !== null) {
      if (backends.includes('real')) {
        const scorecards = await benchScorecards(options.scorecardLoads, progress);
        process.stdout.write(`\n${scorecardTable(scorecards)}`);
        artifact.scorecards = scorecards;
        await writeJson(ARTIFACT, artifact);
      } else {
        progress('scorecards skipped: the measurement loads its history into PostgreSQL, which is not measured in this run');
      }
    }

    if (options.render) {
      const renders: unknown[] = [];
      artifact.render = renders;
      for (const renderOptions of options.render) {
        // Each fleet's server and browser close before the next one starts.
        const closers: (() => Promise<void>)[] = [];
        cleanups.push(async () => {
          while (closers.length > 0) await closers.pop()!();
        });
        const render = await benchRender(renderOptions, progress, (close) => closers.push(close));
        await cleanups.pop()!();
        process.stdout.write(`\n${renderTable(render, machine, options.quick)}`);
        renders.push({ ...render, derived: render.runs.map((run) => ({ rep: run.rep, ...derive(run) })) });
        await writeJson(ARTIFACT, artifact);
        progress(`wrote ${ARTIFACT}`);
      }
    }
  } finally {
    await cleanUp();
  }
}

interface CoverageFigures {
  materials: number;
  demandBuckets: number;
  inbound: number;
  fullEvaluationS: number;
  /** Evaluations the ingest runs caused (each a transaction over the parts of the loads that moved), and their materials. */
  evaluations: number;
  materialsEvaluated: number;
  msPerEvaluation: number;
  /** A sweep once every material is due (15 min of quiet), and the next one with none due. */
  sweepAllDueS: number;
  sweepNoneDueMs: number;
}

/** What the ingest runs made the coverage target evaluate, and what its sweep costs. */
async function coverageFigures(target: DockwatchTarget): Promise<CoverageFigures> {
  const { shortages } = target.server.app;
  await shortages.idle();
  const { evaluations, materials, busyMs } = shortages.stats;
  const later = Date.now() + 16 * 60_000;
  let t = performance.now();
  await shortages.sweep(later);
  const sweepAllDueS = (performance.now() - t) / 1000;
  t = performance.now();
  await shortages.sweep(later);
  const sweepNoneDueMs = performance.now() - t;
  const figures = {
    materials: COVERAGE_SHAPE.materials,
    demandBuckets: target.coverage!.demandBuckets,
    inbound: COVERAGE_SHAPE.inbound,
    fullEvaluationS: target.coverage!.fullEvaluationS,
    evaluations,
    materialsEvaluated: materials,
    msPerEvaluation: evaluations === 0 ? Number.NaN : busyMs / evaluations,
    sweepAllDueS,
    sweepNoneDueMs,
  };
  progress(`coverage: ${evaluations} evaluations of ${materials} materials during the runs, ${figures.msPerEvaluation.toFixed(1)} ms each; sweep ${sweepAllDueS.toFixed(1)} s all due, ${sweepNoneDueMs.toFixed(0)} ms none due`);
  return figures;
}

function coverageTable(c: CoverageFigures): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    '| Coverage on the real backend | Figure |',
    '| --- | ---: |',
    `| Evaluating all ${n(c.materials)} materials once (${n(c.demandBuckets)} demand buckets, ${n(c.inbound)} loads) | ${c.fullEvaluationS.toFixed(1)} s |`,
    `| Evaluations during the ingest runs (parts of the loads whose arrival moved) | ${n(c.evaluations)}, ${n(c.materialsEvaluated)} materials |`,
    `| Per evaluation (one transaction) | ${c.msPerEvaluation.toFixed(1)} ms |`,
    `| Sweep with every material due | ${c.sweepAllDueS.toFixed(1)} s |`,
    `| Sweep with none due | ${c.sweepNoneDueMs.toFixed(0)} ms |`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  if (interrupted) return;
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${USAGE}`);
  else progress(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
