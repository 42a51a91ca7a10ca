import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage } from './browser';

/** Runs the demo exactly as `pnpm start` does after its client build, on a free port. */
describe('the one-command demo', () => {
  let demo: ChildProcess;
  let output = '';
  let dataDir: string;
  let browser: Browser;
  let link: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-demo-'));
    browser = await launchChromium();
    demo = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/demo.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: inject('clientDir'), TILE_URL: '', ADMIN_TOKEN: '', DATABASE_URL: '', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    link = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo printed no wall-screen link within 90 s:\n${output}`)), 90_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /Wall screen: +(\S+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      };
      demo.stdout!.on('data', onData);
      demo.stderr!.on('data', onData);
      demo.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) {
      demo.kill('SIGKILL');
      await once(demo, 'exit');
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds ~40 inbound shipments and shows a board in motion within seconds', async () => {
    expect(link).toMatch(/^http:\/\/localhost:\d+\/\?site=[0-9a-f-]{36}&token=dwt_/);
    expect(output).toContain('seeded 40 inbound shipments');
    // The wall-screen link opens the wall screen: every load in pages, trucks already on the road.
    const wall = await openPage(browser, link);
    await expect.poll(() => wall.page.locator('.wall-board tbody tr').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    const board = wall.page.locator('.wall-board');
    expect(Number(await board.getAttribute('data-pages')) * (await wall.page.locator('.wall-board tbody tr').count())).toBeGreaterThanOrEqual(35);
    await expect.poll(() => wall.page.locator('.wall-next-card [data-col="countdown"]', { hasText: /\d/ }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const wallDeltas = await wall.page.evaluate(() => window.__dockwatch!.deltas);
    await expect.poll(() => wall.page.evaluate(() => window.__dockwatch!.deltas), { timeout: 15_000 }).toBeGreaterThan(wallDeltas + 5);
    await wall.page.screenshot({ path: path.resolve('tests/artifacts/demo-wall.png') });
    expect(wall.errors).toEqual([]);
    await wall.page.context().close();

    // The desk board, signed in as the printed admin.
    const [, email, password] = /(admin@dockwatch\.demo) \/ (\S+)/.exec(output)!;
    const { page, errors } = await openPage(browser, `${new URL(link).origin}/?site=${new URL(link).searchParams.get('site')}`);
    await page.getByLabel('Email').fill(email!);
    await page.getByLabel('Password', { exact: true }).fill(password!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(35);
    // Trucks are already on the road: positions and ETAs, and rows changing while we watch.
    await expect.poll(() => page.locator('[data-col="eta"]', { hasText: /\d\d:\d\d/ }).count(), { timeout: 15_000 }).toBeGreaterThan(5);
    const deltasBefore = await page.evaluate(() => window.__dockwatch!.deltas);
    await expect.poll(() => page.evaluate(() => window.__dockwatch!.deltas), { timeout: 15_000 }).toBeGreaterThan(deltasBefore + 5);
    expect(await page.locator('.timeline .bar').count()).toBeGreaterThanOrEqual(35);
    // Bars are not clipped: each shows as much of its reference as fits inside it, and no more.
    const labels = await page.locator('.timeline .bar').evaluateAll((bars) =>
      bars.map((bar) => ({ text: bar.textContent ?? '', name: bar.getAttribute('aria-label') ?? '', spills: bar.scrollWidth > bar.clientWidth })),
    );
    expect(labels.filter((l) => l.spills)).toEqual([]);
    expect(labels.filter((l) => l.text !== '').length).toBeGreaterThan(labels.length / 2);
    for (const { text, name } of labels) {
      const reference = name.split(', ')[0]!;
      expect(text === reference || text === '' || (text.startsWith('…') && reference.endsWith(text.slice(1)))).toBe(true);
    }
    // A reference too long for its column keeps its end (what tells loads apart) in view.
    const lastCharInView = await page.locator('tbody tr td.ref').first().evaluate((td) => {
      const text = td.querySelector('bdi')!.firstChild as Text;
      const range = document.createRange();
      range.setStart(text, text.length - 1);
      range.setEnd(text, text.length);
      const char = range.getBoundingClientRect();
      const cell = td.getBoundingClientRect();
      return char.left >= cell.left && char.right <= cell.right;
    });
    expect(lastCharInView).toBe(true);
    await page.screenshot({ path: path.resolve('tests/artifacts/demo.png') });
    expect(errors).toEqual([]);
  });

  it('prints an admin login that signs in, and a carrier login that sees only its own loads', async () => {
    const base = new URL(link).origin;
    const signIn = async (who: string) => {
      const [, email, password] = new RegExp(`(${who}@dockwatch\\.demo) / (\\S+)`).exec(output)!;
      const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      expect(res.status).toBe(200);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    const adminCookie = await signIn('admin');
    const all = await (await fetch(`${base}/api/v1/shipments?limit=500`, { headers: { cookie: adminCookie } })).json();
    const carrierCookie = await signIn('carrier');
    const own = await (await fetch(`${base}/api/v1/shipments?limit=500`, { headers: { cookie: carrierCookie } })).json();
    expect(own.shipments.length).toBeGreaterThan(0);
    expect(own.shipments.length).toBeLessThan(all.shipments.length);
    expect(new Set(own.shipments.map((s: { carrierId: string }) => s.carrierId)).size).toBe(1);
  });

  it("prints a supplier login that sees the plant's demand for its parts and the shortage risk on the shared one", async () => {
    const [, email, password, sku] = /(supplier@dockwatch\.demo) \/ (\S+) \(.*?; (\S+) shared/.exec(output)!;
    for (const [viewport, name] of [
      [{ width: 1920, height: 1080 }, '1920'],
      [{ width: 390, height: 844 }, '390'],
    ] as const) {
      const { page, errors } = await openPage(browser, new URL(link).origin, viewport, 'de-DE');
      await page.locator('input[type="email"]').fill(email!);
      await page.locator('input[autocomplete="current-password"]').fill(password!);
      await page.locator('input[autocomplete="current-password"]').press('Enter');
      const part = page.locator('article.demand-material', { hasText: sku! });
      await part.waitFor();
      // The shortage comes once the late truck's first fixes show it late (the demo puts the part on
      // a late truck already on the road): the portal's demand is read when it opens, so look
      // again until it is there.
      await expect
        .poll(
          async () => {
            if ((await part.locator('.shortage-risk').count()) > 0) return true;
            await page.reload();
            await part.waitFor();
            return (await part.locator('.shortage-risk').count()) > 0;
          },
          { timeout: 90_000, interval: 3_000 },
        )
        .toBe(true);
      expect(await part.locator('.demand-strip .demand-day').count()).toBe(28);
      await part.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.resolve(`tests/artifacts/demo-supplier-demand-de-${name}.png`), fullPage: viewport.width > 1000 });
      expect(errors).toEqual([]);
      await page.context().close();
    }
    // A guard against hangs, not a speed check.
  }, 200_000);

  it('stops cleanly on SIGTERM', async () => {
    demo.kill('SIGTERM');
    const [code] = (await once(demo, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
