import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { embedded } from '../integration/helpers/backends';
import { createShipment, createWorld, fixAt, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { WINDOW_STATUS_STYLE } from '../../client/src/board/window-status';
import { launchChromium, openPage } from './browser';

const ROWS = 200;

/** Whether the row is inside the board's scrolled view, clear of the sticky header. */
const rowInView = (page: Page, id: string) =>
  page.evaluate((shipmentId) => {
    const scroller = document.querySelector('.board-scroll')!.getBoundingClientRect();
    const header = document.querySelector('.board thead')!.getBoundingClientRect();
    const row = document.querySelector(`tr[data-shipment-id="${shipmentId}"]`)?.getBoundingClientRect();
    return !!row && row.top >= header.bottom - 1 && row.bottom <= scroller.bottom + 1;
  }, id);

/** The colour the map's marker canvas shows at the centre of a shipment's marker, as `#rrggbb`. */
const canvasColorAt = (page: Page, id: string) =>
  page.evaluate((shipmentId) => {
    const at = window.__dockwatch!.markerPoint(shipmentId);
    const canvas = document.querySelector<HTMLCanvasElement>('.leaflet-shipments-pane canvas');
    if (!at || !canvas) return null;
    const box = canvas.getBoundingClientRect();
    const scale = canvas.width / box.width;
    // The canvas is transparent but for its markers: a pixel's colour is the marker's fill.
    const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.round((at.x - box.left) * scale), Math.round((at.y - box.top) * scale), 1, 1).data;
    return `#${[r, g, b].map((c) => c!.toString(16).padStart(2, '0')).join('')}`;
  }, id);

describe('a long board in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;
  const boardUrl = () => `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    const now = Date.now();
    // The tracked load is the last row of the board, alone on dock D2 of the timeline.
    world = await createWorld(server, { dock: 'D2', windowStart: new Date(now + 11 * 3_600_000).toISOString(), windowEnd: new Date(now + 11.5 * 3_600_000).toISOString() });
    for (let i = 0; i < ROWS - 1; i++) {
      const start = now + 30 * 60_000 + i * 3 * 60_000;
      await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, dock: 'D1', windowStart: new Date(start).toISOString(), windowEnd: new Date(start + 30 * 60_000).toISOString() });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('renders the rows near the view, counts all of them, and shows a row changed out of view as it is once scrolled to', async () => {
    const { page, errors } = await openPage(browser, boardUrl(), { width: 1280, height: 720 });
    const table = page.locator('table.inbound');
    await expect.poll(() => table.getAttribute('aria-rowcount')).toBe(String(ROWS + 1));
    await page.locator('tbody tr').first().waitFor();
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
    const rendered = await page.locator('tbody tr').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(ROWS / 2);
    expect(await page.locator('tbody tr').first().getAttribute('aria-rowindex')).toBe('2');
    expect(await page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).count()).toBe(0);
    // The page's scroll height is the whole board's: the scroll bar tells where a clerk is.
    const heights = await page.locator('.board-scroll').evaluate((el) => ({ scroll: el.scrollHeight, row: el.querySelector('tbody tr')!.getBoundingClientRect().height }));
    expect(heights.scroll).toBeGreaterThanOrEqual(ROWS * heights.row);

    // The tracked truck reports while its row is far out of view.
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.3, 11.6, 0, { speed: 20 }) });
    expect(res.statusCode).toBe(202);
    const version = String(await shipmentVersion());
    await page.locator('.board-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = page.locator(`tr[data-shipment-id="${world.shipment.id}"]`);
    await last.waitFor();
    expect(await last.getAttribute('aria-rowindex')).toBe(String(ROWS + 1));
    await expect.poll(() => last.getAttribute('data-version')).toBe(version);
    expect(await page.locator('tbody tr').first().getAttribute('aria-rowindex')).not.toBe('2');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('brings an unrendered row into view when its timeline bar is picked, recolours bar and marker when its status changes, and keeps the focused row through scrolling', async () => {
    const { page } = await openPage(browser, boardUrl(), { width: 1280, height: 720 });
    await page.locator('tbody tr').first().waitFor();
    const row = page.locator(`tr[data-shipment-id="${world.shipment.id}"]`);
    expect(await row.count()).toBe(0);
    // Dock D2 is the timeline's last dock: its lane renders once scrolled to.
    await page.locator('.timeline').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator(`.timeline .bar[aria-label^="${world.shipment.reference},"]`).click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => rowInView(page, world.shipment.id)).toBe(true);

    // A bar redraws when its window status changes (not on every ETA move): the truck reports from 2,000 km away, and even
    // the early edge of its ETA band is past the window 11 h ahead: late.
    const bar = page.locator(`.timeline .bar[aria-label^="${world.shipment.reference},"]`);
    expect(await bar.getAttribute('class')).not.toContain('bar-late');
    const far = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(30.0, 11.6, 0, { speed: 20 }) });
    expect(far.statusCode).toBe(202);
    await expect.poll(() => row.getAttribute('data-window-status')).toBe('late');
    await expect.poll(() => bar.getAttribute('class')).toContain('bar-late');
    expect(await page.evaluate((id) => window.__dockwatch!.markerColor(id), world.shipment.id)).toBe(WINDOW_STATUS_STYLE.late.color);
    expect(await bar.getAttribute('aria-label')).toBe(`${world.shipment.reference}, Late`);

    // Focus stays on a row whose group scrolls far out of view; the arrow keys go on from it.
    await page.locator('.board-scroll').evaluate((el) => (el.scrollTop = 0));
    const first = page.locator('tr[aria-rowindex="2"]');
    const firstId = (await first.getAttribute('data-shipment-id'))!;
    await first.focus();
    await page.locator('.board-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await row.waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.shipmentId)).toBe(firstId);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('tr[aria-selected="true"]').getAttribute('aria-rowindex')).toBe('3');
    await page.context().close();
  });

  it('draws each marker where its truck last reported, through a burst of pings', async () => {
    const { page, errors } = await openPage(browser, boardUrl(), { width: 1280, height: 720 });
    await page.locator('tbody tr').first().waitFor();
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
    // Ten fixes a few hundred metres apart, posted back to back: the map redraws at most every
    // 250 ms, and what it draws last must be the last fix.
    let lat = 48.25;
    for (let i = 0; i < 10; i++) {
      lat -= 0.004;
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(lat, 11.6, 0, { speed: 20 }) });
      expect(res.statusCode).toBe(202);
    }
    await expect.poll(() => page.evaluate((id) => window.__dockwatch!.markerAt(id)?.lat, world.shipment.id)).toBeCloseTo(lat, 6);
    const color = (await page.evaluate((id) => window.__dockwatch!.markerColor(id), world.shipment.id))!;
    await expect.poll(() => canvasColorAt(page, world.shipment.id), { timeout: 5_000 }).toBe(color);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  async function shipmentVersion(): Promise<number> {
    const res = await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff });
    return res.json<{ version: number }>().version;
  }
});
