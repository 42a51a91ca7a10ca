import type { Shipment, StatusEventList, TrackingLink, TrackingLinkCreated } from '@dockwatch/shared';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { embedded } from '../integration/helpers/backends';
import { createWorld, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');
const PHONE = { width: 390, height: 844 };

describe('driver page on a phone browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let link: Pick<TrackingLinkCreated, 'url' | 'token' | 'id'>;
  let dataDir: string;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const shipment = async () => (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<Shipment>();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-driver-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '', PUBLIC_URL: 'http://127.0.0.1' } });
    world = await createWorld(server);
    context = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      permissions: ['geolocation'],
      geolocation: { latitude: 48.5, longitude: 11.6, accuracy: 12 },
    });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a clerk issues the link from the board, as URL and QR code', async () => {
    const { page: board } = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`);
    await board.locator(`tr[data-shipment-id="${world.shipment.id}"]`).click();
    await board.getByRole('button', { name: 'Driver link…' }).click();
    const url = await board.locator('.link-url').inputValue();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1\/driver#t=dwl_/);
    expect(await board.locator('.driver-link .qr svg').count()).toBe(1);
    await board.locator('.shipment-panel').screenshot({ path: path.join(ARTIFACTS, 'driver-link-panel.png') });
    const links = await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/links`, headers: server.staff });
    const [issued] = links.json<{ links: TrackingLink[] }>().links;
    link = { url, token: decodeURIComponent(url.split('#t=')[1]!), id: issued!.id };
    await board.context().close();
  });

  it('opens from the link alone and shows the load with its window', async () => {
    // The link as sent, on this test server's port.
    await page.goto(link.url.replace('http://127.0.0.1', server.url));
    const card = page.locator(`article[data-shipment-id="${world.shipment.id}"]`);
    await card.waitFor();
    expect(await card.locator('.load-ref').textContent()).toBe(world.shipment.reference);
    expect(await card.locator('[data-field="window"]').textContent()).toMatch(/^\d{2}:\d{2}( [+−]\d+d)?–\d{2}:\d{2}/);
    expect(await card.locator('[data-field="eta"]').textContent()).toBe('—');
  });

  it("shares the phone's position and shows the ETA it yields", async () => {
    await page.getByRole('button', { name: 'Share my position' }).click();
    await expect.poll(async () => (await shipment()).position).toMatchObject({ lat: 48.5, lon: 11.6 });
    const card = page.locator(`article[data-shipment-id="${world.shipment.id}"]`);
    await expect.poll(() => card.locator('[data-field="eta"]').textContent()).toMatch(/^\d{2}:\d{2}/);
    expect(await card.locator('.load-status').textContent()).toBe('In transit');
  });

  it('keeps positions while offline and sends them when the network returns', async () => {
    await context.setOffline(true);
    // 600 m on: far enough for the page to send at once, near enough for the jump filter.
    await context.setGeolocation({ latitude: 48.4946, longitude: 11.6, accuracy: 10 });
    await expect.poll(() => page.locator('.queued').getAttribute('data-queued')).toBe('1');
    expect(await page.locator('.sharing').getAttribute('data-sharing')).toBe('offline');
    expect((await shipment()).position?.lat).toBe(48.5);
    await context.setOffline(false);
    await expect.poll(async () => (await shipment()).position?.lat, { timeout: 10_000 }).toBe(48.4946);
    await expect.poll(() => page.locator('.queued').count()).toBe(0);
  });

  it('reports a delay with minutes and a reason, in readable contrast, and then back on the road', async () => {
    const delayed = page.getByRole('button', { name: 'Delayed…' });
    // White on the button's amber: at least WCAG AA for large text (4.5:1 asked here, for sunlight).
    expect(await delayed.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor])).toEqual(['rgb(255, 255, 255)', 'rgb(146, 64, 14)']);
    await delayed.click();
    await page.getByRole('button', { name: '60 min' }).click();
    // No reason yet: nothing to send.
    expect(await page.getByRole('button', { name: 'Report delay' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Traffic', exact: true }).click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'driver-delay.png'), fullPage: true });
    await page.getByRole('button', { name: 'Report delay' }).click();
    const card = page.locator(`article[data-shipment-id="${world.shipment.id}"]`);
    await expect.poll(() => card.locator('.load-status').textContent()).toBe('Delayed');
    const events = async () => (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff })).json<StatusEventList>().events;
    expect((await events()).at(-1)).toMatchObject({ type: 'delayed', note: '60 min late: Traffic', source: 'device' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'driver.png'), fullPage: true });

    await page.getByRole('button', { name: 'Back on the road' }).click();
    await expect.poll(() => card.locator('.load-status').textContent()).toBe('In transit');
    expect((await events()).at(-1)).toMatchObject({ type: 'in_transit', source: 'device' });
  });

  it('asks before reporting an arrival far from the site, and says how far', async () => {
    const card = page.locator(`article[data-shipment-id="${world.shipment.id}"]`);
    await page.getByRole('button', { name: 'Arrived', exact: true }).click();
    // The phone is at 48.4946 N 11.6 E, the plant at 48.1351 N 11.582 E: 40 km.
    const question = page.getByRole('alertdialog');
    expect(await question.textContent()).toContain('You are 40 km from');
    await page.getByRole('button', { name: 'No, not yet' }).click();
    expect(await card.locator('.load-status').textContent()).toBe('In transit');
    await page.getByRole('button', { name: 'Arrived', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, I have arrived' }).click();
    await expect.poll(() => card.locator('.load-status').textContent()).toBe('Arrived');
  });

  it('speaks Polish to a phone set to Polish, and German when switched', async () => {
    const polish = await browser.newContext({ viewport: PHONE, isMobile: true, locale: 'pl-PL' });
    const p = await polish.newPage();
    await p.goto(link.url.replace('http://127.0.0.1', server.url));
    await p.locator('.load').waitFor();
    expect(await p.locator('.share').textContent()).toBe('Udostępnij moją pozycję');
    expect(await p.locator('html').getAttribute('lang')).toBe('pl');
    await p.getByLabel('Język').selectOption('de');
    await expect.poll(() => p.locator('.share').textContent()).toBe('Meinen Standort teilen');
    await p.reload();
    await p.locator('.load').waitFor();
    expect(await p.locator('.share').textContent()).toBe('Meinen Standort teilen');
    await p.screenshot({ path: path.join(ARTIFACTS, 'driver-de.png'), fullPage: true });
    await polish.close();
  });

  it('shows how to point Traccar Client, OwnTracks and Overland at Dockwatch, filled in', async () => {
    await page.getByRole('button', { name: 'Use a tracking app' }).click();
    const values = await page.locator('.setup-value').allTextContents();
    expect(values).toEqual([link.token, 'http://127.0.0.1/osmand', 'http://127.0.0.1/owntracks', 'driver', link.token, 'http://127.0.0.1/overland', link.token]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'driver-setup.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
