import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { alertWithoutPersistence, createShipment, createWorld, fixAt, latForEta, PLANT, type World } from '../integration/helpers/fixtures';
import { startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');

describe("the partner portal's conversation per load", () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let email: string;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    // A narrow ETA band (±3 min): a truck an hour late is plainly late.
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '', TRACKING_BAND_EARLY_RATIO: '1', TRACKING_BAND_LATE_RATIO: '1' } });
    world = await createWorld(server);
    email = (await createUser(server, 'carrier', { carrierId: world.carrier.id })).email;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [locale, viewport, atGate] of [
    ['en-GB', { width: 1920, height: 1080 }, 'At the gate'],
    ['de-DE', { width: 1366, height: 768 }, 'Am Tor'],
    ['en-GB', { width: 390, height: 844 }, 'At the gate'],
  ] as const) {
    it(`a carrier's dispatcher reads the driver's update live and answers the plant (${locale}, ${viewport.width} px)`, async () => {
      const { page, errors } = await openPage(browser, server.url, viewport, locale);
      await page.locator('input[type="email"]').fill(email);
      await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await page.locator('input[autocomplete="current-password"]').press('Enter');
      const row = page.locator(`tr[data-shipment-id="${world.shipment.id}"]`);
      await row.click();
      await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
      const talk = page.locator('.portal-history section.conversation');
      await talk.waitFor();
      const before = await talk.locator('li.message').count();
      const posted = await server.app.inject({ method: 'POST', url: `/api/v1/driver/shipments/${world.shipment.id}/messages`, headers: world.deviceAuth, payload: { kind: 'at_gate' } });
      expect(posted.statusCode).toBe(201);
      await talk.locator('li.message').nth(before).waitFor();
      expect(await talk.locator('li.message').last().innerText()).toContain(atGate);
      const answer = `Unloading order ${viewport.width}`;
      await talk.locator('input').fill(answer);
      await talk.locator('button[type="submit"]').click();
      await talk.locator('li.message', { hasText: answer }).waitFor();
      const plant = await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/messages`, headers: server.staff });
      const last = plant.json<{ messages: { text: string; author: { side: string } }[] }>().messages.at(-1)!;
      expect(last).toMatchObject({ text: answer, author: { side: 'carrier' } });
      await talk.locator('input').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `portal-conversation-${locale}-${viewport.width}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  for (const [locale, viewport, unreadLabel] of [
    ['en-GB', { width: 1366, height: 768 }, '1 unread message'],
    ['de-DE', { width: 390, height: 844 }, '1 ungelesene Nachricht'],
  ] as const) {
    it(`badges a load the plant wrote about while another is open, live, and clears it once read (${locale}, ${viewport.width} px)`, async () => {
      const other = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, reference: `PO-BADGE-${viewport.width}` });
      const { page, errors } = await openPage(browser, server.url, viewport, locale);
      await page.locator('input[type="email"]').fill(email);
      await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await page.locator('input[autocomplete="current-password"]').press('Enter');
      await page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).click();
      await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
      const row = page.locator(`tr[data-shipment-id="${other.id}"]`);
      expect(await row.locator('.unread-badge').count()).toBe(0);

      const posted = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${other.id}/messages`, headers: server.staff, payload: { text: 'Dock 2 instead, please' } });
      expect(posted.statusCode).toBe(201);
      const badge = row.locator('.unread-badge');
      await badge.waitFor();
      expect(await badge.innerText()).toBe('1');
      expect(await badge.getAttribute('aria-label')).toBe(unreadLabel);
      await page.screenshot({ path: path.join(ARTIFACTS, `portal-unread-${locale}-${viewport.width}.png`), fullPage: true });

      await row.click();
      await page.locator('.portal-history section.conversation li.message', { hasText: 'Dock 2 instead' }).waitFor();
      await badge.waitFor({ state: 'detached' });
      // Read on the server too: a reload shows no badge.
      await page.reload();
      await page.locator(`tr[data-shipment-id="${other.id}"]`).waitFor();
      await expect.poll(async () => (await server.app.inject({ url: '/api/v1/messages/unread', headers: { cookie: await cookieOf(page) } })).json<{ unread: Record<string, number> }>().unread[other.id] ?? 0).toBe(0);
      expect(await page.locator(`tr[data-shipment-id="${other.id}"] .unread-badge`).count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
  for (const [locale, viewport, lateLabel, seenLabel] of [
    ['en-GB', { width: 1366, height: 768 }, 'Predicted late', 'Seen by the plant'],
    ['de-DE', { width: 390, height: 844 }, 'Verspätung erwartet', 'Vom Werk gesehen'],
  ] as const) {
    it(`shows the carrier live that the plant expects its truck late, and that the plant has seen it, without the plant's note (${locale}, ${viewport.width} px)`, async () => {
      const late = await createWorld(server, { supplier: `Supplier ${viewport.width}` });
      await alertWithoutPersistence(server, late.site.id);
      const dispatcher = (await createUser(server, 'carrier', { carrierId: late.carrier.id })).email;
      const { page, errors } = await openPage(browser, server.url, viewport, locale);
      await page.locator('input[type="email"]').fill(dispatcher);
      await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await page.locator('input[autocomplete="current-password"]').press('Enter');
      await page.locator(`tr[data-shipment-id="${late.shipment.id}"]`).waitFor();
      await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
      const section = page.locator('section.partner-alerts');
      await section.locator('p.muted').nth(1).waitFor();
      expect(await section.locator('li.alert').count()).toBe(0);

      const ping = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: late.deviceAuth, payload: fixAt(latForEta(150), PLANT.lon, 0, { speed: 20 }) });
      expect(ping.statusCode).toBe(202);
      const card = section.locator('li.alert[data-kind="late_predicted"]');
      await card.waitFor();
      expect(await card.innerText()).toContain(lateLabel);
      expect(await card.innerText()).toContain(late.shipment.reference);

      const [alert] = (await server.app.inject({ url: `/api/v1/alerts?shipmentId=${late.shipment.id}`, headers: server.staff })).json<{ alerts: { id: string }[] }>().alerts;
      const ack = await server.app.inject({ method: 'POST', url: `/api/v1/alerts/${alert!.id}/ack`, headers: server.staff, payload: { note: 'Internal: re-sequence line 3' } });
      expect(ack.statusCode).toBe(200);
      await section.locator('li.alert[data-state="acknowledged"]').waitFor();
      expect(await card.innerText()).toContain(seenLabel);
      expect(await section.innerText()).not.toContain('re-sequence');
      await card.locator('button.alert-ref').click();
      await page.locator(`tr[data-shipment-id="${late.shipment.id}"].selected`).waitFor();
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `portal-alerts-${locale}-${viewport.width}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
  for (const [locale, viewport] of [
    ['en-GB', { width: 1920, height: 1080 }],
    ['en-GB', { width: 1366, height: 768 }],
    ['de-DE', { width: 390, height: 844 }],
  ] as const) {
    it(`puts the carrier's trucks on a map with the plant, moving live (${locale}, ${viewport.width} px)`, async () => {
      const mapped = await createWorld(server, { supplier: `Map supplier ${viewport.width}` });
      const dispatcher = (await createUser(server, 'carrier', { carrierId: mapped.carrier.id })).email;
      const fix = (lat: number, secondsAgo: number) => server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: mapped.deviceAuth, payload: fixAt(lat, PLANT.lon, secondsAgo, { speed: 20 }) });
      expect((await fix(latForEta(50), 60)).statusCode).toBe(202);
      const { page, errors } = await openPage(browser, server.url, viewport, locale);
      await page.locator('input[type="email"]').fill(dispatcher);
      await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await page.locator('input[autocomplete="current-password"]').press('Enter');
      await page.locator(`tr[data-shipment-id="${mapped.shipment.id}"]`).click();
      await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
      const markerLat = () => page.evaluate((id) => window.__dockwatch!.markerAt(id)?.lat ?? null, mapped.shipment.id);
      await expect.poll(markerLat).toBeCloseTo(latForEta(50), 5);
      expect(await page.locator('section.portal-map .site-marker').count()).toBe(1);

      // The truck drives on: its marker follows without a reload.
      expect((await fix(latForEta(30), 0)).statusCode).toBe(202);
      await expect.poll(markerLat).toBeCloseTo(latForEta(30), 5);
      await page.locator('section.portal-map').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `portal-map-${locale}-${viewport.width}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});

const cookieOf = async (page: Page) => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
