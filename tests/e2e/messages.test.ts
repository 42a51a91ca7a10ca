import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { embedded } from '../integration/helpers/backends';
import { createWorld, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');

describe('a shipment’s conversation in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-messages-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const [locale, viewport, delayed] of [
    ['en-GB', { width: 1366, height: 768 }, /Delayed 30 min: traffic/],
    ['de-DE', { width: 390, height: 844 }, /30 Min\. verspätet: Verkehr/],
  ] as const) {
    it(`shows a driver's message on the clerk's board the moment it is sent, and the clerk's answer goes back (${locale}, ${viewport.width} px)`, async () => {
      const { page, errors } = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`, viewport, locale);
      await page.locator('[data-connection="connected"]').waitFor();
      await page.locator(`tr[data-shipment-id="${world.shipment.id}"], [data-shipment-id="${world.shipment.id}"]`).first().click();
      const talk = page.locator('section.conversation');
      await talk.waitFor();
      const before = await talk.locator('li.message').count();
      const posted = await server.app.inject({ method: 'POST', url: `/api/v1/driver/shipments/${world.shipment.id}/messages`, headers: world.deviceAuth, payload: { kind: 'delay', delayMinutes: 30, reason: 'traffic' } });
      expect(posted.statusCode).toBe(201);
      await talk.locator('li.message').nth(before).waitFor();
      expect(await talk.locator('li.message').last().innerText()).toMatch(delayed);
      await talk.locator('input').fill('Dock 4 is free');
      await talk.locator('button[type="submit"]').click();
      await talk.locator('li.message', { hasText: 'Dock 4 is free' }).nth(locale === 'en-GB' ? 0 : 1).waitFor();
      const driverView = await server.app.inject({ url: `/api/v1/driver/shipments/${world.shipment.id}/messages`, headers: world.deviceAuth });
      expect(driverView.json<{ messages: { text: string }[] }>().messages.at(-1)!.text).toBe('Dock 4 is free');
      await page.screenshot({ path: path.join(ARTIFACTS, `conversation-${locale}-${viewport.width}.png`) });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
