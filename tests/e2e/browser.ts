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

export async function openPage(browser: Browser, url: string, viewport = { width: 1920, height: 1080 }, locale?: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, ...(locale ? { locale } : {}) });
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

/**
 * The selectors whose elements are not wholly on screen sideways: hidden, past the window's
 * left or right edge, or cut off by a scrolling or clipping box around them. Every selector must
 * match at least one element; each match is checked. The page itself must not scroll sideways.
 */
export function offScreen(page: Page, selectors: readonly string[]): Promise<string[]> {
  return page.evaluate((list) => {
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${window.innerWidth})`);
    for (const selector of list) {
      const elements = [...document.querySelectorAll<HTMLElement>(selector)];
      if (elements.length === 0) problems.push(`${selector}: missing`);
      for (const el of elements) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) {
          problems.push(`${selector}: not shown`);
          continue;
        }
        let left = 0;
        let right = window.innerWidth;
        for (let up = el.parentElement; up; up = up.parentElement) {
          if (getComputedStyle(up).overflowX === 'visible') continue;
          const clip = up.getBoundingClientRect();
          left = Math.max(left, clip.left);
          right = Math.min(right, clip.right);
        }
        if (box.left < left - 1 || box.right > right + 1) problems.push(`${selector}: ${Math.round(box.left)}–${Math.round(box.right)} outside ${Math.round(left)}–${Math.round(right)}`);
      }
    }
    return problems;
  }, selectors);
}
