import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DisruptionNotice } from '@dockwatch/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createWorld, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');

/** A datetime-local value for the next full hour in Berlin (the fixtures' site time). */
function berlinNextHour(): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(Math.ceil(Date.now() / 3_600_000) * 3_600_000).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

describe('disruption notices between a supplier and the planner', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let email: string;
  const supplier = 'Pumpenwerk Süd AG';

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server, { supplier });
    email = (await createUser(server, 'supplier', { supplier })).email;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [locale, viewport, acked, badgeText, newText] of [
    ['de-DE', { width: 1920, height: 1080 }, 'bestätigt von', '1 Störungsmeldung wartet auf Ihre Bestätigung', 'Neu'],
    ['en-GB', { width: 390, height: 844 }, 'acknowledged by', '1 disruption notice awaits your acknowledgement', 'New'],
  ] as const) {
    it(`a supplier posts a notice, the planner sees it live and acknowledges it, the supplier sees that (${locale}, ${viewport.width} px)`, async () => {
      const planner = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`, { width: 1920, height: 1080 }, locale);
      await planner.page.locator('section.notices').waitFor();
      const vendor = await openPage(browser, server.url, viewport, locale);
      await vendor.page.locator('input[type="email"]').fill(email);
      await vendor.page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await vendor.page.locator('input[autocomplete="current-password"]').press('Enter');
      const mine = vendor.page.locator('section.notices');
      await mine.locator('.notices-head button').click();
      const form = mine.locator('form.notice-form');
      await form.locator('select[name="cause"]').selectOption('production_breakdown');
      await form.locator('select[name="effect"]').selectOption('capacity_down');
      await form.locator('input[name="startsAt"]').fill(berlinNextHour());
      await form.locator('input[name="skus"]').fill('PMP-410');
      const text = `Press line 2 down, half output (${viewport.width})`;
      await form.locator('textarea[name="text"]').fill(text);
      await form.locator('button[type="submit"]').click();
      await mine.locator('li.notice', { hasText: text }).waitFor();

      // The planner's panel shows it without a reload, and the planner acknowledges it.
      const theirs = planner.page.locator('section.notices li.notice', { hasText: text });
      await theirs.waitFor();
      expect(await theirs.innerText()).toContain('PMP-410');
      // The header alerts the planner to a notice nobody at the plant has acknowledged yet.
      const badge = planner.page.locator('header button.notice-badge');
      await badge.waitFor();
      expect(await badge.getAttribute('data-awaiting-notices')).toBe('1');
      expect(await badge.getAttribute('aria-label')).toBe(badgeText);
      expect(await theirs.getAttribute('data-awaiting')).toBe('true');
      expect(await theirs.locator('.notice-new').innerText()).toBe(newText);
      await planner.page.screenshot({ path: path.join(ARTIFACTS, `notices-awaiting-${locale}-1920.png`) });
      await theirs.locator('button.primary').click();
      await badge.waitFor({ state: 'detached' });
      expect(await theirs.getAttribute('data-awaiting')).toBe('false');
      // The supplier's page shows the acknowledgement live.
      await mine.locator('li.notice', { hasText: text }).locator('.notice-acks').waitFor();
      expect(await mine.locator('li.notice', { hasText: text }).locator('.notice-acks').innerText()).toContain(acked);
      const stored = (await server.app.inject({ url: `/api/v1/notices?siteId=${world.site.id}`, headers: server.staff })).json<{ notices: DisruptionNotice[] }>().notices.find((n) => n.text === text)!;
      expect(stored).toMatchObject({ cause: 'production_breakdown', effect: 'capacity_down', skus: ['PMP-410'], author: { side: 'supplier' }, partner: { type: 'supplier', name: supplier } });
      expect(stored.acks).toHaveLength(1);
      await vendor.page.screenshot({ path: path.join(ARTIFACTS, `notices-portal-${locale}-${viewport.width}.png`), fullPage: true });
      await planner.page.screenshot({ path: path.join(ARTIFACTS, `notices-board-${locale}-1920.png`) });
      expect([...planner.errors, ...vendor.errors]).toEqual([]);
      await planner.page.context().close();
      await vendor.page.context().close();
    });
  }

  it("a planner posts a notice to a carrier from the form; the carrier's portal shows it live (en, 1366 px)", async () => {
    const dispatcher = (await createUser(server, 'carrier', { carrierId: world.carrier.id })).email;
    const carrierPage = await openPage(browser, server.url, { width: 1366, height: 768 }, 'en-GB');
    await carrierPage.page.locator('input[type="email"]').fill(dispatcher);
    await carrierPage.page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
    await carrierPage.page.locator('input[autocomplete="current-password"]').press('Enter');
    const theirs = carrierPage.page.locator('section.notices');
    await theirs.waitFor();
    await carrierPage.page.locator('[data-connection="connected"]').waitFor();

    const planner = await openPage(browser, `${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`, { width: 1366, height: 768 }, 'en-GB');
    const mine = planner.page.locator('section.notices');
    await mine.locator('.notices-head button').click();
    const form = mine.locator('form.notice-form');
    await form.locator('select[name="toKind"]').selectOption('carrier');
    await form.locator('select[name="carrierId"]').selectOption(world.carrier.id);
    await form.locator('select[name="cause"]').selectOption('logistics');
    await form.locator('select[name="effect"]').selectOption('capacity_down');
    await form.locator('input[name="startsAt"]').fill(berlinNextHour());
    const text = 'Gate 3 closed for resurfacing: use gate 1';
    await form.locator('textarea[name="text"]').fill(text);
    await form.locator('button[type="submit"]').click();
    await mine.locator('li.notice', { hasText: text }).waitFor();

    await theirs.locator('li.notice', { hasText: text }).waitFor();
    expect(await theirs.locator('li.notice', { hasText: text }).innerText()).toContain('from the plant');
    // The carrier's header says a notice awaits its acknowledgement.
    expect(await carrierPage.page.locator('header button.notice-badge').getAttribute('data-awaiting-notices')).toBe('1');
    await carrierPage.page.screenshot({ path: path.join(ARTIFACTS, 'notices-carrier-awaiting-en-1366.png') });
    const stored = (await server.app.inject({ url: `/api/v1/notices?siteId=${world.site.id}`, headers: server.staff })).json<{ notices: DisruptionNotice[] }>().notices.find((n) => n.text === text)!;
    expect(stored).toMatchObject({ cause: 'logistics', author: { side: 'plant' }, partner: { type: 'carrier', id: world.carrier.id } });
    await planner.page.screenshot({ path: path.join(ARTIFACTS, 'notices-to-carrier-en-1366.png') });
    expect([...planner.errors, ...carrierPage.errors]).toEqual([]);
    await planner.page.context().close();
    await carrierPage.page.context().close();
  });
});
