/**
 * Keyboard-only shoppers: Tab reaches each login button in page order, the focused button shows a
 * visible focus ring, and Enter starts the login (the provider's consent page opens).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults.ts';
import { hasChromium, useSuite } from './browser.ts';

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
  const suite = useSuite();
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    await context?.close();
    context = await suite.browser.newContext({ locale: 'ko-KR' });
    page = await context.newPage();
    await page.goto(`${suite.stack.demoUrl}/member/login.html`);
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
  const suite = useSuite();

  /** This demo's tag, attribute by attribute, with the chosen settings' attributes last. */
  const demoTag = (settings: string[]) => {
    const lines = [
      `<script async src="${suite.stack.demoUrl}/social-login.js"`,
      `  data-backend="${suite.stack.backendUrl}"`,
      `  data-kakao-js-key="${SANDBOX_CREDENTIALS.kakaoJsKey}"`,
      `  data-naver-client-id="${SANDBOX_CREDENTIALS.naverClientId}"`,
      `  data-sandbox="${suite.stack.backendUrl}/sandbox"`,
      ...settings.map((attribute) => `  ${attribute}`),
    ];
    return `${lines.join('\n')}></script>`;
  };

  it('writes data-lang in the demo’s tag even for Korean: the page’s own language would win otherwise', async () => {
    const context = await suite.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${suite.stack.demoUrl}/`);
    const code = page.locator('#script-tag');
    await page.locator('#tag-production').uncheck();
    await expect.poll(() => code.textContent()).toBe(demoTag(['data-lang="ko"']));
    await page.selectOption('select[name="shape"]', 'pill');
    await page.selectOption('select[name="theme"]', 'light');
    await page.selectOption('select[name="layout"]', 'horizontal');
    await expect
      .poll(() => code.textContent())
      .toBe(
        demoTag([
          'data-lang="ko"',
          'data-shape="pill"',
          'data-theme="light"',
          'data-layout="horizontal"',
        ]),
      );
    // The preview's login box has the room for English labels side by side.
    await page.selectOption('select[name="lang"]', 'en');
    const buttons = page.locator('#preview').getByRole('button');
    await expect.poll(() => buttons.first().textContent()).toBe('Login with Kakao');
    const tops = await buttons.evaluateAll((all) => all.map((b) => b.getBoundingClientRect().top));
    expect(tops).toHaveLength(2);
    expect(tops[0]).toBe(tops[1]);
    await context.close();
  });

  it('shows the production tag by default, as a merchant pastes it: the container, the backend serving the widget, their keys, no sandbox, the page’s language', async () => {
    const context = await suite.browser.newContext({ locale: 'ko-KR' });
    const page = await context.newPage();
    await page.goto(`${suite.stack.demoUrl}/?lang=ja`);
    const code = page.locator('#script-tag');
    expect(await page.locator('#tag-production').isChecked()).toBe(true);
    await expect
      .poll(() => code.textContent())
      .toBe(
        [
          '<div data-social-login></div>',
          '<script async src="https://auth.example.com/social-login.js"',
          '  data-backend="https://auth.example.com"',
          '  data-kakao-js-key="YOUR_KAKAO_JAVASCRIPT_KEY"',
          '  data-naver-client-id="YOUR_NAVER_CLIENT_ID"></script>',
        ].join('\n'),
      );
    // Only the key of each provider shown.
    await page.selectOption('select[name="providers"]', 'naver');
    await page.selectOption('select[name="size"]', 'small');
    await expect
      .poll(() => code.textContent())
      .toBe(
        [
          '<div data-social-login></div>',
          '<script async src="https://auth.example.com/social-login.js"',
          '  data-backend="https://auth.example.com"',
          '  data-naver-client-id="YOUR_NAVER_CLIENT_ID"',
          '  data-providers="naver"',
          '  data-size="small"></script>',
        ].join('\n'),
      );
    // The demo's own tag, which works on this page, is one tick away.
    await page.locator('#tag-production').uncheck();
    await expect.poll(() => code.textContent()).toContain('data-sandbox=');
    await context.close();
  });

  it('re-mounts the preview and writes the exact tag as the designer changes settings', async () => {
    const context = await suite.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${suite.stack.demoUrl}/`);
    await page.locator('#tag-production').uncheck();
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
    expect(await page.locator('#script-tag').textContent()).toBe(
      demoTag(['data-lang="en"', 'data-providers="naver,kakao"', 'data-size="large"']),
    );
    await context.close();
  });
});
