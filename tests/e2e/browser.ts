import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
// The page's `window.__dockwatch` diagnostics, typed for page.evaluate callbacks.
import type {} from '../../client/src/perf';
import { chromiumPath } from './chromium';

/**
 * Chromium (`CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`), headless, with the flags this
 * closed network needs (no background calls out). The e2e setup has made sure there is one.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

export async function openPage(browser: Browser, url: string, viewport = { width: 1920, height: 1080 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return { page, errors };
}

/** Text of one cell of a shipment's board row. */
export const cell = (page: Page, shipmentId: string, col: string) => page.locator(`tr[data-shipment-id="${shipmentId}"] [data-col="${col}"]`);
