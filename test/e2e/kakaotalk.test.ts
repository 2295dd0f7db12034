/**
 * KakaoTalk's in-app browser in real Chromium (its user agent set on the browser context), against
 * the built bundle and the sandbox, which answers `prompt=none` like Kakao: `consent_required` for a
 * shopper not yet connected, a code for one who is, `auto_login` outside KakaoTalk.
 */
import type { BrowserContext, Request } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { userAgentOf } from '../widget/fixtures/user-agents.ts';
import {
  hasChromium,
  type RecordedEvent,
  recordWidgetEvents,
  useSuite,
  visibleProviders,
} from './browser.ts';

const KAKAOTALK = [
  ['iOS', userAgentOf('kakaotalk', 'ios')],
  ['Android', userAgentOf('kakaotalk', 'android')],
] as const;
/** KakaoTalk 11.x writes `KAKAOTALK/11.3.1 (INAPP)` after Safari's token. */
const KAKAOTALK_11 = userAgentOf('kakaotalk', undefined, '(INAPP)');
const DESKTOP_CHROME = userAgentOf(null, 'other');

/** A tab with its own sessionStorage, reporting widget events, navigations and authorize requests. */
async function openTab(context: BrowserContext) {
  const page = await context.newPage();
  const authorizeRequests: Request[] = [];
  // Every top-level document request (a redirect's target counts as its own request); the
  // widget's replaceState that strips the code is not one.
  let navigations = 0;
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations++;
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/sandbox/kauth/oauth/authorize'))
      authorizeRequests.push(request);
  });
  const events = await recordWidgetEvents(page);
  const waitFor = async (type: string, match: (e: RecordedEvent) => boolean = () => true) => {
    await expect
      .poll(() => events.find((e) => e.type === type && match(e)), { timeout: 15_000 })
      .toBeTruthy();
    return events.find((e) => e.type === type && match(e)) as RecordedEvent;
  };
  return {
    page,
    events,
    authorizeRequests,
    navigations: () => navigations,
    waitFor,
  };
}

