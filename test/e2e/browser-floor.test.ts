/**
 * The widget on the oldest browsers docs/api.md promises (section "Browsers": ES2020, i.e. Safari
 * and iOS WebViews 13.4, Chrome and Android WebView 80, Samsung Internet 13), in real Chromium
 * with every built-in those browsers lack removed before any script of the page runs. The built
 * bundle is already checked for newer syntax and ES features (`npm run build` runs es-check) and
 * its sources for newer library types (src/widget/tsconfig.json); this is the check at run time,
 * for what a static check cannot see (web APIs, a call through a helper, a fallback that throws).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasChromium, type RecordedEvent, recordWidgetEvents, useSuite } from './browser.ts';

/**
 * Built-ins newer than the floor, each with the first Chrome and Safari that have it (MDN's
 * browser compatibility tables). Safari 13.4 has `replaceAll` (13.1), but Chrome 80 and Samsung
 * Internet 13 (Chromium 83) do not. ES2019/ES2020 built-ins (`flat`, `Object.fromEntries`,
 * `matchAll`, `Promise.allSettled`, `globalThis`) are in every floor browser and stay.
 */
const NEWER_THAN_FLOOR: ReadonlyArray<readonly [path: string, chrome: number, safari: string]> = [
  // ES2021
  ['String.prototype.replaceAll', 85, '13.1'],
  ['Promise.any', 85, '14'],
  ['AggregateError', 85, '14'],
  ['WeakRef', 84, '14.1'],
  ['FinalizationRegistry', 84, '14.1'],
  // ES2022
  ['Object.hasOwn', 93, '15.4'],
  ['Array.prototype.at', 92, '15.4'],
  ['String.prototype.at', 92, '15.4'],
  // ES2023
  ['Array.prototype.findLast', 97, '15.4'],
  ['Array.prototype.findLastIndex', 97, '15.4'],
  ['Array.prototype.toSorted', 110, '16'],
  ['Array.prototype.toReversed', 110, '16'],
  ['Array.prototype.toSpliced', 110, '16'],
  ['Array.prototype.with', 110, '16'],
  // ES2024 and later
  ['Object.groupBy', 117, '17.4'],
  ['Map.groupBy', 117, '17.4'],
  ['Promise.withResolvers', 119, '17.4'],
  ['Array.fromAsync', 121, '16.4'],
  ['String.prototype.isWellFormed', 111, '16.4'],
  ['String.prototype.toWellFormed', 111, '16.4'],
  ['Set.prototype.union', 122, '17'],
  ['Set.prototype.intersection', 122, '17'],
  ['Set.prototype.difference', 122, '17'],
  ['Promise.try', 128, '18.2'],
  ['Iterator', 122, '18.4'],
  // The web platform
  ['structuredClone', 98, '15.4'],
  ['Element.prototype.replaceChildren', 86, '14'],
  ['Document.prototype.replaceChildren', 86, '14'],
  ['DocumentFragment.prototype.replaceChildren', 86, '14'],
  ['Crypto.prototype.randomUUID', 92, '15.4'],
  ['AbortSignal.timeout', 103, '16'],
  ['AbortSignal.any', 116, '17.4'],
  ['Element.prototype.checkVisibility', 105, '17.4'],
  // Constructable stylesheets: Safari 16.4. The widget falls back to a <style> in its shadow root.
  ['CSSStyleSheet.prototype.replaceSync', 73, '16.4'],
  ['CSSStyleSheet.prototype.replace', 73, '16.4'],
  ['ShadowRoot.prototype.adoptedStyleSheets', 73, '16.4'],
  ['Document.prototype.adoptedStyleSheets', 73, '16.4'],
  // No Safari has it (the widget warms Kakao's SDK on a timer there).
  ['requestIdleCallback', 47, 'none'],
  ['cancelIdleCallback', 47, 'none'],
];

