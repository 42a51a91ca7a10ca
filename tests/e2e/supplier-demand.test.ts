import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Material } from '@dockwatch/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createWorld, type World } from '../integration/helpers/fixtures';
import { startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');
const H = 3_600_000;

describe("a supplier's view of the plant's demand follows the plant's plan live", () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let material: Material;
  let email: string;
  const supplier = 'Hydraulik Nord GmbH';

  const call = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const res = await server.app.inject({ method, url, headers: server.staff, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  /** `perHour` every hour of the next 4 weeks from the top of this hour. */
  const plan = (perHour: number) => {
    const from = Math.floor(Date.now() / H) * H;
    return { buckets: Array.from({ length: 24 * 28 }, (_, i) => ({ from: new Date(from + i * H).toISOString(), to: new Date(from + (i + 1) * H).toISOString(), quantity: perHour })) };
  };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server, { supplier });
    material = (await call('POST', `/api/v1/sites/${world.site.id}/materials`, { sku: 'HYD-200', description: 'Hydraulic valve', unit: 'pcs', safetyStock: { hours: 2 }, suppliers: [supplier] })) as Material;
    await call('PUT', `/api/v1/materials/${material.id}/demand`, plan(10));
    email = (await createUser(server, 'supplier', { supplier })).email;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a rewritten plan without a reload (en, 1366 px)', async () => {
    const { page, errors } = await openPage(browser, server.url, { width: 1366, height: 768 }, 'en-GB');
    let loadReads = 0;
    page.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname === '/api/v1/shipments') loadReads++;
    });
    await page.locator('input[type="email"]').fill(email);
    await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
    await page.locator('input[autocomplete="current-password"]').press('Enter');
    const part = page.locator('article.demand-material', { hasText: 'HYD-200' });
    await part.waitFor();
    // The plant's days from today: what is left of today and six more, 10 an hour.
    const nextWeek = async () => Number(/Next 7 days: ([\d,.]+) pcs/.exec(await part.innerText())?.[1]?.replace(/[,.]/g, '') ?? NaN);
    const before = await nextWeek();
    expect(before).toBeGreaterThan(6 * 24 * 10);
    await page.locator('[data-connection="connected"]').waitFor();

    // The planner doubles the plan: the supplier's strip follows at once, nothing reloaded.
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await call('PUT', `/api/v1/materials/${material.id}/demand`, plan(20));
    await expect.poll(nextWeek, { timeout: 10_000 }).toBe(2 * before);
    expect(navigations).toEqual([]);
    // Its loads were read on opening and once after joining its rooms, not over and over (the
    // portal used to reload after every join, and join again after every reload).
    expect(loadReads).toBeLessThanOrEqual(3);
    await page.screenshot({ path: path.join(ARTIFACTS, 'supplier-demand-live-en-1366.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
