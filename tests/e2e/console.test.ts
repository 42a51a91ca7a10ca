import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { embedded } from '../integration/helpers/backends';
import { startServer, type TestServer } from '../integration/helpers/server';
import { launchChromium, openPage } from './browser';

describe('a clean browser console', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startServer(embedded, { env: { CLIENT_DIR: inject('clientDir'), TILE_URL: '' } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('on the first visit to the sign-in page: no 401 from asking who is signed in', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByLabel('Email').waitFor();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('on the API docs: no Content-Security-Policy violation', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/api/docs`);
    await page.locator('.swagger-ui .info').waitFor();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
