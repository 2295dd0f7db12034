/**
 * `npm run screenshots`: the pictures of the buttons in README.md and docs/, taken from the demo in Chromium
 * (Debian's /usr/bin/chromium, as the tests use) and written to docs/screenshots/. Run after
 * `npm run build` whenever the widget's look changes, then commit the PNGs.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../test/e2e/browser.ts';
import { startStack } from './stack.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url);

/** Waits until every widget mount on the page has its buttons and the fonts are in. */
async function settled(page: Page, count: number) {
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('[data-social-login-host]')].filter((host) =>
        host.shadowRoot?.querySelector('button'),
      ).length >= n,
    count,
    { timeout: 15_000 },
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** The gallery's matrix: 14 variants × 5 languages (demo/assets/gallery.js). */
const MATRIX_CELLS = 70;

if (!hasChromium) process.exit(1);
await mkdir(OUT, { recursive: true });
const stack = await startStack({ env: { SANDBOX: '1', LOG_LEVEL: 'warn' } });
const browser = await launchChromium();
try {
  const desktop = await browser.newContext({
    locale: 'ko-KR',
    viewport: { width: 3200, height: 1400 },
    deviceScaleFactor: 1,
  });
  const gallery = await desktop.newPage();
  await gallery.goto(`${stack.demoUrl}/`);
  // Let the matrix use the whole width instead of scrolling, for one picture of it.
  await gallery.addStyleTag({ content: '.gallery-main { max-width: none; }' });
  await settled(gallery, MATRIX_CELLS);
  // Every language side by side (the gallery's "All" tab).
  await gallery.locator('#tab-all').click();
  await gallery
    .locator('#gallery-matrix')
    .screenshot({ path: new URL('variants.png', OUT).pathname });

  const environments = await desktop.newPage();
  await environments.setViewportSize({ width: 1200, height: 900 });
  await environments.goto(`${stack.demoUrl}/`);
  await settled(environments, MATRIX_CELLS);
  // The environment previews are frames, each with its own widget.
  for (const frame of environments
    .frames()
    .filter((f) => f.url().includes('/gallery/frame.html'))) {
    await frame.waitForFunction(() =>
      document.querySelector('[data-social-login-host]')?.shadowRoot?.querySelector('button'),
    );
  }
  await environments.waitForTimeout(300);
  await environments.locator('#gallery-environments').screenshot({
    path: new URL('environments.png', OUT).pathname,
  });

  const login = await desktop.newPage();
  await login.setViewportSize({ width: 1000, height: 900 });
  await login.goto(`${stack.demoUrl}/member/login.html`);
  await settled(login, 1);
  await login
    .locator('.xans-member-login')
    .screenshot({ path: new URL('login-pc.png', OUT).pathname });

  const phone = await browser.newContext({
    locale: 'ko-KR',
    viewport: { width: 390, height: 700 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  const mobile = await phone.newPage();
  await mobile.goto(`${stack.demoUrl}/m/member/login.html`);
  await settled(mobile, 1);
  // The whole page, down to the event log's "Clear log" button.
  await mobile.screenshot({ path: new URL('login-mobile.png', OUT).pathname, fullPage: true });
  console.log(`Screenshots written to ${OUT.pathname}`);
} finally {
  await browser.close();
  await stack.close();
}
