/**
 * Browser render cost: Chromium shows one site's board, map and dock timeline with thousands of
 * active shipments while `shipments:updated` deltas arrive over the page's own Socket.IO
 * connection. Main-thread time (CDP Performance metrics) per applied update batch, beside the
 * same page left idle for as long in the same run.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser';
import { ensureChromium } from '../e2e/chromium';
import { ADMIN_TOKEN } from '../integration/helpers/server';
import { startRenderScene, type FleetShape, type RenderScene } from './render-scene';
import { median, percentile } from './report';

export interface RenderOptions {
  /** Length of each measured window (idle and with updates), in ms. */
  windowMs: number;
  /** Repetitions; the table shows medians. */
  reps: number;
  /** Deltas per second the page should receive. */
  updatesPerSecond: number;
  shape: FleetShape;
  /** Update time before the first measurement, so the page's code is warm. */
  warmupMs: number;
}

/** What one window measured; times in ms. */
interface WindowMeasure {
  seconds: number;
  taskMs: number;
  styleLayoutMs: number;
  deltas: number;
  flushes: number;
  flushMs: number;
  reloads: number;
  /** Durations of animation frames over 50 ms (the long-animation-frame API's threshold). */
  longFrames: number[];
}

export interface RenderRun {
  rep: number;
  idle: WindowMeasure;
  updates: WindowMeasure;
}

export interface RenderReport {
  options: RenderOptions;
  shipments: number;
  chromium: string;
  runs: RenderRun[];
  /** Rows whose `data-version` differs from the server's board after the last run (0 = in sync). */
  staleRows: number;
  /** Deltas of accepted pings that never reached the page. */
  undelivered: number;
  driver: { accepted: number; failed: number; skipped: number; firstError: string | null };
}

/** Main-thread time an update batch may take: half a 60 Hz frame. */
export const BATCH_GOAL_MS = 8;

// Strings, not functions: the bench runs through tsx, whose helpers do not exist in the page.
const LONG_FRAME_OBSERVER = `
  window.__renderBench = { longFrames: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__renderBench.longFrames.push(entry.duration);
  }).observe({ type: 'long-animation-frame', buffered: true });
`;

const COUNTERS = `({
  deltas: window.__dockwatch.deltas,
  flushes: window.__dockwatch.flushes,
  flushMs: window.__dockwatch.flushMs,
  reloads: window.__dockwatch.reloads,
  longFrames: window.__renderBench.longFrames.length,
})`;

interface Snapshot {
  seconds: number;
  task: number;
  styleLayout: number;
  deltas: number;
  flushes: number;
  flushMs: number;
  reloads: number;
  longFrames: number;
}

