import type { DeviceCreated, Shipment } from '@dockwatch/shared';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createShipment, createWorld, type World } from '../integration/helpers/fixtures';
import { startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, offScreen, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');

describe("a carrier's dispatcher puts its trucks on its loads in the portal", () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let truck: DeviceCreated;
  let email: string;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server);
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff, payload: { name: 'Truck 7 · MAN TGX' } });
    truck = res.json<DeviceCreated>();
    email = (await createUser(server, 'carrier', { carrierId: world.carrier.id })).email;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [locale, viewport, texts] of [
    ['en-GB', { width: 1366, height: 768 }, { assign: 'Assign', assigned: 'Assigned: Truck 7 · MAN TGX', link: 'Driver link…' }],
    ['de-DE', { width: 390, height: 844 }, { assign: 'Zuordnen', assigned: 'Zugeordnet: Truck 7 · MAN TGX', link: 'Fahrer-Link…' }],
    ['de-DE', { width: 1366, height: 768 }, { assign: 'Zuordnen', assigned: 'Zugeordnet: Truck 7 · MAN TGX', link: 'Fahrer-Link…' }],
    ['en-GB', { width: 390, height: 844 }, { assign: 'Assign', assigned: 'Assigned: Truck 7 · MAN TGX', link: 'Driver link…' }],
    ['en-GB', { width: 1920, height: 1080 }, { assign: 'Assign', assigned: 'Assigned: Truck 7 · MAN TGX', link: 'Driver link…' }],
    ['de-DE', { width: 1920, height: 1080 }, { assign: 'Zuordnen', assigned: 'Zugeordnet: Truck 7 · MAN TGX', link: 'Fahrer-Link…' }],
  ] as const) {
    it(`picks a truck for a load without one, sees it assigned and sends the driver a link (${locale}, ${viewport.width} px)`, async () => {
      const load = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, reference: `PO-TRUCK-${locale}-${viewport.width}` });
      const { page, errors } = await openPage(browser, server.url, viewport, locale);
      await page.locator('input[type="email"]').fill(email);
      await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await page.locator('input[autocomplete="current-password"]').press('Enter');
      await page.locator(`tr[data-shipment-id="${load.id}"]`).click();
      const panel = page.locator('.portal-history .truck-assignment');
      await panel.locator(`option[value="${truck.id}"]`).waitFor({ state: 'attached' });
      expect(await panel.locator('[data-assigned-device]').getAttribute('data-assigned-device')).toBe('');
      await panel.locator('select').selectOption(truck.id);
      await panel.getByRole('button', { name: texts.assign }).click();
      await panel.locator(`[data-assigned-device="${truck.id}"]`).waitFor();
      expect(await panel.locator('[data-assigned-device]').innerText()).toBe(texts.assigned);
      const stored = (await server.app.inject({ url: `/api/v1/shipments/${load.id}`, headers: server.staff })).json<Shipment>();
      expect(stored.deviceId).toBe(truck.id);

      await panel.getByRole('button', { name: texts.link }).click();
      await panel.locator('.driver-link.issued .link-url').waitFor();
      expect(await panel.locator('.link-url').inputValue()).toMatch(/\/driver#t=dwl_/);
      expect(await offScreen(page, ['.truck-assignment select', '.truck-assignment button[type="submit"]', '.truck-assignment .link-url'])).toEqual([]);
      // The load's name and the truck above its link, as the dispatcher reads them.
      await page.locator('.portal-history').evaluate((aside) => (aside.scrollTop = 0));
      await page.locator('.portal-history h2').evaluate((title) => title.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: path.join(ARTIFACTS, `portal-truck-${locale}-${viewport.width}.png`) });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
