import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { embedded } from '../integration/helpers/backends';
import { createWorld, fixAtTime, latForEta, PLANT, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');
const H = 3_600_000;

describe('material coverage in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;

  const boardUrl = () => `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`;
  const panel = (page: Page) => page.getByRole('dialog', { name: 'Material coverage' });
  const call = async (method: 'POST' | 'PUT', url: string, payload: object | string, contentType?: string) => {
    const res = await server.app.inject({ method, url, headers: { ...server.staff, ...(contentType ? { 'content-type': contentType } : {}) }, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<{ id: string }>();
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-coverage-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    const now = Date.now();
    // The truck with the only delivery of HYD-220 is 11 h out; the line uses 10 an hour of the 100 on hand.
    world = await createWorld(server, { items: [{ sku: 'HYD-220', description: 'Hydraulic valve block', quantity: 400 }], windowStart: new Date(now + H).toISOString(), windowEnd: new Date(now + 1.5 * H).toISOString() });
    await call('POST', `/api/v1/sites/${world.site.id}/imports`, 'sku,description,unit,safety_stock_hours,suppliers,line\nHYD-220,Hydraulic valve block,pcs,2,Bosch Rexroth,L3\nBRK-118,Brake caliper,pcs,,Bosch Rexroth,L1\n', 'text/csv');
    const stockAt = new Date(now - 60_000).toISOString();
    await call('POST', `/api/v1/sites/${world.site.id}/imports`, `sku,quantity,counted_at\nHYD-220,100,${stockAt}\nBRK-118,5000,${stockAt}\n`, 'text/csv');
    const from = Math.floor(now / H) * H;
    const rows = ['HYD-220', 'BRK-118'].flatMap((sku) => Array.from({ length: 48 }, (_, i) => `${sku},${new Date(from + i * H).toISOString()},${new Date(from + (i + 1) * H).toISOString()},10`));
    await call('POST', `/api/v1/sites/${world.site.id}/imports`, `sku,from,to,quantity\n${rows.join('\n')}\n`, 'text/csv');
    const ping = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: { pings: [fixAtTime(latForEta(11 * 60), PLANT.lon, now, { speed: 20 })] } });
    expect(ping.statusCode).toBe(202);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
    { width: 390, height: 844 },
  ]) {
    it(`lists the part that runs out first, names the late truck, and charts its stock, at ${viewport.width} px`, async () => {
      const { page, errors } = await openPage(browser, boardUrl(), viewport);
      await page.locator('[data-connection="connected"]').waitFor();
      await page.getByRole('button', { name: 'Coverage' }).click();
      const rows = panel(page).locator('tbody tr');
      await rows.first().waitFor();
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-sku')))).toEqual(['HYD-220', 'BRK-118']);
      const critical = panel(page).locator('tr[data-sku="HYD-220"]');
      expect(await critical.locator('[data-col="status"]').innerText()).toContain('Runs out');
      expect(await critical.locator('[data-col="next"]').innerText()).toContain('late: stops the line');
      expect(await panel(page).locator('tr[data-sku="BRK-118"] [data-col="status"]').innerText()).toContain('Covered');
      await panel(page).locator('figure.coverage-chart[data-material="HYD-220"] polyline.line-pessimistic').waitFor();
      // Nothing a planner needs is cut off or behind a sideways scroll, down to a phone.
      const fits = await panel(page).evaluate((el) => {
        const cells = [...el.querySelectorAll('tbody [data-col]')].map((c) => c.getBoundingClientRect());
        return el.getBoundingClientRect().right <= window.innerWidth + 1 && cells.every((r) => r.right <= window.innerWidth + 1 && r.left >= -1);
      });
      expect(fits).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, `coverage-${viewport.width}.png`) });
      // Another part's chart on a click.
      await panel(page).locator('tr[data-sku="BRK-118"]').click();
      await panel(page).locator('figure.coverage-chart[data-material="BRK-118"]').waitFor();
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
