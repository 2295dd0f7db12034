/**
 * Keyboard-only shoppers: Tab reaches each login button in page order, the focused button shows a
 * visible focus ring, and Enter starts the login (the provider's consent page opens).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../scripts/stack.ts';
import { hasChromium, launchChromium } from './browser.ts';

/** The focused element, looking inside shadow roots: its provider, or its tag for store elements. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return null;
    const provider = active.getAttribute('data-provider');
    if (provider) return `${provider} button`;
    return active.id ? `#${active.id}` : active.tagName.toLowerCase();
  });

/** Presses Tab until `target` has focus; the stops on the way, in order. */
async function tabTo(page: Page, target: string, limit = 30): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    stops.push(String(now));
    if (now === target) return stops;
  }
  throw new Error(`Tab never reached ${target}; stops: ${stops.join(' → ')}`);
}

describe.skipIf(!hasChromium)('keyboard-only login', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ env: { SANDBOX: '1', LOG_LEVEL: 'warn' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  beforeEach(async () => {
    await context?.close();
    context = await browser.newContext({ locale: 'ko-KR' });
    page = await context.newPage();
    await page.goto(`${stack.demoUrl}/member/login.html`);
    await expect
      .poll(() => page.locator('[data-social-login-host] button').count(), { timeout: 10_000 })
      .toBe(2);
  });

  it('reaches the Kakao then the Naver button with Tab, after the store form, with a visible focus ring', async () => {
    const stops = await tabTo(page, 'kakao button');
    // The store's own form comes first, as on the page.
    expect(stops.indexOf('#member_id')).toBeGreaterThanOrEqual(0);
    expect(stops.indexOf('#member_id')).toBeLessThan(stops.indexOf('kakao button'));
    const ring = () =>
      page.evaluate(() => {
        const host = document.querySelector('[data-social-login-host]');
        const button = host?.shadowRoot?.activeElement;
        if (!button) return null;
        const style = getComputedStyle(button);
        return { style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor };
      });
    expect(await ring()).toEqual({ style: 'solid', width: '3px', color: 'rgb(26, 95, 208)' });

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('naver button');
    expect(await ring()).toEqual({ style: 'solid', width: '3px', color: 'rgb(26, 95, 208)' });
    // Shift+Tab goes back.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('kakao button');
  });

  for (const provider of ['kakao', 'naver'] as const) {
    it(`starts the ${provider} login with Enter: the consent page opens`, async () => {
      await tabTo(page, `${provider} button`);
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('[data-sandbox-action="agree"]').count(), { timeout: 15_000 })
        .toBe(1);
      expect(new URL(page.url()).pathname).toContain(provider === 'kakao' ? '/kauth/' : '/nid/');
    });
  }

  it('keeps the ring off for mouse clicks (focus-visible), so pointer users see the design', async () => {
    await page.locator('#member_id').click();
    const host = page.locator('[data-social-login-host]');
    const naver = host.getByRole('button', { name: '네이버 로그인' });
    const outline = await naver.evaluate((button) => {
      (button as HTMLElement).focus();
      return getComputedStyle(button).outlineStyle;
    });
    // Focus by script after a pointer interaction is not focus-visible in Chromium.
    expect(outline).toBe('none');
  });
});

describe.skipIf(!hasChromium)('the gallery, by keyboard', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ env: { SANDBOX: '1', LOG_LEVEL: 'warn' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('re-mounts the preview and writes the exact tag as the designer changes settings', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${stack.demoUrl}/`);
    const preview = page.locator('#preview');
    await expect.poll(() => preview.getByRole('button').count(), { timeout: 10_000 }).toBe(2);

    // Keyboard only: focus a select, pick with the arrow keys.
    await page.locator('select[name="lang"]').focus();
    await page.keyboard.press('ArrowDown'); // ko → en
    await page.locator('select[name="size"]').focus();
    await page.keyboard.press('ArrowDown'); // medium → large
    await page.locator('select[name="providers"]').focus();
    await page.keyboard.press('ArrowDown'); // kakao,naver → naver,kakao

    await expect
      .poll(() => preview.getByRole('button').allTextContents())
      .toEqual(['Log in with NAVER', 'Login with Kakao']);
    const height = await preview
      .getByRole('button')
      .first()
      .evaluate((b) => b.getBoundingClientRect().height);
    expect(height).toBe(56);
    const tag = await page.locator('#script-tag').textContent();
    expect(tag).toContain(`<script async src="${stack.demoUrl}/social-login.js"`);
    expect(tag).toContain(`data-backend="${stack.backendUrl}"`);
    expect(tag).toContain('data-lang="en"');
    expect(tag).toContain('data-size="large"');
    expect(tag).toContain('data-providers="naver,kakao"');
    expect(tag).not.toContain('data-shape');
    expect(tag?.endsWith('></script>')).toBe(true);
    await context.close();
  });
});
