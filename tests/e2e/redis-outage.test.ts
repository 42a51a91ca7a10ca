import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PrivateRedis, redisServerProblem, REQUIRED } from '../faults/helpers/private-redis';
import { createWorld, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { cell, launchChromium, openPage } from './browser';

const problem = redisServerProblem();
if (problem !== null && REQUIRED) throw new Error(`The browser Redis outage test is required here (CI) but cannot run: ${problem}`);
if (problem !== null) console.warn(`[dockwatch] browser Redis outage test skipped: ${problem}`);

describe.skipIf(problem !== null)('the board through a Redis outage, in a real browser', () => {
  let browser: Browser;
  let redis: PrivateRedis;
  let server: TestServer;
  let world: World;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-e2e-'));
    redis = await PrivateRedis.create();
    browser = await launchChromium();
    server = await startServer({ name: 'embedded', databaseUrl: null, redisUrl: redis.url }, { dataDir, env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '', ALERT_SWEEP_S: '0' } });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await redis?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says live updates are paused while Redis is away, and shows what changed meanwhile once it is back', async () => {
    const { page } = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`);
    const connection = page.locator('[data-connection]');
    await page.locator(`tr[data-shipment-id="${world.shipment.id}"]`).waitFor();
    await expect.poll(() => connection.getAttribute('data-connection'), { timeout: 10_000 }).toBe('connected');

    await redis.kill();
    await expect.poll(() => connection.getAttribute('data-connection'), { timeout: 10_000 }).toBe('stalled');
    expect(await connection.textContent()).toBe('Live updates paused');
    // Stored, but nothing can carry it to the board now.
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff, payload: { type: 'delayed' } });
    expect(res.statusCode).toBe(201);
    await page.screenshot({ path: path.resolve('tests/artifacts/board-redis-outage.png') });
    expect(await cell(page, world.shipment.id, 'status').textContent()).not.toBe('Delayed');

    await redis.start();
    await expect.poll(() => connection.getAttribute('data-connection'), { timeout: 10_000 }).toBe('connected');
    expect(await connection.textContent()).toBe('Live');
    await expect.poll(() => cell(page, world.shipment.id, 'status').textContent(), { timeout: 10_000 }).toBe('Delayed');
    await page.context().close();
  });
});