describe.skipIf(!hasChromium)('inside KakaoTalk', () => {
  const suite = useSuite();
  let context: BrowserContext | undefined;

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const loginPage = () => `${suite.stack.demoUrl}/member/login.html`;

  for (const [os, userAgent] of KAKAOTALK) {
    it(`KakaoTalk ${os}: a new shopper gets one silent attempt, then only the Kakao button, the password form hidden, and no further navigation`, async () => {
      context = await suite.browser.newContext({ locale: 'ko-KR', userAgent });
      const tab = await openTab(context);
      await tab.page.goto(loginPage());

      const quiet = await tab.waitFor('sociallogin:error');
      expect(quiet.detail).toMatchObject({
        provider: 'kakao',
        code: 'consent_required',
        silent: true,
      });
      await expect.poll(() => visibleProviders(tab.page)).toEqual(['kakao']);
      await expect.poll(() => tab.page.locator('#member_id').isVisible()).toBe(false);
      await expect
        .poll(() => tab.page.getByText('카카오톡에서는 카카오 로그인만 쓸 수 있어요.').isVisible())
        .toBe(true);
      // No error message for the silent attempt.
      expect(await tab.page.getByRole('alert').textContent()).toBe('');

      // The page settles: the visit, one silent authorize request, the return, and nothing more.
      const settled = tab.navigations();
      await tab.page.waitForTimeout(2000);
      expect(tab.authorizeRequests).toHaveLength(1);
      expect(new URL(tab.authorizeRequests[0]?.url() ?? '').searchParams.get('prompt')).toBe(
        'none',
      );
      expect(tab.navigations()).toBe(settled);
      expect(settled).toBe(3);
      expect(new URL(tab.page.url()).search).toBe('');
    });

    it(`KakaoTalk ${os}: a shopper who consented before is signed in on page load with no click`, async () => {
      context = await suite.browser.newContext({ locale: 'ko-KR', userAgent });
      const first = await openTab(context);
      await first.page.goto(loginPage());
      await first.waitFor('sociallogin:error', (e) => e.detail?.silent === true);
      await first.page.getByRole('button', { name: '카카오 로그인' }).click();
      await first.page.locator('[data-sandbox-action="agree"]').click();
      await first.waitFor('sociallogin:success');
      // The demo store is the Cafe24 store: the login ends as a store member. Log out there, so the
      // next tab meets a guest again (the widget never logs a signed-in member in).
      const status = first.page.locator('#store-session-status');
      await expect
        .poll(() => status.textContent().catch(() => ''), { timeout: 20_000 })
        .toMatch(/signed in as .+@s$/);
      await first.page.locator('#logout').click();
      await expect.poll(() => status.textContent().catch(() => '')).toMatch(/not signed in/);
      await first.page.close();

      // A fresh tab session: same cookies (the sandbox remembers the consent), new sessionStorage.
      const second = await openTab(context);
      await second.page.goto(loginPage());
      const success = await second.waitFor('sociallogin:success');
      expect(success.detail?.provider).toBe('kakao');
      expect(second.events.some((e) => e.type === 'sociallogin:error')).toBe(false);
      expect(second.events.find((e) => e.type === 'sociallogin:start')?.detail).toEqual({
        provider: 'kakao',
        silent: true,
      });
      expect(second.authorizeRequests).toHaveLength(1);
      expect(new URL(second.page.url()).searchParams.has('code')).toBe(false);
      // And on through the store's Single Sign-On: a store member again, with no click.
      await expect
        .poll(
          () =>
            second.page
              .locator('#store-session-status')
              .textContent()
              .catch(() => ''),
          {
            timeout: 20_000,
          },
        )
        .toMatch(/signed in as .+@s$/);
    });
  }

  it('KakaoTalk 11.x: a new shopper opening a page without buttons (a shared link) tries once and lands back on that page', async () => {
    expect(KAKAOTALK_11).toContain('(INAPP)');
    context = await suite.browser.newContext({ locale: 'ko-KR', userAgent: KAKAOTALK_11 });
    const tab = await openTab(context);
    const home = `${suite.stack.demoUrl}/index.html?from=chat`;
    await tab.page.goto(home);
    const quiet = await tab.waitFor('sociallogin:error');
    expect(quiet.detail).toMatchObject({ code: 'consent_required', silent: true });
    // Back where the shopper started: the visit, kauth, the login page, the page again; no more.
    await expect.poll(() => tab.page.url(), { timeout: 15_000 }).toBe(home);
    await tab.page.waitForLoadState('load');
    const settled = tab.navigations();
    await tab.page.waitForTimeout(2000);
    expect(settled).toBe(4);
    expect(tab.navigations()).toBe(settled);
    expect(tab.authorizeRequests).toHaveLength(1);
    // The tab remembers the try: a second page does not try again.
    await tab.page.goto(`${suite.stack.demoUrl}/member/login.html`);
    await tab.waitFor('sociallogin:ready');
    await tab.page.waitForTimeout(1000);
    expect(tab.authorizeRequests).toHaveLength(1);
    expect(await visibleProviders(tab.page)).toEqual(['kakao']);
  });

  it('a desktop Chrome shopper sees both buttons and the form, and no automatic attempt', async () => {
    context = await suite.browser.newContext({ locale: 'ko-KR', userAgent: DESKTOP_CHROME });
    const tab = await openTab(context);
    await tab.page.goto(loginPage());
    await tab.waitFor('sociallogin:ready');
    await expect.poll(() => visibleProviders(tab.page)).toEqual(['kakao', 'naver']);
    expect(await tab.page.locator('#member_id').isVisible()).toBe(true);
    await tab.page.waitForTimeout(1500);
    expect(tab.authorizeRequests).toHaveLength(0);
    expect(tab.events.some((e) => e.type === 'sociallogin:start')).toBe(false);
    expect(tab.navigations()).toBe(1);
  });

  it("still logs in when Kakao's SDK is blocked: kauth's authorize URL with PKCE, verified by the sandbox", async () => {
    context = await suite.browser.newContext({ locale: 'ko-KR', userAgent: DESKTOP_CHROME });
    const tab = await openTab(context);
    await tab.page.route('**/sandbox/kakao.js', (route) => route.abort());
    await tab.page.goto(loginPage());
    await tab.waitFor('sociallogin:ready');
    await tab.page.getByRole('button', { name: '카카오 로그인' }).click();
    await tab.page.locator('[data-sandbox-action="agree"]').click();

    const success = await tab.waitFor('sociallogin:success');
    expect(success.detail?.provider).toBe('kakao');
    const authorize = new URL(tab.authorizeRequests[0]?.url() ?? '');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('client_id')).toBe(
      await tab.page.locator('script[data-kakao-js-key]').getAttribute('data-kakao-js-key'),
    );
  });
});
