import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createWorld, type World } from '../integration/helpers/fixtures';
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
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
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
});
