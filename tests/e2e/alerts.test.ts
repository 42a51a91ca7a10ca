import type { DeviceCreated, Shipment } from '@dockwatch/shared';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatWindow } from '../../client/src/format/time';
import { embedded } from '../integration/helpers/backends';
import { alertWithoutPersistence, createShipment, createWorld, fixAt, latForEta, PLANT, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');
/** Latitude north of the plant from which a truck at 20 m/s has an ETA `minutes` from now (road factor 1.3). */

describe('late-arrival alerts in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;
  /** A second truck for the same site, with a supplier name that looks like markup. */
  let other: { shipment: Shipment; auth: { authorization: string } };

  const boardUrl = () => `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`;
  const ping = (fix: object, auth = world.deviceAuth) => server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: auth, payload: fix });
  const badge = (page: Page) => page.locator('[data-open-alerts]').getAttribute('data-open-alerts');
  const card = (page: Page, shipmentId: string) => page.locator(`.alert[data-alert-id]`, { has: page.locator('.alert-ref', { hasText: shipmentRef(shipmentId) }) });
  const shipmentRef = (id: string) => (id === world.shipment.id ? world.shipment.reference : other.shipment.reference);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-alerts-'));
    browser = await launchChromium();
    // The sweep timer stays off: only the pings below change alerts.
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '', ALERT_SWEEP_S: '0', TRACKING_BAND_EARLY_RATIO: '1', TRACKING_BAND_LATE_RATIO: '1' } });
    world = await createWorld(server, {
      dock: 'D1',
      items: [
        { sku: 'HYD-200', description: 'Hydraulic valve', quantity: 40 },
        { sku: 'SEAL-7', description: 'O-ring kit', quantity: 400 },
      ],
    });
    // This suite is about what the alerts panel shows, not when an alert comes: no persistence.
    await alertWithoutPersistence(server, world.site.id);
    const device = (
      await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff, payload: { name: 'Truck 2' } })
    ).json<DeviceCreated>();
    const shipment = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, deviceId: device.id, dock: 'D2', supplier: 'Müller & Söhne <b>GmbH</b>' });
    other = { shipment, auth: { authorization: `Bearer ${device.token}` } };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows a late alert live, acknowledges it in one page for every page, and drops it when the truck is back on time', async () => {
    const planner = await openPage(browser, boardUrl());
    const wall = await openPage(browser, boardUrl(), { width: 1280, height: 720 });
    for (const { page } of [planner, wall]) {
      await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
      await page.locator('.alerts-empty').waitFor();
      expect(await badge(page)).toBe('0');
      await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
    }
    // The planner opts in to warnings; the browser grants notifications when asked.
    await planner.page.context().grantPermissions(['notifications'], { origin: server.url });
    await planner.page.getByLabel('Notify + sound').check();

    // ETA ~150 min out (band ±3 min) against a window ending in 90: predicted late.
    expect((await ping(fixAt(latForEta(150), PLANT.lon, 0, { speed: 20 }))).statusCode).toBe(202);
    for (const { page } of [planner, wall]) {
      await card(page, world.shipment.id).waitFor();
      await expect.poll(() => badge(page)).toBe('1');
    }
    const late = card(planner.page, world.shipment.id);
    expect(await late.getAttribute('data-kind')).toBe('late_predicted');
    expect(await late.getAttribute('data-state')).toBe('open');
    const text = (await late.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Predicted late');
    expect(text).toContain('Bosch Rexroth');
    expect(text).toContain('Dock D1');
    expect(text).toContain(`Window ${formatWindow(world.shipment.windowStart, world.shipment.windowEnd, Date.now(), 'Europe/Berlin')}`);
    expect(text).toMatch(/\b(5\d|6\d) min late\b/);
    expect(text).toMatch(/raised (8\d|9\d) min before window end/);
    expect(text).toContain('HYD-200 Hydraulic valve × 40');
    expect(text).toContain('SEAL-7 O-ring kit × 400');
    // One warning, on the page that opted in only.
    await expect.poll(() => planner.page.evaluate(() => window.__dockwatch!.lateWarnings)).toBe(1);
    expect(await wall.page.evaluate(() => window.__dockwatch!.lateWarnings)).toBe(0);

    // Clicking the alert selects its shipment; the details show its history in site time.
    await late.locator('.alert-meta').click();
    await expect.poll(() => planner.page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).getAttribute('aria-selected')).toBe('true');
    const history = planner.page.locator('.shipment-panel .history');
    await history.locator('li', { hasText: 'Predicted late raised' }).waitFor();
    expect(await history.locator('li', { hasText: /ETA \d\d:\d\d( [+−]\d+d)? · Late/ }).count()).toBe(1);

    // The planner acknowledges with a note; the wall screen follows without a reload.
    await late.getByRole('button', { name: 'Acknowledge…' }).click();
    await late.getByLabel('Acknowledgement note (optional)').fill('Line 3 <i>resequenced</i>');
    await late.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    for (const { page } of [planner, wall]) {
      const acked = card(page, world.shipment.id);
      await expect.poll(() => acked.getAttribute('data-state')).toBe('acknowledged');
      await expect.poll(() => badge(page)).toBe('0');
      expect(await acked.locator('[data-col="alert-state"]').innerText()).toMatch(/acknowledged/i);
      expect(await acked.locator('.alert-ack').innerText()).toMatch(/Acknowledged by admin at \d\d:\d\d/);
      expect(await acked.locator('.alert-ack q').innerText()).toBe('Line 3 <i>resequenced</i>');
      expect(await acked.getByRole('button', { name: 'Acknowledge…' }).count()).toBe(0);
    }
    await history.locator('li', { hasText: 'Predicted late acknowledged' }).waitFor();

    // Later still: the acknowledged alert updates but never warns again.
    await ping(fixAt(latForEta(190), PLANT.lon, 0, { speed: 20 }));
    await expect.poll(async () => (await card(wall.page, world.shipment.id).innerText()).match(/(\d+) min late/)?.[1]).not.toBe(text.match(/(\d+) min late/)?.[1]);

    // A second truck runs tight: at risk, and open, so above the acknowledged (though more severe) late alert; no warning for it.
    await ping(fixAt(latForEta(88.5), PLANT.lon, 0, { speed: 20 }), other.auth);
    for (const { page } of [planner, wall]) {
      await card(page, other.shipment.id).waitFor();
      await expect.poll(() => badge(page)).toBe('1');
      const kinds = await page.locator('.alerts-list > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
      expect(kinds).toEqual(['at_risk', 'late_predicted']);
    }
    // Partner text is text: the supplier's markup is shown, never parsed.
    expect(await card(planner.page, other.shipment.id).locator('.alert-supplier').innerText()).toBe('Müller & Söhne <b>GmbH</b>');
    expect(await planner.page.locator('.alerts-panel b, .alerts-panel i').count()).toBe(0);
    expect(await planner.page.evaluate(() => window.__dockwatch!.lateWarnings)).toBe(1);

    await planner.page.screenshot({ path: path.join(ARTIFACTS, 'alerts.png') });
    await wall.page.screenshot({ path: path.join(ARTIFACTS, 'alerts-laptop.png') });

    // Back on time: the late alert resolves and leaves both lists; the other stays.
    await ping(fixAt(latForEta(70), PLANT.lon, 0, { speed: 20 }));
    for (const { page } of [planner, wall]) {
      await expect.poll(() => card(page, world.shipment.id).count()).toBe(0);
      expect(await card(page, other.shipment.id).count()).toBe(1);
      expect(await badge(page)).toBe('1');
      expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    }
    await history.locator('li', { hasText: 'Predicted late resolved' }).waitFor();

    expect(planner.errors).toEqual([]);
    expect(wall.errors).toEqual([]);
    await planner.page.context().close();
    await wall.page.context().close();
  });

  it('loads open and acknowledged alerts on open and after a reconnect, and says when another planner was first', async () => {
    const { page } = await openPage(browser, boardUrl());
    await card(page, other.shipment.id).waitFor();
    const id = await card(page, other.shipment.id).getAttribute('data-alert-id');
    expect(await badge(page)).toBe('1');

    // Someone acknowledges through the API while this page has the form open.
    const acked = card(page, other.shipment.id);
    await acked.getByRole('button', { name: 'Acknowledge…' }).click();
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/alerts/${id}/ack`, headers: server.staff, payload: {} });
    expect(res.statusCode).toBe(200);
    await expect.poll(() => badge(page)).toBe('0');
    await acked.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect.poll(() => acked.locator('.alert-error').innerText()).toBe('Not saved: another planner acknowledged it first.');
    expect(await acked.getAttribute('data-state')).toBe('acknowledged');
    expect(await acked.locator('.ack-form').count()).toBe(0);

    // Raised around the restart: it must show up from the reload after the reconnect or from the socket.
    const reloadsBefore = await page.evaluate(() => window.__dockwatch!.reloads);
    const port = Number(new URL(server.url).port);
    await server.close();
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection'), { timeout: 15_000 }).toBe('reconnecting');
    server = await startServer(embedded, { dataDir, port, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '', ALERT_SWEEP_S: '0', TRACKING_BAND_EARLY_RATIO: '1', TRACKING_BAND_LATE_RATIO: '1' } });
    await ping(fixAt(latForEta(160), PLANT.lon, 0, { speed: 20 }));
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection'), { timeout: 20_000 }).toBe('connected');
    await card(page, world.shipment.id).waitFor({ timeout: 10_000 });
    await expect.poll(() => badge(page)).toBe('1');
    expect(await page.evaluate(() => window.__dockwatch!.reloads)).toBeGreaterThan(reloadsBefore);
    await page.context().close();
  });
});
