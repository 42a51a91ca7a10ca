import type { Shipment } from '@dockwatch/shared';
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

describe('inbound board in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;

  const boardUrl = () => `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`;
  const ping = (fix: object, auth = world.deviceAuth) => server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: auth, payload: fix });
  const markerAt = (page: Page, id: string) => page.evaluate((shipmentId) => window.__dockwatch!.markerAt(shipmentId), id);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server);
    // A busy morning: enough rows to scroll.
    for (let i = 0; i < 30; i++) {
      await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, dock: i % 2 ? 'D1' : 'D2', windowStart: new Date(Date.now() + (100 + i * 10) * 60_000).toISOString(), windowEnd: new Date(Date.now() + (130 + i * 10) * 60_000).toISOString() });
    }
    await ping(fixAt(48.5, 11.6, 30, { speed: 25 }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens a deep link with no clicks, and moves the row and the marker live without a reload', async () => {
    const { page, errors } = await openPage(browser, boardUrl());
    const row = page.locator(`tr[data-shipment-id="${world.shipment.id}"]`);
    await row.waitFor();
    // The token moved out of the address bar; the site stays in it for the wall screen.
    expect(page.url()).toBe(`${server.url}/?site=${world.site.id}`);
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
    expect(await page.locator('tbody tr').count()).toBe(31);
    expect(await markerAt(page, world.shipment.id)).toEqual({ lat: 48.5, lon: 11.6 });
    const etaBefore = await cell(page, world.shipment.id, 'eta').textContent();
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

    // The truck gets much closer: earlier ETA, new marker position.
    const near = fixAt(48.2, 11.59, 0, { speed: 25 });
    expect((await ping(near)).statusCode).toBe(202);
    await expect.poll(() => row.getAttribute('data-version')).toBe('3');
    await expect.poll(() => cell(page, world.shipment.id, 'eta').textContent()).not.toBe(etaBefore);
    await expect.poll(() => markerAt(page, world.shipment.id)).toEqual({ lat: 48.2, lon: 11.59 });
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    expect(await cell(page, world.shipment.id, 'age').textContent()).toMatch(/\d+ s ago/);

    await page.screenshot({ path: path.join(ARTIFACTS, 'board.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps scroll position and selection through live updates, and links row and marker selection', async () => {
    const { page } = await openPage(browser, boardUrl(), { width: 1280, height: 720 });
    const row = page.locator(`tr[data-shipment-id="${world.shipment.id}"]`);
    await row.waitFor();
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await page.locator('.shipment-panel h2', { hasText: world.shipment.reference }).waitFor();
    const scroller = page.locator('.board-scroll');
    await scroller.evaluate((el) => (el.scrollTop = 200));

    await ping(fixAt(48.19, 11.59, 0, { speed: 25 }));
    await expect.poll(() => row.getAttribute('data-version')).toBe('4');
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(200);
    expect(await row.getAttribute('aria-selected')).toBe('true');

    // Keyboard: the next row takes the selection and the panel follows.
    await row.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('false');
    expect(await page.locator('tr[aria-selected="true"]').count()).toBe(1);

    // Rows come in groups of 25 (rendered only near the view): the arrow keys cross them.
    const rows = page.locator('tbody tr');
    await rows.nth(24).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows.nth(25).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => rows.nth(24).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('tbody').count()).toBe(2);
    await page.context().close();
  });

  it('filters by free text, dock and window status', async () => {
    const { page } = await openPage(browser, boardUrl());
    await page.locator('tbody tr').first().waitFor();
    await page.getByLabel('Search shipments').fill(world.shipment.reference);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Search shipments').fill('');
    await page.getByLabel('Dock', { exact: true }).selectOption('D1');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(15);
    await page.getByLabel('Dock', { exact: true }).selectOption('all');
    await page.getByLabel('Window status', { exact: true }).selectOption('unknown');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(30);
    await page.context().close();
  });

  it('records a clerk action in one browser and shows it in another at once', async () => {
    const clerk = await openPage(browser, boardUrl());
    const wall = await openPage(browser, boardUrl());
    for (const { page } of [clerk, wall]) await page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).waitFor();
    await expect.poll(() => wall.page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');

    await clerk.page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).click();
    await clerk.page.getByRole('button', { name: 'Mark arrived' }).click();
    await expect.poll(() => cell(wall.page, world.shipment.id, 'status').textContent()).toBe('Arrived');
    await expect.poll(() => cell(clerk.page, world.shipment.id, 'status').textContent()).toBe('Arrived');

    // Only the steps that can follow are offered.
    expect(await clerk.page.getByRole('button', { name: 'Mark arrived' }).isDisabled()).toBe(true);
    await clerk.page.getByRole('button', { name: 'Exception…' }).click();
    await clerk.page.getByLabel('What happened?').fill('Pallets <b>crushed</b>, 3 of 12');
    await clerk.page.getByRole('button', { name: 'Record exception' }).click();
    await expect.poll(() => cell(wall.page, world.shipment.id, 'status').textContent()).toBe('Exception');
    // Highlighted on the board: an edge and ⚠ before the word, not colour alone.
    const status = cell(wall.page, world.shipment.id, 'status');
    expect(await status.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"⚠ "');
    expect(await wall.page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).evaluate((tr) => getComputedStyle(tr).boxShadow)).toContain('inset');
    const events = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff })).json<{ events: { type: string; note: string | null; source: string }[] }>();
    expect(events.events.slice(-2)).toMatchObject([
      { type: 'arrived', source: 'staff' },
      { type: 'exception', note: 'Pallets <b>crushed</b>, 3 of 12' },
    ]);
    // The exception and its note are in the shipment's history, highlighted.
    const noted = clerk.page.locator('.history-list li.history-exception');
    await expect.poll(() => noted.textContent()).toContain('Exception · Pallets <b>crushed</b>, 3 of 12');
    expect(await clerk.page.locator('.history-list b').count()).toBe(0);

    // Received asks for the counted quantities, starting at the notice's.
    await clerk.page.getByRole('button', { name: 'Received…' }).click();
    const counted = clerk.page.getByLabel('Received quantity of HYD-200');
    expect(await counted.inputValue()).toBe('40');
    await counted.fill('36');
    await clerk.page.locator('.shipment-panel').screenshot({ path: path.join(ARTIFACTS, 'received-quantities.png') });
    await clerk.page.getByRole('button', { name: 'Confirm received' }).click();
    // Received leaves the board everywhere, and can be undone for a few minutes.
    await expect.poll(() => wall.page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).count()).toBe(0);
    const undoBar = clerk.page.locator('.undo-bar');
    expect(await undoBar.textContent()).toMatch(/received\. Undo within 5 min/);
    await clerk.page.screenshot({ path: path.join(ARTIFACTS, 'received-undo.png') });
    const receipts = async () => (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/receipts`, headers: server.staff })).json<{ receipts: { undoneAt: string | null; items: { sku: string; expectedQuantity: number; quantity: number }[] }[] }>().receipts;
    expect((await receipts())[0]).toMatchObject({ undoneAt: null, items: [{ sku: 'HYD-200', expectedQuantity: 40, quantity: 36 }] });
    await undoBar.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => cell(wall.page, world.shipment.id, 'status').textContent()).toBe('Exception');
    // The bar changes when the clerk's page has the answer, which may come after the wall's socket update.
    await expect.poll(() => undoBar.textContent()).toContain('undone');
    expect((await receipts())[0]!.undoneAt).not.toBeNull();
    await clerk.page.context().close();
    await wall.page.context().close();
  });

  it('shows the outage and recovers the board after the server restarts', async () => {
    const { page } = await openPage(browser, boardUrl());
    const other = (await server.app.inject({ url: `/api/v1/shipments?siteId=${world.site.id}&active=true&limit=1`, headers: server.staff })).json<{ shipments: Shipment[] }>().shipments[0]!;
    await page.locator(`tr[data-shipment-id="${other.id}"]`).waitFor();
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
    const reloadsBefore = await page.evaluate(() => window.__dockwatch!.reloads);

    const port = Number(new URL(server.url).port);
    await server.close();
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection'), { timeout: 15_000 }).toBe('reconnecting');

    server = await startServer(embedded, { dataDir, port, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    // Changed while the browser may still be away: it must show up from the snapshot or the socket.
    await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${other.id}/events`, headers: server.staff, payload: { type: 'delayed' } });
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection'), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => cell(page, other.id, 'status').textContent(), { timeout: 10_000 }).toBe('Delayed');
    expect(await page.evaluate(() => window.__dockwatch!.reloads)).toBeGreaterThan(reloadsBefore);
    await page.context().close();
  });

  it('keeps the map usable without tile access, with no error storm', async () => {
    const offline = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir') } });
    try {
      const site = (await offline.app.inject({ method: 'POST', url: '/api/v1/sites', headers: offline.staff, payload: { name: 'Offline plant', ...PLANT, timezone: 'Europe/Berlin' } })).json<{ id: string }>();
      const { page, errors } = await openPage(browser, `${offline.url}/?site=${site.id}&token=${ADMIN_TOKEN}`);
      await page.locator('.tiles-note').waitFor({ timeout: 15_000 });
      await page.mouse.move(1500, 400);
      await page.mouse.wheel(0, -400);
      await page.waitForLoadState('networkidle');
      // The one probe tile fails; the map does not keep asking for tiles it cannot get.
      expect(errors.length).toBeLessThanOrEqual(1);
      expect(await page.locator('.leaflet-tile').count()).toBe(0);
      expect(await page.locator('.site-marker').count()).toBe(1);
      // Instead of a grey background: the packaged country outlines with their names, and distance rings around the site.
      await expect.poll(() => page.locator('.country-label', { hasText: 'Germany' }).count()).toBe(1);
      expect(await page.locator('.leaflet-outlines-pane canvas').count()).toBe(1);
      expect(await page.locator('.ring-label').allTextContents()).toEqual(['10 km', '25 km', '50 km', '100 km', '200 km', '400 km']);
      expect(await page.locator('.tiles-note').textContent()).toContain('country outlines and distance rings');
      await page.locator('.map-panel').screenshot({ path: path.join(ARTIFACTS, 'map-offline.png') });
      await page.context().close();
    } finally {
      await offline.close();
    }
  });
});
