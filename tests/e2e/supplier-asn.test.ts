import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Board } from '@dockwatch/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createWorld, type World } from '../integration/helpers/fixtures';
import { startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');

/** `2026-03-02T14:30` for a datetime-local field, in Berlin time, `hours` from now on the hour. */
function berlinWallTime(hours: number): string {
  const at = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + hours * 3_600_000;
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

describe('a supplier announces its own load from the partner portal', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let email: string;
  const supplier = 'Hydraulik Nord GmbH';

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server, { supplier });
    const rules = await server.app.inject({ method: 'PUT', url: `/api/v1/sites/${world.site.id}/asn-rules`, headers: server.staff, payload: { suppliers: [supplier], docks: ['D1', 'D2'], minLeadMinutes: 60, maxDaysAhead: 7 } });
    expect(rules.statusCode).toBe(200);
    email = (await createUser(server, 'supplier', { supplier })).email;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [locale, viewport, tooSoon] of [
    ['de-DE', { width: 1920, height: 1080 }, 'frühestens in 60 min'],
    ['en-GB', { width: 1366, height: 768 }, 'at least 60 min'],
    ['en-GB', { width: 390, height: 844 }, 'at least 60 min'],
  ] as const) {
    it(`checks the plant's rules, then puts the load on the plant's board (${locale}, ${viewport.width} px)`, async () => {
      const { page, errors } = await openPage(browser, server.url, viewport, locale);
      await page.locator('input[type="email"]').fill(email);
      await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await page.locator('input[autocomplete="current-password"]').press('Enter');
      const section = page.locator('section.announce');
      await section.locator('button[aria-expanded]').click();
      const form = section.locator('form');
      const reference = `ASN-${viewport.width}`;
      await form.locator('input[name="reference"]').fill(reference);
      await form.locator('select[name="dock"]').selectOption('D2');
      await form.locator('textarea[name="items"]').fill('HYD-220 120\nVLV-310;40');
      // Too soon for the plant's 60 min lead: said before anything is sent.
      await form.locator('input[name="windowStart"]').fill(berlinWallTime(0));
      await form.locator('button[type="submit"]').click();
      await expect.poll(() => form.locator('[role="alert"]').innerText()).toContain(tooSoon);
      await form.locator('input[name="windowStart"]').fill(berlinWallTime(3));
      await page.screenshot({ path: path.join(ARTIFACTS, `portal-announce-${locale}-${viewport.width}.png`), fullPage: true });
      await form.locator('button[type="submit"]').click();
      await section.locator('[role="status"]').waitFor();
      expect(await section.locator('[role="status"]').innerText()).toContain(reference);
      // The plant's board has it, as this supplier's, with its parts; the supplier's list too.
      const board = (await server.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: server.staff })).json<Board>();
      expect(board.shipments.find((s) => s.reference === reference)).toMatchObject({ supplier, dock: 'D2', items: [{ sku: 'HYD-220', quantity: 120 }, { sku: 'VLV-310', quantity: 40 }] });
      await page.locator(`tr`, { hasText: reference }).first().waitFor();
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
