import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createShipment, createWorld, fixAt, type World } from '../integration/helpers/fixtures';
import { startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, offScreen, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');
const SIZES = [
  { name: '1920', width: 1920, height: 1080 },
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844 },
] as const;

/** The board's columns a clerk acts on: whatever the width, these stay in view. */
const BOARD_COLUMNS = [1, 2, 4, 5, 6, 7, 8, 9].map((n) => `.board.inbound thead th:nth-child(${n})`);

describe('every screen at 1920, 1366 and 390 px wide', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;
  let admin: { email: string };
  let carrier: { email: string };

  const signIn = async (email: string, size: (typeof SIZES)[number]): Promise<Page> => {
    const { page } = await openPage(browser, `${server.url}/?site=${world.site.id}`, size);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    return page;
  };
  /** Opens the header's menu where the header keeps its secondary items behind one. */
  const openMenu = async (page: Page) => {
    const menu = page.getByRole('button', { name: 'Menu' });
    if (await menu.isVisible()) await menu.click();
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-sizes-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server, { reference: 'ASN-2026-0000000000-LONG-REFERENCE-0001' });
    await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6, 30, { speed: 25 }) });
    for (let i = 0; i < 12; i++) {
      await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, dock: i % 2 ? 'D1' : 'D2', supplier: 'ZF Friedrichshafen Aktiengesellschaft', windowStart: new Date(Date.now() + (100 + i * 10) * 60_000).toISOString(), windowEnd: new Date(Date.now() + (130 + i * 10) * 60_000).toISOString() });
    }
    admin = await createUser(server, 'admin');
    carrier = await createUser(server, 'carrier', { carrierId: world.carrier.id });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const size of SIZES) {
    it(`board and header at ${size.name}: nothing needed off screen, Sign out reachable`, async () => {
      const page = await signIn(admin.email, size);
      await page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).waitFor();
      const header = ['.header .brand', '.header .site-picker', '.header .site-clock .clock', '.header .alert-badge', '.header [data-connection]'];
      // On a phone the board scrolls inside its own panel; from a laptop up, its columns fit.
      const columns = size.width >= 1366 ? BOARD_COLUMNS : [];
      expect(await offScreen(page, [...header, ...columns])).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `board-${size.name}.png`) });
      await openMenu(page);
      expect(await offScreen(page, ['.user-menu .sign-out', '.header .language-picker select'])).toEqual([]);
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
      await page.context().close();
    });

    it(`partner portal at ${size.name}: every field of every load on screen`, async () => {
      const page = await signIn(carrier.email, size);
      await page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).waitFor();
      expect(await offScreen(page, ['.portal tbody td', '.portal .user-menu .sign-out', '.portal [data-connection]'])).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `portal-${size.name}.png`), fullPage: true });
      await page.context().close();
    });

    it(`admin screens at ${size.name}: users, tokens and devices with their actions on screen`, async () => {
      const page = await signIn(admin.email, size);
      await page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).waitFor();
      await openMenu(page);
      await page.getByRole('button', { name: 'Access' }).click();
      await page.locator('tr[data-user-id]').first().waitFor();
      expect(await offScreen(page, ['.access-admin tr[data-user-id] td', '.access-admin tr[data-user-id] button', '.access-admin .access-form > *'])).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `access-${size.name}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Back to the board' }).click();
      await openMenu(page);
      await page.getByRole('button', { name: 'Devices' }).click();
      await page.getByRole('main', { name: 'Devices' }).getByLabel('Carrier').selectOption(world.carrier.id);
      await page.locator('tr[data-device-id]').first().waitFor();
      expect(await offScreen(page, ['.devices-table tr[data-device-id] td', '.devices-table tr[data-device-id] button'])).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `devices-${size.name}.png`), fullPage: true });
      await page.context().close();
    });
  }
});