/** Runs in the page before its own scripts: deletes each path, e.g. `Array.prototype.at`. */
function removeBuiltIns(paths: string[]): void {
  for (const path of paths) {
    const names = path.split('.');
    const last = names.pop() ?? '';
    let owner: unknown = globalThis;
    for (const name of names) owner = Reflect.get(Object(owner), name);
    if (owner) Reflect.deleteProperty(Object(owner), last);
  }
}

describe.skipIf(!hasChromium)('on a browser at the floor (ES2020, Safari 13.4, Chrome 80)', () => {
  const suite = useSuite();
  let context: BrowserContext;
  let page: Page;
  let events: RecordedEvent[];
  let pageErrors: string[];

  beforeEach(async () => {
    context = await suite.browser.newContext({ locale: 'ko-KR' });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(
      removeBuiltIns,
      NEWER_THAN_FLOOR.map(([path]) => path),
    );
    events = await recordWidgetEvents(page);
  });

  afterEach(async () => {
    await context?.close();
  });

  const waitForEvent = async (type: string) => {
    await expect.poll(() => events.find((e) => e.type === type), { timeout: 15_000 }).toBeTruthy();
    return events.find((e) => e.type === type) as RecordedEvent;
  };

  const openLoginPage = async () => {
    await page.goto(`${suite.stack.demoUrl}/member/login.html`);
    await waitForEvent('sociallogin:ready');
    // The page really lacks them: the widget ran without.
    const left = await page.evaluate(
      (paths) =>
        paths.filter((path) => {
          const names = path.split('.');
          const last = names.pop() ?? '';
          let owner: unknown = globalThis;
          for (const name of names) owner = Reflect.get(Object(owner), name);
          return owner !== undefined && Reflect.has(Object(owner), last);
        }),
      NEWER_THAN_FLOOR.map(([path]) => path),
    );
    expect(left).toEqual([]);
  };

  it('draws styled buttons without constructable stylesheets', async () => {
    await openLoginPage();
    const kakao = page.getByRole('button', { name: '카카오 로그인' });
    // Kakao's yellow and the medium height: the stylesheet reached the shadow root as a <style>.
    await expect
      .poll(() => kakao.evaluate((button) => getComputedStyle(button).backgroundColor))
      .toBe('rgb(254, 229, 0)');
    expect((await kakao.boundingBox())?.height).toBe(48);
    expect(pageErrors).toEqual([]);
  });

  it('signs a Kakao shopper in and on as a store member', async () => {
    await openLoginPage();
    await page.getByRole('button', { name: '카카오 로그인' }).click();
    await page.locator('[data-sandbox-action="agree"]').click();

    const success = await waitForEvent('sociallogin:success');
    expect(success.detail?.provider).toBe('kakao');
    await expect
      .poll(
        () =>
          page
            .locator('#store-session-status')
            .textContent()
            .catch(() => ''),
        {
          timeout: 20_000,
        },
      )
      .toMatch(/signed in as k[a-z2-7]{15}@s$/);
    expect(pageErrors).toEqual([]);
  });

  it("names the backend's error code and says what went wrong when Kakao does not answer", async () => {
    await openLoginPage();
    // Kakao's token endpoint never answers: the backend gives up after its upstream time limit
    // (UPSTREAM_TIMEOUT_MS) and answers 504 upstream_timeout.
    suite.stack.sandbox?.injectFault('kakao.token', 'hang');
    await page.getByRole('button', { name: '카카오 로그인' }).click();
    await page.locator('[data-sandbox-action="agree"]').click();

    // The code the backend sent, not the widget's catch-all `provider_error` (what a parser using
    // `Object.hasOwn` turned every backend error into below Safari 15.4), nor its fallback
    // `upstream_error` for a code it does not know.
    const error = await waitForEvent('sociallogin:error');
    expect(error.detail).toMatchObject({ provider: 'kakao', code: 'upstream_timeout' });
    // "Couldn't reach the login service.", with a way to try again.
    const alert = page.locator('[data-social-login-host]').getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('로그인 서버에 연결하지 못했어요.');
    expect(await alert.getByRole('button', { name: '다시 시도' }).count()).toBe(1);
    expect(events.some((e) => e.type === 'sociallogin:success')).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
