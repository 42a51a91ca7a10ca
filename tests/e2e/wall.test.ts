import type { DeviceCreated, Shipment } from '@dockwatch/shared';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createShipment, createWorld, fixAt, latForEta, PLANT, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');
const PLANNED = 36;
const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe('wall screen in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;
  let wallUrl: string;
  /** The truck due next: ETA about 12 min, window still open, on dock D2. */
  let next: Shipment;
  let atDock: Shipment;
  let exception: Shipment;
  const all: string[] = [];

  const step = (id: string, type: string, note?: string) =>
    server.app.inject({ method: 'POST', url: `/api/v1/shipments/${id}/events`, headers: server.staff, payload: note ? { type, note } : { type } });
  const ping = (device: { token: string }, fix: object) => server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: { authorization: `Bearer ${device.token}` }, payload: fix });
  const count = (page: Page, name: string) => page.locator(`[data-count="${name}"] .wall-count-value`).textContent();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-wall-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    // Late: its window closed an hour ago and the truck is still on the road.
    world = await createWorld(server, { dock: 'D1', windowStart: minutes(-90), windowEnd: minutes(-60) });
    await ping({ token: world.deviceAuth.authorization.slice(7) }, fixAt(latForEta(40), PLANT.lon, 0, { speed: 20 }));
    const device = (await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff, payload: { name: 'Truck 2' } })).json<DeviceCreated>();
    next = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: device.id, dock: 'D2', windowStart: minutes(-5), windowEnd: minutes(40) });
    await ping(device, fixAt(latForEta(12), PLANT.lon, 0, { speed: 20 }));
    atDock = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, dock: 'D1', windowStart: minutes(-40), windowEnd: minutes(-10) });
    for (const type of ['arrived', 'at_dock']) await step(atDock.id, type);
    exception = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, dock: 'D2', windowStart: minutes(-30), windowEnd: minutes(0) });
    await step(exception.id, 'arrived');
    await step(exception.id, 'exception', 'Pallets crushed, 3 of 12');
    all.push(world.shipment.id, next.id, atDock.id, exception.id);
    for (let i = 0; i < PLANNED; i++) {
      const s = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, dock: i % 2 ? 'D1' : 'D2', windowStart: minutes(120 + i * 10), windowEnd: minutes(150 + i * 10) });
      all.push(s.id);
    }
    const wall = await createToken(server, { name: 'Dock office', role: 'viewer', siteIds: [world.site.id] });
    wallUrl = `${server.url}/?site=${world.site.id}&token=${wall.token}`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens a viewer link on the wall: large type, no controls, the counts, next arrivals and doors', async () => {
    const { page, errors } = await openPage(browser, wallUrl);
    await page.locator('.wall').waitFor();
    await page.locator('.wall-board tbody tr').first().waitFor();
    // Nothing to click: no filters, no toggles, no pickers on a read-only wall.
    expect(await page.locator('.wall input, .wall select, .wall-controls, .filters').count()).toBe(0);
    const cellPx = await page.locator('.wall-board tbody td').first().evaluate((td) => parseFloat(getComputedStyle(td).fontSize));
    expect(cellPx).toBeGreaterThanOrEqual(24);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');

    expect(await count(page, 'late')).toBe('1');
    expect(await count(page, 'next')).toBe('1');
    expect(await count(page, 'yard')).toBe('2');
    // The next truck leads the strip, with its door and a countdown.
    const first = page.locator('.wall-next-card').first();
    expect(await first.getAttribute('data-shipment-id')).toBe(next.id);
    expect(await first.locator('.wall-door').textContent()).toBe('Door D2');
    expect(await first.locator('[data-col="countdown"]').textContent()).toMatch(/^in \d+ min$/);
    // Door D1 has a truck at it; D2 is free with the next one coming.
    const d1 = page.locator('.wall-doors li[data-dock="D1"]');
    expect(await d1.locator('[data-col="at-door"]').textContent()).toContain(atDock.reference.slice(-8));
    expect(await d1.locator('[data-col="at-door"]').textContent()).toContain('At dock');
    const d2 = page.locator('.wall-doors li[data-dock="D2"]');
    expect(await d2.locator('[data-col="at-door"]').textContent()).toContain('Free');
    // The exception stands out in a word and a symbol, not only a colour.
    const row = page.locator(`.wall-board tr[data-shipment-id="${exception.id}"]`);
    expect(await row.getAttribute('class')).toContain('is-exception');
    expect(await row.locator('[data-col="status"]').textContent()).toBe('⚠ Exception');
    for (const chip of await page.locator('.wall-board [data-col="window-status"]').allTextContents()) expect(chip).toMatch(/^[◀●▲■○] \p{L}/u);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-1920.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('turns its pages by the clock so every load shows within a minute', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() });
    await page.goto(wallUrl);
    await page.locator('.wall-board tbody tr').first().waitFor();
    const board = page.locator('.wall-board');
    const pages = Number(await board.getAttribute('data-pages'));
    const pageMs = Number(await board.getAttribute('data-page-ms'));
    expect(pages).toBeGreaterThan(1);
    expect(pages * pageMs).toBeLessThanOrEqual(60_000);
    const seen = new Set<string>();
    for (let i = 0; i < pages; i++) {
      const shown = await page.locator('.wall-board tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-shipment-id')!));
      shown.forEach((id) => seen.add(id));
      const before = await board.getAttribute('data-page');
      await page.clock.fastForward(pageMs);
      await expect.poll(() => board.getAttribute('data-page')).not.toBe(before);
    }
    expect([...seen].sort()).toEqual([...all].sort());
    await context.close();
  });

  it('reads in German from a German browser, on the 24-hour clock', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(wallUrl);
    await page.locator('.wall-board tbody tr').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('[data-count="late"] .wall-count-name').textContent()).toBe('■ Verspätet');
    expect(await page.locator('.wall-next h2').textContent()).toBe('Nächste Ankünfte');
    expect(await page.locator(`.wall-board tr[data-shipment-id="${exception.id}"] [data-col="status"]`).textContent()).toBe('⚠ Störung');
    const windows = await page.locator('.wall-board [data-col="window"]').allTextContents();
    for (const w of windows) expect(w).toMatch(/^\d{2}:\d{2}( [+−]\d+ T)?–\d{2}:\d{2}/);
    expect(await page.locator('.wall-clock .clock').textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await page.locator('.wall').textContent()).not.toMatch(/\b(AM|PM)\b/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-de.png') });
    await context.close();
  });

  it('is a switch for staff, remembered in the browser, with the dark theme as a choice of its own', async () => {
    const { page } = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`);
    await page.locator('.board-panel').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await page.getByRole('button', { name: 'Wall screen' }).click();
    await page.locator('.wall').waitFor();
    await page.reload();
    await page.locator('.wall').waitFor();
    await page.getByRole('button', { name: 'Wall screen' }).click();
    await page.locator('.board-panel').waitFor();
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    const panel = await page.locator('.board-panel').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(panel).toBe('rgb(16, 27, 34)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'board-dark.png') });
    await page.context().close();
  });

  it('switches language on the desk board and keeps it after a reload', async () => {
    const { page } = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`);
    await page.locator('.board-panel').waitFor();
    await page.getByLabel('Language').selectOption('de');
    await expect.poll(() => page.locator('.board thead').textContent()).toContain('Zeitfenster');
    await page.reload();
    await page.locator(`tr[data-shipment-id="${exception.id}"]`).waitFor();
    expect(await page.locator(`tr[data-shipment-id="${exception.id}"] [data-col="status"]`).textContent()).toBe('Störung');
    expect(await page.getByRole('button', { name: 'Abmelden' }).count()).toBe(0);
    await page.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => page.locator('.board thead').textContent()).toContain('Window');
    await page.context().close();
  });
});
