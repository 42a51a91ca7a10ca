import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HOSTILE } from '../integration/helpers/hostile';
import { createToken, createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createShipment, createWorld, type World } from '../integration/helpers/fixtures';
import { startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');

describe('sign-in, partner portal and wall-screen links in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let mine: World;
  let theirs: World;
  let hostileId: string;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    mine = await createWorld(server);
    theirs = await createWorld(server);
    const hostile = await createShipment(server, { siteId: mine.site.id, carrierId: mine.carrier.id, reference: HOSTILE.reference, supplier: HOSTILE.supplier });
    hostileId = hostile.id;
    await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${hostile.id}/events`, headers: server.staff, payload: { type: 'delayed', note: HOSTILE.note } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signIn = async (email: string) => {
    const watched = await openPage(browser, server.url);
    const { page } = watched;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    return watched;
  };

  it('a carrier signs in and sees only its own loads, with partner text shown literally and no script run', async () => {
    const user = await createUser(server, 'carrier', { carrierId: mine.carrier.id });
    const { page, errors } = await signIn(user.email);
    const row = page.locator(`tr[data-shipment-id="${hostileId}"]`);
    await row.waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    expect(await page.locator(`tr[data-shipment-id="${theirs.shipment.id}"]`).count()).toBe(0);
    expect(await row.locator('.ref').textContent()).toBe(HOSTILE.reference);
    expect(await row.locator('td').nth(2).textContent()).toBe(HOSTILE.supplier);

    await row.click();
    const note = page.locator('.portal-history .note');
    await note.waitFor();
    expect(await note.textContent()).toBe(HOSTILE.note);
    expect(await page.locator('main script, main img, main b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The session cookie is invisible to scripts.
    expect(await page.evaluate(() => document.cookie)).not.toContain('dw_session');
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
    await page.screenshot({ path: path.join(ARTIFACTS, 'partner-portal.png') });
    // A first visit does not ask the server who it is (no 401 logged); no CSP violation, no exception.
    expect(errors).toEqual([]);

    // Live: the plant's clerk marks the truck arrived; the portal follows.
    await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${mine.shipment.id}/events`, headers: server.staff, payload: { type: 'arrived' } });
    await expect.poll(() => page.locator(`tr[data-shipment-id="${mine.shipment.id}"] [data-col="status"]`).textContent()).toBe('Arrived');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    await page.context().close();
  });

  it('a clerk signs in to the board of their own site only; a wrong password is refused', async () => {
    const user = await createUser(server, 'clerk', { siteIds: [mine.site.id] });
    const wrong = await openPage(browser, server.url);
    await wrong.page.getByLabel('Email').fill(user.email);
    await wrong.page.getByLabel('Password', { exact: true }).fill('not my password');
    await wrong.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => wrong.page.getByRole('alert').textContent()).toContain('wrong');
    await wrong.page.context().close();

    const { page } = await signIn(user.email);
    await page.locator(`tr[data-shipment-id="${mine.shipment.id}"]`).waitFor();
    const options = await page.getByLabel('Site').locator('option').allTextContents();
    expect(options).toEqual([mine.site.name]);
    const hostileRow = page.locator(`tr[data-shipment-id="${hostileId}"]`);
    expect(await hostileRow.locator('.ref').textContent()).toBe(HOSTILE.reference);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // The clerk changes the password, signs out, and gets back in only with the new one.
    await page.getByRole('button', { name: 'Password' }).click();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill('a much newer passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Password' }).textContent()).toContain('Password changed');
    await page.screenshot({ path: path.join(ARTIFACTS, 'password-change.png') });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill('a much newer passphrase');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator(`tr[data-shipment-id="${mine.shipment.id}"]`).waitFor();
    await page.context().close();
  });

  it('opens the board from a wall-screen link, hides the token, and signs out when the token is revoked', async () => {
    const wall = await createToken(server, { name: 'Dock office screen', role: 'viewer', siteIds: [mine.site.id] });
    const { page } = await openPage(browser, `${server.url}/?site=${mine.site.id}&token=${wall.token}`);
    await page.locator(`tr[data-shipment-id="${mine.shipment.id}"]`).waitFor();
    expect(page.url()).toBe(`${server.url}/?site=${mine.site.id}`);
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-screen.png') });

    await server.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${wall.id}`, headers: server.staff });
    await page.getByLabel('Email').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('alert').textContent()).toMatch(/revoked|no longer valid|not accepted/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in.png') });
    await page.context().close();
  });

  it('an admin makes a wall-screen link, revokes it, and disables a user from the Access page', async () => {
    const admin = await createUser(server, 'admin');
    const viewer = await createUser(server, 'viewer', { siteIds: [mine.site.id] });
    const { page } = await signIn(admin.email);
    await page.getByLabel('Site').selectOption(mine.site.id);
    await page.getByRole('button', { name: 'Access' }).click();
    await page.getByRole('button', { name: 'Create wall-screen link' }).click();
    const link = await page.getByLabel('Wall-screen link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/\\?site=${mine.site.id}&token=dwt_`));

    const screen = await openPage(browser, link);
    await screen.page.locator(`tr[data-shipment-id="${mine.shipment.id}"]`).waitFor();
    const viewerPage = await signIn(viewer.email);
    await viewerPage.page.locator(`tr[data-shipment-id="${mine.shipment.id}"]`).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'access-admin.png') });

    // Destructive steps ask first; Cancel changes nothing.
    await page.locator('tr', { hasText: `Wall screen · ${mine.site.name}` }).getByRole('button', { name: 'Revoke…' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('button', { name: 'Revoke token' }).count()).toBe(0);
    await page.locator('tr', { hasText: `Wall screen · ${mine.site.name}` }).getByRole('button', { name: 'Revoke…' }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await screen.page.getByLabel('Email').waitFor({ timeout: 15_000 });
    // The signed-in admin cannot disable their own account.
    expect(await page.locator('tr', { hasText: admin.email }).getByRole('button', { name: 'Disable…' }).isDisabled()).toBe(true);
    await page.locator('tr', { hasText: viewer.email }).getByRole('button', { name: 'Disable…' }).click();
    expect(await page.getByRole('group', { name: 'Disable user' }).textContent()).toContain(`Disable ${viewer.email}?`);
    await page.getByRole('button', { name: 'Disable user' }).click();
    await viewerPage.page.getByLabel('Email').waitFor({ timeout: 15_000 });
    for (const p of [page, screen.page, viewerPage.page]) await p.context().close();
  });
});
