import type { TrackingLinkCreated } from '@dockwatch/shared';
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
const PHONE = { width: 390, height: 844 };

describe("a driver's message reaches the clerk's board live", () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-driver-messages-'));
    browser = await launchChromium();
    server = await startServer(embedded, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the driver taps "arrived at gate"; the board row shows an unread badge at once, cleared when the clerk opens the conversation', async () => {
    const issued = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/links`, headers: server.staff, payload: {} });
    expect(issued.statusCode).toBe(201);
    const { token } = issued.json<TrackingLinkCreated>();

    const { page: board, errors: boardErrors } = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`, { width: 1366, height: 768 }, 'en-GB');
    await board.locator('[data-connection="connected"]').waitFor();
    const row = board.locator(`tr[data-shipment-id="${world.shipment.id}"]`);
    await row.waitFor();
    expect(await row.locator('.unread-badge').count()).toBe(0);

    const { page: driver, errors: driverErrors } = await openPage(browser, `${server.url}/driver#t=${encodeURIComponent(token)}`, PHONE, 'en-GB');
    const card = driver.locator(`article[data-shipment-id="${world.shipment.id}"]`);
    await card.locator('.driver-conversation').waitFor();
    await card.getByRole('button', { name: 'Arrived at gate' }).click();
    await card.locator('li.driver-message[data-kind="at_gate"]').waitFor();
    await card.getByRole('textbox', { name: 'Write to the plant' }).fill('Which dock?');
    await card.getByRole('button', { name: 'Send', exact: true }).click();
    await card.locator('li.driver-message', { hasText: 'Which dock?' }).waitFor();
    await card.locator('.driver-conversation').scrollIntoViewIfNeeded();
    await driver.screenshot({ path: path.join(ARTIFACTS, 'driver-messages-en-390.png'), fullPage: true });

    // Live: the badge comes by the socket, no reload.
    await row.locator('.unread-badge[data-unread="2"]').waitFor();
    await board.screenshot({ path: path.join(ARTIFACTS, 'board-unread-en-1366.png') });
    await row.click();
    const talk = board.locator('section.conversation');
    await talk.locator('li.message', { hasText: 'At the gate' }).waitFor();
    await expect.poll(() => row.locator('.unread-badge').count()).toBe(0);
    // The shipment's history lists the driver's update among its ETA moves and steps.
    await board.locator('section.history li[data-kind="message"]', { hasText: 'At the gate' }).waitFor();
    // Read on the server too: a reload shows no badge.
    const unread = await server.app.inject({ url: `/api/v1/sites/${world.site.id}/messages/unread`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(unread.json<{ unread: Record<string, number> }>().unread[world.shipment.id] ?? 0).toBe(0);

    // The clerk's answer reaches the driver page on its next refresh.
    await talk.locator('input').fill('Dock 4');
    await talk.locator('button[type="submit"]').click();
    await card.locator('li.driver-message.from-plant', { hasText: 'Dock 4' }).waitFor({ timeout: 15_000 });
    expect(boardErrors).toEqual([]);
    expect(driverErrors).toEqual([]);
    await board.context().close();
    await driver.context().close();
  });

  it('reads on a German phone, with the conversation reachable below the map', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`, PHONE, 'de-DE');
    await page.locator('[data-connection="connected"]').waitFor();
    await page.locator(`[data-shipment-id="${world.shipment.id}"]`).first().click();
    const talk = page.locator('section.conversation');
    await talk.locator('li.message', { hasText: 'Am Tor' }).waitFor();
    await talk.locator('input').scrollIntoViewIfNeeded();
    expect(await talk.locator('input').isVisible()).toBe(true);
    const box = await talk.locator('input').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    await page.screenshot({ path: path.join(ARTIFACTS, 'board-conversation-de-390.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
