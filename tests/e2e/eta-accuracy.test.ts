import type { DeviceCreated } from '@dockwatch/shared';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { embedded } from '../integration/helpers/backends';
import { createShipment, createWorld, fixAt, PLANT, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { cell, launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');
const MIN = 60_000;

describe('ETA accuracy panel in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;

  const boardUrl = () => `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`;
  const panel = (page: Page) => page.getByRole('dialog', { name: 'ETA accuracy' });
  const figure = (page: Page, period: string, lead: number, col: string) =>
    panel(page).locator(`table[data-period="${period}"] tr[data-lead="${lead} min"] [data-col="${col}"]`).innerText();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-accuracy-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server);
    // Trucks on the road, for a board with ETAs and their bands.
    for (const [i, lat] of [48.45, 48.7, 49.1].entries()) {
      const device = (await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff, payload: { name: `Truck ${i + 2}` } })).json<DeviceCreated>();
      await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: device.id, dock: i % 2 ? 'D1' : 'D2' });
      await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: { authorization: `Bearer ${device.token}` }, payload: fixAt(lat, PLANT.lon, 0, { speed: 22 }) });
    }
    // A load that arrived just now, whose ETA was 10 min late from 150 min out and 4 min late from 45 min out.
    const arrivedAt = Math.floor(Date.now() / 1000) * 1000;
    const done = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id });
    await server.app.alertRepository.recordEta(server.app.db, done.id, new Date(arrivedAt - 150 * MIN), new Date(arrivedAt + 10 * MIN), 'on_time');
    await server.app.alertRepository.recordEta(server.app.db, done.id, new Date(arrivedAt - 45 * MIN), new Date(arrivedAt + 4 * MIN), 'on_time');
    const arrived = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${done.id}/events`, headers: server.staff, payload: { type: 'arrived', ts: new Date(arrivedAt).toISOString() } });
    expect(arrived.statusCode).toBe(201);
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
    it(`shows the site's ETA error by lead time for 7 and 30 days, loaded on open, at ${viewport.width} px`, async () => {
      const { page, errors } = await openPage(browser, boardUrl(), viewport);
      await page.locator('[data-connection="connected"]').waitFor();
      // The board shows the ETA band beside the best estimate.
      const tracked = page.locator('tr[data-shipment-id] [data-col="eta"]', { hasText: '(' }).first();
      await tracked.waitFor();
      expect(await tracked.innerText()).toMatch(/^\d\d:\d\d( [+−]\d+d)? \(\d\d:\d\d–\d\d:\d\d( [+−]\d+d)?\)$/);
      expect(await cell(page, world.shipment.id, 'eta').innerText()).toBe('—');
      await page.screenshot({ path: path.join(ARTIFACTS, `accuracy-board-${viewport.width}.png`) });

      // Below 1700 px the header keeps ETA accuracy behind its menu.
      const menu = page.getByRole('button', { name: 'Menu' });
      if (viewport.width < 1700) await menu.click();
      await page.getByRole('button', { name: 'ETA accuracy' }).click();
      await panel(page).locator('table[data-period="7d"]').waitFor();
      for (const period of ['7d', '30d']) {
        expect(await figure(page, period, 120, 'median')).toBe('10 min');
        expect(await figure(page, period, 60, 'p90')).toBe('10 min');
        expect(await figure(page, period, 30, 'median')).toBe('4 min');
        expect(await figure(page, period, 15, 'within')).toBe('100 %');
        expect(await figure(page, period, 15, 'n')).toBe('1');
      }
      // Readable at every width: the panel fits the screen without scrolling sideways.
      const fits = await panel(page).evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth);
      expect(fits).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, `accuracy-panel-${viewport.width}.png`) });

      // Escape closes it; opening it again asks the server again.
      await page.keyboard.press('Escape');
      await expect.poll(() => panel(page).count()).toBe(0);
      const asked = page.waitForRequest((r) => r.url().endsWith(`/api/v1/sites/${world.site.id}/eta-accuracy`));
      if (viewport.width < 1700) await menu.click();
      await page.getByRole('button', { name: 'ETA accuracy' }).click();
      await asked;
      await panel(page).getByRole('button', { name: 'Close ETA accuracy' }).click();
      await expect.poll(() => panel(page).count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
