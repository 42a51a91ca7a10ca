import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Carrier, DeviceCreated, Receipt } from '@dockwatch/shared';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PARTS, SUPPLIERS } from '../../server/src/simulator/simulator';
import { planHistory, seedScorecardHistory } from '../../server/src/simulator/scorecard-history';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createShipment, createWorld, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium } from './browser';

/** Screenshots go where the caller says (a folder outside the repository), else with the other artifacts. */
const SHOTS = process.env.SCREENSHOT_DIR ?? path.resolve('tests/artifacts');
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
];
const TEXT = {
  en: { button: 'Scorecards', onTime: 'On time', back: 'All partners', own: 'Your scorecard', signIn: 'Sign in', email: 'Email', password: 'Password', tierReason: /^Why: score [\d.]+ (reaches|passed the) gold/ },
  de: { button: 'Scorecards', onTime: 'Pünktlich', back: 'Alle Partner', own: 'Ihre Scorecard', signIn: 'Anmelden', email: 'E-Mail', password: 'Passwort', tierReason: /^Grund: Punktzahl [\d,]+ (erreicht gold|hat die Schwelle von gold)/ },
} as const;

describe('partner scorecards in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let carriers: Carrier[];

  const post = async <T,>(url: string, payload: object) => {
    const res = await server.app.inject({ method: 'POST', url, headers: server.staff, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<T>();
  };

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server);
    carriers = [world.carrier, ...(await Promise.all(['Danube Freight', 'Nordland Trans', 'Rhine Cargo'].map((name) => post<Carrier>('/api/v1/carriers', { name }))))];
    const partners = [{ carrierId: world.carrier.id, deviceId: world.device.id }];
    for (const c of carriers.slice(1)) partners.push({ carrierId: c.id, deviceId: (await post<DeviceCreated>(`/api/v1/carriers/${c.id}/devices`, { name: 'Truck' })).id });
    const now = Date.now();
    // Ten weeks of history through the same code as the demo: the first carrier punctual and tracked, the last often late and never tracked.
    expect(await seedScorecardHistory(server.app, world.site, planHistory(world.site, partners, SUPPLIERS.slice(0, 4), PARTS, now), now)).toBeGreaterThan(100);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (url: string, viewport: (typeof SIZES)[number], lang: 'en' | 'de') => {
    const context = await browser.newContext({ viewport });
    await context.addInitScript((l) => localStorage.setItem('dockwatch.language', l), lang);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m: ConsoleMessage) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(url);
    return { page, errors };
  };
  /** Nothing a planner reads is cut off sideways. */
  const fitsSideways = (page: Page, selector: string) =>
    page.evaluate((sel) => [...document.querySelectorAll(sel)].every((el) => {
      const r = el.getBoundingClientRect();
      return r.right <= window.innerWidth + 1 && r.left >= -1;
    }), selector);

  for (const lang of ['en', 'de'] as const) {
    for (const size of SIZES) {
      it(`a planner ranks the partners, sorts them, opens one and clicks through to a load (${lang}, ${size.width} px)`, async () => {
        const text = TEXT[lang];
        const { page, errors } = await open(`${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`, size, lang);
        await page.locator('[data-connection="connected"]').waitFor();
        // The gold carrier's load is marked on the clerks' board: priority at the dock.
        await page.locator(`tr[data-shipment-id="${world.shipment.id}"] .priority-badge`).waitFor();
        if (size.width === 1366) await page.screenshot({ path: path.join(SHOTS, `board-priority-${lang}-${size.width}.png`) });
        await page.getByRole('button', { name: text.button, exact: true }).click();
        const dialog = page.locator('dialog.scorecards-panel');
        const rows = dialog.locator('tbody tr[data-partner^="carrier:"]');
        await expect.poll(() => rows.count()).toBe(4);
        await page.screenshot({ path: path.join(SHOTS, `scorecards-table-${lang}-${size.width}.png`) });
        // Best score first: the punctual, tracked carrier on top, the late untracked one last.
        const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-partner')));
        expect(order[0]).toBe(`carrier:${carriers[0]!.id}`);
        expect(order[3]).toBe(`carrier:${carriers[3]!.id}`);
        expect(await dialog.locator(`tr[data-partner="carrier:${carriers[0]!.id}"] .tier-badge`).innerText()).toMatch(/gold/i);
        expect(await dialog.locator('tbody tr .sparkline polyline').count()).toBeGreaterThan(0);
        expect(await fitsSideways(page, 'dialog.scorecards-panel tbody [data-col]')).toBe(true);

        if (size.width > 700) {
          // Sorting by on time, worst first after a second click on its header.
          await dialog.locator('button.sort[data-sort="onTimeShare"]').click();
          await dialog.locator('button.sort[data-sort="onTimeShare"]').click();
          expect(await dialog.locator('tbody tr[data-partner^="carrier:"]').first().getAttribute('data-partner')).toBe(`carrier:${carriers[3]!.id}`);
        } else {
          // A phone has no header row: it sorts from a list, best first; by loads, the busiest first.
          await dialog.locator('.sort-picker select').selectOption('loads');
          const loads = await dialog.locator('tbody tr [data-col="loads"]').allInnerTexts();
          expect(loads.map(Number)).toEqual([...loads.map(Number)].sort((a, b) => b - a));
        }

        // The partner page: measures against the site average, charts, the loads behind a figure.
        await dialog.locator(`tr[data-partner="carrier:${carriers[2]!.id}"] button.link`).click();
        const page2 = dialog.locator(`.partner-scorecard[data-partner="carrier:${carriers[2]!.id}"]`);
        await page2.waitFor();
        expect(await page2.locator('[data-measure="onTimeShare"] .measure-value').innerText()).toMatch(/%/);
        await page2.locator('[data-chart="weeks"] rect.bar-on-time').first().waitFor();
        await page2.locator('[data-measure="trackedShare"] button').click();
        const loads = page2.locator('.loads-table tbody tr');
        expect(await loads.count()).toBeGreaterThan(10);
        expect(await fitsSideways(page, '.partner-scorecard .measure-card')).toBe(true);
        await page.screenshot({ path: path.join(SHOTS, `scorecards-partner-${lang}-${size.width}.png`), fullPage: true });
        await page.emulateMedia({ media: 'print' });
        await page.screenshot({ path: path.join(SHOTS, `scorecards-print-${lang}-${size.width}.png`), fullPage: true });
        await page.emulateMedia({ media: 'screen' });
        expect(await dialog.getByRole('button', { name: text.back }).count()).toBe(1);
        // Click through to the shipment: the dialog closes and the load's panel opens, received as it is.
        const reference = await loads.first().locator('button.link').innerText();
        await loads.first().locator('button.link').click();
        await expect.poll(() => dialog.count()).toBe(0);
        await page.locator('aside.shipment-panel').filter({ hasText: reference }).waitFor();
        expect(errors).toEqual([]);
        await page.context().close();
      });
    }

    it(`a carrier sees its own card and tier beside the site average, and nobody else's (${lang})`, async () => {
      const text = TEXT[lang];
      const user = await createUser(server, 'carrier', { carrierId: carriers[0]!.id });
      for (const size of SIZES) {
        const { page, errors } = await open(server.url, size, lang);
        await page.getByLabel(text.email).fill(user.email);
        await page.getByLabel(text.password, { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: text.signIn, exact: true }).click();
        const own = page.locator('section.own-scorecard');
        await own.locator(`.partner-scorecard[data-partner="carrier:${carriers[0]!.id}"]`).waitFor();
        expect(await own.getByRole('heading', { name: text.own }).count()).toBe(1);
        expect(await own.locator('.tier[data-tier="gold"]').count()).toBe(1);
        // The partner reads why it holds its tier, in its own language.
        expect(await own.locator('.tier[data-tier="gold"] .tier-reason').innerText()).toMatch(text.tierReason);
        expect(await own.locator('[data-measure="onTimeShare"] .measure-average').innerText()).toMatch(/\d/);
        const html = await own.innerHTML();
        for (const other of carriers.slice(1)) expect(html).not.toContain(other.id);
        expect(await fitsSideways(page, 'section.own-scorecard .measure-card')).toBe(true);
        await page.screenshot({ path: path.join(SHOTS, `scorecards-portal-${lang}-${size.width}.png`), fullPage: true });
        expect(errors).toEqual([]);
        await page.context().close();
      }
    });
  }

  it('a gold carrier earns its loads a one-tap receipt: the clerk books them as announced, everyone else is counted line by line (de)', async () => {
    // A supplier without a tier, so only the carrier's tier decides.
    const load = async (carrierId: string) => {
      const s = await createShipment(server, { siteId: world.site.id, carrierId, supplier: 'Ohne Stufe GmbH', items: [{ sku: 'HYD-220', description: 'Ventil', quantity: 120 }] });
      expect((await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${s.id}/events`, headers: server.staff, payload: { type: 'arrived' } })).statusCode).toBe(201);
      return s;
    };
    const gold = await load(carriers[0]!.id);
    const other = await load(carriers[3]!.id);
    const { page, errors } = await open(`${server.url}/?site=${world.site.id}&token=${ADMIN_TOKEN}`, SIZES[1]!, 'de');
    await page.locator('[data-connection="connected"]').waitFor();

    await page.locator(`tr[data-shipment-id="${other.id}"]`).click();
    const panel = page.locator('aside.shipment-panel');
    await panel.filter({ hasText: other.reference }).waitFor();
    expect(await panel.getByRole('button', { name: 'Eingang wie avisiert' }).count()).toBe(0);
    await panel.getByRole('button', { name: 'Eingegangen…' }).click();
    await panel.locator('form.receive-form').waitFor();

    await page.locator(`tr[data-shipment-id="${gold.id}"]`).click();
    await panel.filter({ hasText: gold.reference }).waitFor();
    expect(await panel.locator('form.receive-form').count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Eingang wie avisiert' }).getAttribute('title')).toContain(carriers[0]!.name);
    await page.screenshot({ path: path.join(SHOTS, 'one-tap-receipt-de-1366.png') });
    await panel.getByRole('button', { name: 'Eingang wie avisiert' }).click();
    // Booked at once, with the undo every receipt has.
    await page.locator(`.undo-bar[data-receipt="${gold.id}"]`).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'one-tap-received-de-1366.png') });
    const { receipts } = (await server.app.inject({ method: 'GET', url: `/api/v1/shipments/${gold.id}/receipts`, headers: server.staff })).json<{ receipts: Receipt[] }>();
    expect(receipts[0]!.items).toMatchObject([{ sku: 'HYD-220', expectedQuantity: 120, quantity: 120 }]);
    // The count stays one click away.
    await page.locator(`tr[data-shipment-id="${other.id}"]`).click();
    await panel.filter({ hasText: other.reference }).waitFor();
    expect(await panel.getByRole('button', { name: 'Eingegangen…' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
