import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SupplierDemand } from '@dockwatch/shared';
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
      // Another part's chart on a click, then its 4 weeks.
      await panel(page).locator('tr[data-sku="BRK-118"]').click();
      await panel(page).locator('figure.coverage-chart[data-material="BRK-118"]').waitFor();
      await panel(page).getByRole('button', { name: '4 weeks' }).click();
      await panel(page).locator('figure.coverage-chart[data-material="BRK-118"][data-hours="672"]').waitFor();
      // Filtered by line, only that line's parts are left.
      await panel(page).getByLabel('Line').selectOption('L3');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-sku')))).toEqual(['HYD-220']);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('lets a planner import a materials file (a bad one changes nothing and says where), add stock and see the part covered', async () => {
    const { page, errors } = await openPage(browser, boardUrl(), { width: 1366, height: 768 });
    await page.locator('[data-connection="connected"]').waitFor();
    await page.getByRole('button', { name: 'Coverage' }).click();
    await panel(page).locator('tbody tr').first().waitFor();
    const file = panel(page).locator('input[type="file"]');
    await file.setInputFiles({ name: 'materials.csv', mimeType: 'text/csv', buffer: Buffer.from('sku,description,unit,safety_stock,safety_stock_hours,suppliers,line\nNUT-7,Hex nut,pcs,abc,,Würth,L1\n') });
    const problem = panel(page).locator('.material-message.error');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/line 2/);
    expect(await panel(page).locator('tr[data-sku="NUT-7"]').count()).toBe(0);

    await file.setInputFiles({ name: 'materials.csv', mimeType: 'text/csv', buffer: Buffer.from('sku,description,unit,safety_stock,safety_stock_hours,suppliers,line\nNUT-7,Hex nut,pcs,10,,Würth,L1\n') });
    await panel(page).locator('.material-message.ok').waitFor();
    const nut = panel(page).locator('tr[data-sku="NUT-7"]');
    await nut.waitFor();
    expect(await nut.locator('[data-col="status"]').innerText()).toContain('Not counted');
    await nut.click();
    await panel(page).getByRole('button', { name: 'Count NUT-7' }).click();
    await panel(page).getByLabel('Counted (pcs)').fill('500');
    await panel(page).getByRole('button', { name: 'Save' }).click();
    await panel(page).locator('tr[data-sku="NUT-7"][data-status="covered"]').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-tools-1366.png') });
    // The refused file's 400 is the one console line the browser writes by itself.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.context().close();
  });

  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 390, height: 844 },
  ]) {
    it(`lets a planner share a part's stock and cover with its supplier, off by default and saved at once, at ${viewport.width} px`, async () => {
      const sharedWithBosch = async () => {
        const res = await server.app.inject({ url: `/api/v1/supplier/demand?siteId=${world.site.id}&supplier=${encodeURIComponent('Bosch Rexroth')}`, headers: server.staff });
        return res.json<SupplierDemand>().materials.find((m) => m.sku === 'BRK-118')!.shared;
      };
      const { page, errors } = await openPage(browser, boardUrl(), viewport);
      await page.locator('[data-connection="connected"]').waitFor();
      await page.getByRole('button', { name: 'Coverage' }).click();
      await panel(page).locator('tr[data-sku="BRK-118"]').click();
      const sharing = panel(page).getByRole('region', { name: 'BRK-118 shared with its suppliers' });
      const box = sharing.getByRole('checkbox', { name: 'Bosch Rexroth: stock, cover and shortage risk' });
      await expect.poll(() => box.isEnabled()).toBe(true);
      expect(await box.isChecked()).toBe(viewport.width !== 1366); // the first run shared it
      if (viewport.width === 1366) {
        expect(await sharedWithBosch()).toBe(false);
        await box.check();
        await expect.poll(sharedWithBosch).toBe(true);
        await sharing.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(ARTIFACTS, `coverage-sharing-${viewport.width}.png`) });
      } else {
        await sharing.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(ARTIFACTS, `coverage-sharing-${viewport.width}.png`) });
        await box.uncheck();
        await expect.poll(sharedWithBosch).toBe(false);
        await expect.poll(() => box.isEnabled()).toBe(true);
        expect(await box.isChecked()).toBe(false);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it("shows a supplier's disruption notice on the part's chart and on the load that carries it", async () => {
    const posted = await call('POST', '/api/v1/notices', {
      cause: 'strike',
      effect: 'capacity_down',
      startsAt: new Date(Date.now() + 2 * H).toISOString(),
      endsAt: new Date(Date.now() + 20 * H).toISOString(),
      siteIds: [world.site.id],
      skus: ['HYD-220'],
      text: 'Warning strike at the Lohr plant',
      partner: { type: 'supplier', name: 'Bosch Rexroth' },
    });
    const { page, errors } = await openPage(browser, boardUrl(), { width: 1366, height: 768 });
    await page.locator('[data-connection="connected"]').waitFor();
    await page.getByRole('button', { name: 'Coverage' }).click();
    await panel(page).locator('tr[data-sku="HYD-220"]').click();
    await panel(page).locator(`.coverage-chart .notice-mark[data-notice-id="${posted.id}"]`).waitFor();
    const lines = panel(page).getByRole('region', { name: 'Disruption notices on HYD-220' });
    expect(await lines.innerText()).toContain('Warning strike at the Lohr plant');
    await panel(page).locator('.coverage-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-notice-1366.png') });
    // The load carrying HYD-220 says so in its panel.
    await page.keyboard.press('Escape');
    await page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).click();
    const onLoad = page.locator('aside.shipment-panel').getByRole('region', { name: 'Disruption notices on this load' });
    expect(await onLoad.innerText()).toContain('Warning strike at the Lohr plant');
    await page.screenshot({ path: path.join(ARTIFACTS, 'shipment-notice-1366.png') });
    // Closed, it leaves both.
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/notices/${posted.id}/close`, headers: server.staff })).statusCode).toBe(200);
    await expect.poll(() => onLoad.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('marks a load whose lateness stops a line the moment its truck reports, and shows each part’s cover beside it, in German too', async () => {
    const now = Date.now();
    const late = await createWorld(server, { items: [{ sku: 'VLV-500', description: 'Ventilblock', quantity: 300 }, { sku: 'GSK-9', description: 'Dichtung', quantity: 50 }], windowStart: new Date(now + H).toISOString(), windowEnd: new Date(now + 1.5 * H).toISOString() });
    await call('POST', `/api/v1/sites/${late.site.id}/imports`, 'sku,description,unit,safety_stock_hours,suppliers,line\nVLV-500,Ventilblock,pcs,1,Bosch Rexroth,L2\nGSK-9,Dichtung,pcs,,Freudenberg,L2\n', 'text/csv');
    const stockAt = new Date(now - 60_000).toISOString();
    await call('POST', `/api/v1/sites/${late.site.id}/imports`, `sku,quantity,counted_at\nVLV-500,60,${stockAt}\nGSK-9,9000,${stockAt}\n`, 'text/csv');
    const from = Math.floor(now / H) * H;
    // A day of demand: with the load in its window the part holds.
    const rows = ['VLV-500', 'GSK-9'].flatMap((sku) => Array.from({ length: 24 }, (_, i) => `${sku},${new Date(from + i * H).toISOString()},${new Date(from + (i + 1) * H).toISOString()},10`));
    await call('POST', `/api/v1/sites/${late.site.id}/imports`, `sku,from,to,quantity\n${rows.join('\n')}\n`, 'text/csv');

    const { page, errors } = await openPage(browser, `${server.url}/?site=${late.site.id}&token=${ADMIN_TOKEN}`, { width: 1366, height: 768 }, 'de-DE');
    await page.locator('[data-connection="connected"]').waitFor();
    const row = page.locator(`tr[data-shipment-id="${late.shipment.id}"]`);
    await row.waitFor();
    await row.click();
    const parts = page.locator('aside.shipment-panel');
    // Before the truck reports it is due in its window: both parts covered.
    await parts.locator('li[data-sku="VLV-500"] [data-cover="covered"]').waitFor();
    expect(await row.locator('[data-col="line-stop"]').count()).toBe(0);

    // The truck reports from 8 h out: the 60 on hand last 6 h, so the load comes too late for L2.
    const ping = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: late.deviceAuth, payload: { pings: [fixAtTime(latForEta(8 * 60), PLANT.lon, Date.now(), { speed: 20 })] } });
    expect(ping.statusCode).toBe(202);
    await row.locator('[data-col="line-stop"]').waitFor();
    await parts.locator('li[data-sku="VLV-500"] [data-cover="stops"]').waitFor();
    expect(await parts.locator('li[data-sku="VLV-500"] .part-cover').innerText()).toMatch(/reicht bis .* an L2: diese Lieferung kommt dafür zu spät/);
    expect(await parts.locator('li[data-sku="GSK-9"] .part-cover').innerText()).toMatch(/^gedeckt/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-board-de-1366.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