/** Fails after `ms` rather than waiting forever on a page or server that stopped answering. */
function within<T>(what: string, work: Promise<T>, ms = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`render bench: ${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Evaluates an expression in the page (a string: the bench runs through tsx, whose helpers do not exist there). */
const evaluate = <T>(page: Page, expression: string): Promise<T> => within('the page', page.evaluate(expression) as Promise<T>);

async function snapshot(page: Page, cdp: CDPSession): Promise<Snapshot> {
  const { metrics } = await within('CDP Performance.getMetrics', cdp.send('Performance.getMetrics'));
  const m = new Map(metrics.map(({ name, value }) => [name, value]));
  const counters = await evaluate<Omit<Snapshot, 'seconds' | 'task' | 'styleLayout'>>(page, COUNTERS);
  const ms = (name: string) => (m.get(name) ?? Number.NaN) * 1000;
  return {
    seconds: m.get('Timestamp') ?? Number.NaN,
    task: ms('TaskDuration'),
    styleLayout: ms('LayoutDuration') + ms('RecalcStyleDuration'),
    ...counters,
  };
}

async function measureWindow(page: Page, cdp: CDPSession, windowMs: number): Promise<WindowMeasure> {
  const before = await snapshot(page, cdp);
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = await snapshot(page, cdp);
  const longFrames = await evaluate<number[]>(page, `window.__renderBench.longFrames.slice(${before.longFrames}, ${after.longFrames})`);
  return {
    seconds: after.seconds - before.seconds,
    taskMs: after.task - before.task,
    styleLayoutMs: after.styleLayout - before.styleLayout,
    deltas: after.deltas - before.deltas,
    flushes: after.flushes - before.flushes,
    flushMs: after.flushMs - before.flushMs,
    reloads: after.reloads - before.reloads,
    longFrames,
  };
}

/** Opens the board as a clerk would and waits until it counts every shipment. */
async function openBoard(browser: Browser, scene: RenderScene): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript(LONG_FRAME_OBSERVER);
  await page.goto(`${scene.url}/?site=${scene.siteId}&token=${ADMIN_TOKEN}`);
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 60_000 });
  await page.waitForFunction(`document.querySelector('table.inbound')?.getAttribute('aria-rowcount') === '${scene.shipments + 1}'`, undefined, { timeout: 120_000, polling: 500 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/**
 * Drives updates while `during` runs, then waits (up to 30 s) until every delta of the accepted
 * pings reached the page, so none spills into the next window. Returns what `during` measured
 * and how many deltas never arrived (a reconnect loses them; the page then reloads its board).
 */
async function drive<T>(scene: RenderScene, page: Page, options: RenderOptions, during: () => Promise<T>): Promise<{ result: T; undelivered: number }> {
  const accepted = scene.driver.stats.accepted;
  const { deltas } = await evaluate<Snapshot>(page, COUNTERS);
  scene.driver.start(options.updatesPerSecond / options.shape.shipmentsPerDevice);
  const result = await during();
  await scene.driver.stop();
  const expected = deltas + (scene.driver.stats.accepted - accepted) * options.shape.shipmentsPerDevice;
  await page.waitForFunction(`window.__dockwatch.deltas >= ${expected}`, undefined, { timeout: 30_000, polling: 200 }).catch(() => {});
  const { deltas: received } = await evaluate<Snapshot>(page, COUNTERS);
  return { result, undelivered: Math.max(0, expected - received) };
}

export async function benchRender(options: RenderOptions, progress: (message: string) => void, onCleanup: (close: () => Promise<void>) => void): Promise<RenderReport> {
  const { devices, shipmentsPerDevice } = options.shape;
  await ensureChromium(progress);
  progress(`render bench: building the client and creating ${devices * shipmentsPerDevice} shipments on ${devices} devices`);
  const scene = await startRenderScene(options.shape, progress);
  onCleanup(() => scene.close());
  const browser = await launchChromium();
  onCleanup(() => browser.close());
  const { page, cdp } = await openBoard(browser, scene);
  progress(`render bench: board open with ${scene.shipments} rows; warming up (${options.warmupMs} ms of updates)`);
  await drive(scene, page, options, () => new Promise((resolve) => setTimeout(resolve, options.warmupMs)));
  let undelivered = 0;

  const runs: RenderRun[] = [];
  for (let rep = 1; rep <= options.reps; rep++) {
    // Alternate which window goes first, so neither always follows the other.
    const measureIdle = () => measureWindow(page, cdp, options.windowMs);
    const measureUpdates = async () => {
      const driven = await drive(scene, page, options, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000)); // let the stream settle before measuring
        return measureWindow(page, cdp, options.windowMs);
      });
      undelivered += driven.undelivered;
      return driven.result;
    };
    let idle: WindowMeasure;
    let updates: WindowMeasure;
    if (rep % 2 === 1) {
      idle = await measureIdle();
      updates = await measureUpdates();
    } else {
      updates = await measureUpdates();
      idle = await measureIdle();
    }
    runs.push({ rep, idle, updates });
    const d = derive({ rep, idle, updates });
    progress(
      `render rep ${rep}/${options.reps}: ${d.msPerBatch.toFixed(1)} ms per batch (${d.netMsPerBatch.toFixed(1)} ms net of idle), ` +
        `${d.batchesPerSecond.toFixed(1)} batches/s, ${Math.round(d.deltasPerSecond)} deltas/s; idle ${Math.round(d.idleBusyMsPerSecond)} ms/s busy`,
    );
    if (updates.reloads > 0) progress(`  the page reloaded its board ${updates.reloads} time(s) during the window (a reconnect or a version gap)`);
  }

  const staleRows = await countStaleRows(page, scene);
  if (staleRows > 0) progress(`render bench: ${staleRows} board row(s) behind the server after the run`);
  if (undelivered > 0) progress(`render bench: ${undelivered} delta(s) of accepted pings never reached the page`);
  const report: RenderReport = { options, shipments: scene.shipments, chromium: browser.version(), runs, staleRows, undelivered, driver: { ...scene.driver.stats } };
  if (report.driver.failed > 0) progress(`render bench: ${report.driver.failed} ping(s) failed, first: ${report.driver.firstError}`);
  return report;
}

/**
 * Scrolls the board from top to bottom a view at a time, as a clerk would, and collects the
 * version each row shows once rendered (rows far from the view are not in the page at all).
 */
const SHOWN_VERSIONS = `(async () => {
  const scroller = document.querySelector('.board-scroll');
  const shown = {};
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  for (let top = 0; ; top += scroller.clientHeight) {
    scroller.scrollTop = top;
    const view = scroller.getBoundingClientRect();
    for (let tries = 0; tries < 300; tries++) {
      await frame();
      const inView = [...scroller.querySelectorAll('tbody')].filter((g) => {
        const box = g.getBoundingClientRect();
        return box.bottom > view.top && box.top < view.bottom;
      });
      if (inView.every((g) => g.childElementCount > 0)) break;
    }
    for (const tr of scroller.querySelectorAll('tr[data-shipment-id]')) shown[tr.dataset.shipmentId] = Number(tr.dataset.version);
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
  }
  scroller.scrollTop = 0;
  return shown;
})()`;

/** Rows whose version differs from the server's board: the page must end up showing what the server has. */
async function countStaleRows(page: Page, scene: RenderScene): Promise<number> {
  const res = await fetch(`${scene.url}/api/v1/sites/${scene.siteId}/board`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: AbortSignal.timeout(60_000) });
  const board = (await res.json()) as { shipments: { id: string; version: number }[] };
  const shown = await within('the board scrolled through', page.evaluate(SHOWN_VERSIONS) as Promise<Record<string, number>>, 120_000);
  return board.shipments.filter((s) => shown[s.id] !== s.version).length;
}

/** Per-run figures the table reports. */
export function derive({ idle, updates }: RenderRun) {
  const idleBusyMsPerSecond = idle.taskMs / idle.seconds;
  const batchesPerSecond = updates.flushes / updates.seconds;
  const idleShareMs = idleBusyMsPerSecond / batchesPerSecond;
  return {
    msPerBatch: updates.taskMs / updates.flushes,
    netMsPerBatch: (updates.taskMs - idleBusyMsPerSecond * updates.seconds) / updates.flushes,
    idleShareMs,
    styleLayoutMsPerBatch: updates.styleLayoutMs / updates.flushes,
    storeMsPerBatch: updates.flushMs / updates.flushes,
    batchesPerSecond,
    deltasPerSecond: updates.deltas / updates.seconds,
    deltasPerBatch: updates.deltas / updates.flushes,
    busyMsPerSecond: updates.taskMs / updates.seconds,
    idleBusyMsPerSecond,
    longFramesPerSecond: updates.longFrames.length / updates.seconds,
    idleLongFramesPerSecond: idle.longFrames.length / idle.seconds,
    longFrameP50: percentile(updates.longFrames, 50),
    longFrameP95: percentile(updates.longFrames, 95),
    idleLongFrameP50: percentile(idle.longFrames, 50),
    idleLongFrameP95: percentile(idle.longFrames, 95),
  };
}

export function renderTable(report: RenderReport, machine: string, quick: boolean): string {
  const all = report.runs.map(derive);
  const med = (key: keyof ReturnType<typeof derive>) => median(all.map((d) => d[key]).filter(Number.isFinite));
  const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : 'n/a');
  const rate = (value: number, unit: string) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ${unit}` : 'n/a');
  const frames = (perSecond: number, p50: number, p95: number) => (perSecond > 0 ? `${rate(perSecond, '/s')}, p50 ${ms(p50)}, p95 ${ms(p95)}` : 'none');
  const perBatch = med('msPerBatch');
  const { updatesPerSecond, windowMs, shape } = report.options;
  const lines = [
    `| Render cost, ${report.shipments.toLocaleString('en-US')} active shipments on one board | ${updatesPerSecond} updates/s | Same page idle (baseline) |`,
    '| --- | ---: | ---: |',
    `| Main-thread time per update batch | ${ms(perBatch)} | — |`,
    `| … net of the idle page's share of a batch interval | ${ms(med('netMsPerBatch'))} | ${ms(med('idleShareMs'))} |`,
    `| … of which style + layout | ${ms(med('styleLayoutMsPerBatch'))} | — |`,
    `| … of which the store flush (apply deltas, map layer) | ${ms(med('storeMsPerBatch'))} | — |`,
    `| Update batches applied | ${rate(med('batchesPerSecond'), '/s')} | — |`,
    `| Deltas per batch | ${rate(med('deltasPerBatch'), '').trim()} | — |`,
    `| Deltas received | ${rate(med('deltasPerSecond'), '/s')} | — |`,
    `| Main thread busy | ${rate(med('busyMsPerSecond'), 'ms/s')} | ${rate(med('idleBusyMsPerSecond'), 'ms/s')} |`,
    `| Frames over 50 ms | ${frames(med('longFramesPerSecond'), med('longFrameP50'), med('longFrameP95'))} | ${frames(med('idleLongFramesPerSecond'), med('idleLongFrameP50'), med('idleLongFrameP95'))} |`,
  ];
  const verdict = perBatch < BATCH_GOAL_MS ? 'met' : 'not met';
  const footnote =
    `Goal: under ${BATCH_GOAL_MS} ms per batch: ${verdict}. Chromium ${report.chromium} (headless, no GPU, 1920×1080) on the built client, ` +
    `served by the real app (embedded backend, no map tiles, no alert sweep); ${shape.devices} devices × ${shape.shipmentsPerDevice} shipments, ` +
    `${updatesPerSecond / shape.shipmentsPerDevice} device pings/s over HTTP, each moving all of its device's shipments in one \`shipments:updated\` message. ` +
    `A batch is one animation frame that applied deltas (\`window.__dockwatch.flushes\`); main-thread time is CDP TaskDuration over ` +
    `${windowMs / 1000} s windows, idle and with updates alternately; frames over 50 ms from the long-animation-frame API. ` +
    `Medians of ${report.runs.length} runs; deltas lost on the way: ${report.undelivered}; board rows behind the server afterwards: ${report.staleRows}. ` +
    `${machine}; the server and Chromium share its CPUs.` +
    (quick ? ' Quick smoke run: not representative.' : '');
  return `${lines.join('\n')}\n\n${footnote}\n`;
}
