import type { DeviceCreated } from '@dockwatch/shared';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, PASSWORD } from '../integration/helpers/access';
import { embedded } from '../integration/helpers/backends';
import { createWorld, PLANT, type World } from '../integration/helpers/fixtures';
import { HOSTILE } from '../integration/helpers/hostile';
import { startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

const ARTIFACTS = path.resolve('tests/artifacts');

describe('device management in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let world: World;
  let hostile: DeviceCreated;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
    world = await createWorld(server);
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff, payload: { name: HOSTILE.supplier } });
    hostile = res.json<DeviceCreated>();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A ping over the real HTTP API, as a telematics box would post it; answers the status. */
  const postPing = async (token: string) => {
    const res = await fetch(`${server.url}/api/v1/pings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ts: new Date().toISOString(), lat: PLANT.lat + 0.3, lon: PLANT.lon }),
    });
    return res.status;
  };
  const tokenField = (page: Page) => page.getByRole('textbox', { name: 'Device token', exact: true });

  it('an admin registers a device, sees its health, rotates its token and revokes it', async () => {
    const admin = await createUser(server, 'admin');
    const { page, errors } = await openPage(browser, server.url);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Site').selectOption(world.site.id);
    await page.getByRole('button', { name: 'Devices' }).click();
    const screen = page.getByRole('main', { name: 'Devices' });
    await screen.getByLabel('Carrier').selectOption(world.carrier.id);

    // The carrier's devices, partner text shown literally.
    const hostileRow = page.locator(`tr[data-device-id="${hostile.id}"]`);
    await hostileRow.waitFor();
    expect(await hostileRow.locator('td').first().textContent()).toBe(HOSTILE.supplier);
    expect(await page.locator('main b').count()).toBe(0);

    // Register: the token is shown once, in a field to copy, with a word that it will not come back.
    await page.getByLabel("New device's name").fill('Yard tractor 7');
    await page.getByRole('button', { name: 'Register device' }).click();
    await expect.poll(() => tokenField(page).inputValue()).toMatch(/^dwd_/);
    const firstToken = await tokenField(page).inputValue();
    expect(await page.getByRole('region', { name: 'New device token' }).textContent()).toContain('Shown only now');
    const row = page.locator('tr', { hasText: 'Yard tractor 7' });
    expect(await row.locator('[data-col="last-seen"]').textContent()).toBe('never');
    expect(await row.locator('[data-col="rejected"]').textContent()).toBe('0');
    await page.getByRole('button', { name: 'Done' }).click();
    await tokenField(page).waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(firstToken);

    // The device reports: one fix the filters drop (0,0, over the OsmAnd protocol, with battery), then one good ping.
    const osmand = await fetch(`${server.url}/osmand?id=${firstToken}&lat=0&lon=0&batt=76&charge=true`, { method: 'POST' });
    expect(osmand.status).toBe(200);
    expect(await postPing(firstToken)).toBe(202);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => row.locator('[data-col="last-seen"]').textContent()).toBe('just now');
    expect(await row.locator('[data-col="protocol"]').textContent()).toBe('Dockwatch API');
    expect(await row.locator('[data-col="battery"]').textContent()).toBe('76 % · charging');
    expect(await row.locator('[data-col="rejected"]').textContent()).toContain('1 · invalid coordinates 1');
    await row.getByRole('button', { name: 'Show latest' }).click();
    const dropped = page.getByRole('list', { name: 'Latest dropped fixes of Yard tractor 7' });
    await expect.poll(() => dropped.textContent()).toContain('invalid coordinates0.00000, 0.00000');

    // Rotate, by keyboard: the confirmation starts on Cancel, and Escape backs out.
    await row.getByRole('button', { name: 'Rotate token…' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await page.getByRole('group', { name: 'Confirm token rotation' }).waitFor({ state: 'detached' });
    expect(await postPing(firstToken)).toBe(202);
    await row.getByRole('button', { name: 'Rotate token…' }).click();
    await page.getByRole('group', { name: 'Confirm token rotation' }).getByRole('button', { name: 'Rotate token', exact: true }).click();
    await expect.poll(async () => (await tokenField(page).count()) > 0 && (await tokenField(page).inputValue()) !== firstToken).toBe(true);
    const newToken = await tokenField(page).inputValue();
    expect(newToken).toMatch(/^dwd_/);
    expect(await page.getByRole('region', { name: 'New device token' }).textContent()).toContain('The previous token has stopped working');
    expect(await postPing(firstToken)).toBe(401);
    expect(await postPing(newToken)).toBe(202);
    await page.screenshot({ path: path.join(ARTIFACTS, 'devices-admin.png') });

    // Revoke: the row says so in words and offers nothing more; the token is refused.
    await row.getByRole('button', { name: 'Revoke…' }).click();
    await page.getByRole('group', { name: 'Confirm revocation' }).getByRole('button', { name: 'Revoke device' }).click();
    await expect.poll(() => row.locator('[data-col="state"]').textContent()).toMatch(/^✕ Revoked \d\d:\d\d/);
    expect(await row.getByRole('button', { name: 'Rotate token…' }).isDisabled()).toBe(true);
    expect(await row.getByRole('button', { name: 'Revoke…' }).isDisabled()).toBe(true);
    await tokenField(page).waitFor({ state: 'detached' });
    expect(await postPing(newToken)).toBe(401);
    await page.screenshot({ path: path.join(ARTIFACTS, 'devices-revoked.png') });

    // A device revoked elsewhere since the list loaded: the refusal is explained in words.
    await server.app.inject({ method: 'DELETE', url: `/api/v1/carriers/${world.carrier.id}/devices/${hostile.id}`, headers: server.staff });
    await hostileRow.getByRole('button', { name: 'Rotate token…' }).click();
    await page.getByRole('button', { name: 'Rotate token', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That device was revoked meanwhile: register a new device instead.');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The refused rotation: nothing else (a first visit no longer logs a 401).
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await page.context().close();
  });

  it('the Devices screen says in words which devices send only heartbeats, fixes without GPS lock or encrypted messages', async () => {
    const register = async (name: string) =>
      (await server.app.inject({ method: 'POST', url: `/api/v1/carriers/${world.carrier.id}/devices`, headers: server.staff, payload: { name } })).json<DeviceCreated>();
    const [roof, noLock, sealed] = [await register('Under a roof'), await register('No GPS lock'), await register('Sealed phone')];
    const now = Math.floor(Date.now() / 1000);
    // As the apps send them: Traccar Client 10's heartbeat form, a tracker's valid=false, OwnTracks with encryption on.
    const heartbeat = await fetch(`${server.url}/osmand`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: `id=${roof.token}&timestamp=${now}&batt=64&charge=false`,
    });
    expect([heartbeat.status, await heartbeat.text()]).toEqual([200, '']);
    const invalid = await fetch(`${server.url}/osmand?id=${noLock.token}&valid=false&timestamp=${now}&lat=${PLANT.lat + 0.2}&lon=${PLANT.lon}`);
    expect(invalid.status).toBe(200);
    const encrypted = await fetch(`${server.url}/owntracks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`driver:${sealed.token}`).toString('base64')}` },
      body: '{"_type":"encrypted","data":"c2VhbGVk"}',
    });
    expect([encrypted.status, await encrypted.text()]).toEqual([200, '[]']);

    const admin = await createUser(server, 'admin');
    const { page, errors } = await openPage(browser, server.url);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Site').selectOption(world.site.id);
    await page.getByRole('button', { name: 'Devices' }).click();
    await page.getByRole('main', { name: 'Devices' }).getByLabel('Carrier').selectOption(world.carrier.id);
    const rowOf = (d: DeviceCreated) => page.locator(`tr[data-device-id="${d.id}"]`);
    await rowOf(sealed).waitFor();
    expect(await rowOf(roof).locator('[data-col="reporting"]').textContent()).toBe('Heartbeats only, no GPS fix: no position yet');
    expect(await rowOf(roof).locator('[data-col="battery"]').textContent()).toBe('64 % · on battery');
    expect(await rowOf(noLock).locator('[data-col="reporting"]').textContent()).toBe('Fixes without GPS lock, dropped: no position yet');
    expect(await rowOf(sealed).locator('[data-col="reporting"]').textContent()).toBe('Encrypted messages, dropped unread: turn off encryption in OwnTracks');
    expect(await rowOf(sealed).locator('[data-col="protocol"]').textContent()).toBe('OwnTracks');

    await rowOf(noLock).getByRole('button', { name: 'Show latest' }).click();
    const dropped = page.getByRole('list', { name: 'Latest dropped fixes of No GPS lock' });
    await expect.poll(() => dropped.textContent()).toContain('no GPS lock (marked invalid by the device)');
    await rowOf(sealed).getByRole('button', { name: 'Show latest' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Latest dropped fixes of Sealed phone' }).textContent()).toContain('encrypted (OwnTracks encryption is on)no position');
    await page.screenshot({ path: path.join(ARTIFACTS, 'devices-states.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
