/**
 * The widget with Kakao's real JavaScript SDK (Kakao's published file, served in place of Kakao's
 * CDN), in every state a store's skin may leave it: loaded but not initialised, initialised with
 * the store's key, initialised with another app's key, an old v1 copy, or none at all. What reaches
 * kauth.kakao.com is intercepted and checked, then handed to the sandbox's authorization server,
 * and the return with a code completes the login against the real backend. The store pages under
 * /sdk-lab are written by the test; the redirect page is the demo store's login page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults.ts';
import { userAgentOf } from '../widget/fixtures/user-agents.ts';
import { hasChromium, type RecordedEvent, recordWidgetEvents, useSuite } from './browser.ts';
import {
  playKakaoHosts,
  type RealKakaoSdk,
  realKakaoSdk,
  sentBySdk,
  serveKakaoCdn,
  webFallback,
  widgetConsole,
} from './kakao-hosts.ts';

const JS_KEY = SANDBOX_CREDENTIALS.kakaoJsKey;
/**
 * The store's real login page is the redirect page: the return (a redirect from Kakao's side, which
 * the test cannot rewrite) lands on a page the demo store serves.
 */
const RETURN_PATH = '/member/login.html';
const KAKAOTALK_IOS = userAgentOf('kakaotalk', 'ios');
/** Safari on an iPhone (the format Apple's Safari 17 sends; MDN "User-Agent" examples). */
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** How the skin left `window.Kakao` before the widget's tag. */
type Skin = 'none' | 'loaded' | 'initialised' | 'other-key' | 'v1';

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function skinHead(skin: Skin, sdk: RealKakaoSdk): string {
  const load = `<script src="${sdk.url}" integrity="${sdk.integrity}" crossorigin="anonymous"></script>`;
  switch (skin) {
    case 'none':
      return '';
    case 'loaded':
      return load;
    case 'initialised':
      return `${load}<script>Kakao.init(${JSON.stringify(JS_KEY)});</script>`;
    case 'other-key':
      return `${load}<script>Kakao.init('another-apps-share-key');</script>`;
    case 'v1':
      // Kakao's v1 SDK shape (Kakao.Auth.login/authorize, VERSION 1.x), which the widget must not touch.
      return `<script>window.Kakao = { VERSION: '1.43.6', init: function () {}, isInitialized: function () { return true; }, Auth: { login: function () {}, authorize: function () {} } };</script>`;
  }
}

describe.skipIf(!hasChromium || !realKakaoSdk)("Kakao's real SDK on the store's page", () => {
  const suite = useSuite();
  const sdk = realKakaoSdk as RealKakaoSdk;
  let context: BrowserContext | undefined;
  afterEach(async () => {
    // A tab still on its way through the store's SSO can hold Chromium's close up; the suite
    // closes the whole browser after its last test anyway.
    await Promise.race([context?.close(), new Promise((done) => setTimeout(done, 10_000))]);
    context = undefined;
  });

  interface Lab {
    skin: Skin;
    /** More `data-*` on the widget's tag. */
    tag?: Record<string, string>;
    sandboxAttribute?: boolean;
    userAgent?: string;
    cdn?: Parameters<typeof serveKakaoCdn>[2];
  }

  /** A store page (and its redirect page) with the skin's SDK as given and the widget's tag. */
  async function openLab(lab: Lab) {
    const { stack } = suite;
    if (!stack.sandboxUrl) throw new Error('the suite needs the sandbox');
    context = await suite.browser.newContext({
      locale: 'ko-KR',
      ...(lab.userAgent
        ? { userAgent: lab.userAgent, viewport: { width: 390, height: 844 }, isMobile: true }
        : {}),
    });
    // Any other host fails at once, as offline (routes registered later take precedence).
    await context.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/, (route) => route.abort());
    const cdn = await serveKakaoCdn(context, sdk, lab.cdn);
    const kauth = await playKakaoHosts(context, stack.sandboxUrl);
    const attributes: Record<string, string> = {
      'data-backend': stack.backendUrl,
      'data-kakao-js-key': JS_KEY,
      'data-providers': 'kakao',
      ...(lab.sandboxAttribute ? { 'data-sandbox': stack.sandboxUrl } : {}),
      ...lab.tag,
    };
    const tag = `<script async src="${stack.demoUrl}/social-login.js"${Object.entries(attributes)
      .map(([name, value]) => ` ${name}="${escapeAttr(value)}"`)
      .join('')}></script>`;
    const html = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>Lab</title>${skinHead(lab.skin, sdk)}</head><body><h1>Store</h1><div data-social-login></div>${tag}</body></html>`;
    await context.route(`${stack.demoUrl}/sdk-lab/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    const page = await context.newPage();
    const events = await recordWidgetEvents(page);
    const consoleLines = widgetConsole(page);
    const navigations: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame())
        navigations.push(request.url());
    });
    await page.goto(`${stack.demoUrl}/sdk-lab/store`);
    return { page, events, kauth, cdn, consoleLines, navigations, demoUrl: stack.demoUrl };
  }

  const waitForEvent = async (events: RecordedEvent[], type: string) => {
    await expect.poll(() => events.find((e) => e.type === type), { timeout: 20_000 }).toBeTruthy();
    return events.find((e) => e.type === type) as RecordedEvent;
  };

  const kakaoButton = (page: Page) => page.getByRole('button', { name: '카카오 로그인' });

  /** Consent on the sandbox's page, then the return with a code signs the shopper in. */
  async function finishLogin(page: Page, events: RecordedEvent[]) {
    await page.locator('[data-sandbox-action="agree"]').click();
    const success = await waitForEvent(events, 'sociallogin:success');
    expect(success.detail?.provider).toBe('kakao');
    expect(success.detail?.user).toMatchObject({ id: expect.stringMatching(/^kakao:/) });
    expect(new URL(page.url()).searchParams.has('code')).toBe(false);
  }

  const sdkState = (page: Page) =>
    page.evaluate(() => {
      const kakao = Reflect.get(window, 'Kakao') as
        | { VERSION: string; isInitialized(): boolean; Auth?: { getAppKey?(): string } }
        | undefined;
      return {
        version: kakao?.VERSION,
        initialised: kakao?.isInitialized(),
        appKey: kakao?.Auth?.getAppKey?.(),
      };
    });

  /** The URL the real SDK builds: the JS key, the attempt's parameters, and the SDK's own `ka`. */
  function expectSdkAuthorizeUrl(url: URL, demoUrl: string) {
    expect(url.origin + url.pathname).toBe('https://kauth.kakao.com/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe(JS_KEY);
    expect(url.searchParams.get('redirect_uri')).toBe(demoUrl + RETURN_PATH);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    const own = sentBySdk(url);
    expect(own.ka).toMatch(
      new RegExp(
        `^sdk/${sdk.version.replace(/\./g, '\\.')} os/javascript sdk_type/javascript lang/`,
      ),
    );
    expect(own.authTranId).toHaveLength(60);
    expect(own.isPopup).toBe('false');
    expect(url.searchParams.has('code_challenge')).toBe(false);
  }

  /**
   * Kakao's authorize URL built by the widget itself, with PKCE: no `ka`, a S256 challenge; on
   * kauth.kakao.com, or on the sandbox's stand-in with `data-sandbox`.
   */
  function expectPkceAuthorizeUrl(url: URL, demoUrl: string, sandboxAttribute = false) {
    expect(url.origin + url.pathname).toBe(
      sandboxAttribute
        ? `${suite.stack.sandboxUrl}/kauth/oauth/authorize`
        : 'https://kauth.kakao.com/oauth/authorize',
    );
    expect(url.searchParams.get('client_id')).toBe(JS_KEY);
    expect(url.searchParams.get('redirect_uri')).toBe(demoUrl + RETURN_PATH);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sentBySdk(url).ka).toBeNull();
  }

  for (const sandboxAttribute of [false, true]) {
    describe(sandboxAttribute ? 'with data-sandbox' : 'as in production', () => {
      it('initialises a copy the skin loaded but did not initialise, and logs in through Kakao.Auth.authorize', async () => {
        const lab = await openLab({
          skin: 'loaded',
          sandboxAttribute,
          tag: {
            'data-prompt': 'select_account',
            'data-scope': 'account_email',
            'data-login-hint': 'minji@example.com',
          },
        });
        await waitForEvent(lab.events, 'sociallogin:ready');
        await expect
          .poll(() => sdkState(lab.page))
          .toEqual({ version: sdk.version, initialised: true, appKey: JS_KEY });
        await kakaoButton(lab.page).click();
        const url = await lab.kauth.reached();
        expectSdkAuthorizeUrl(url, lab.demoUrl);
        expect(url.searchParams.get('prompt')).toBe('select_account');
        expect(url.searchParams.get('scope')).toBe('account_email,openid');
        expect(url.searchParams.get('login_hint')).toBe('minji@example.com');
        await finishLogin(lab.page, lab.events);
        expect(lab.consoleLines).toEqual([]);
      });

      it('reuses a copy the skin initialised with the same key, without initialising it again', async () => {
        const lab = await openLab({ skin: 'initialised', sandboxAttribute });
        await waitForEvent(lab.events, 'sociallogin:ready');
        await kakaoButton(lab.page).hover();
        await kakaoButton(lab.page).click();
        // A second Kakao.init would have thrown "Already initialized" and sent the click down the
        // PKCE path: the SDK's own parameters show it went through Kakao.Auth.authorize.
        expectSdkAuthorizeUrl(await lab.kauth.reached(), lab.demoUrl);
        await finishLogin(lab.page, lab.events);
        expect(lab.consoleLines).toEqual([]);
      });

      it("leaves a copy initialised with another app's key alone, logs in with PKCE, and says why once", async () => {
        const lab = await openLab({ skin: 'other-key', sandboxAttribute });
        await waitForEvent(lab.events, 'sociallogin:ready');
        await kakaoButton(lab.page).hover();
        // The skin's share button keeps its own app.
        expect(await sdkState(lab.page)).toEqual({
          version: sdk.version,
          initialised: true,
          appKey: 'another-apps-share-key',
        });
        await kakaoButton(lab.page).click();
        expectPkceAuthorizeUrl(await lab.kauth.reached(), lab.demoUrl, sandboxAttribute);
        expect(lab.consoleLines).toHaveLength(1);
        expect(lab.consoleLines[0]).toMatch(
          // The production bundle's short line: the reason's code and the docs section on it.
          /^\[social-login\] Kakao's SDK on the page is not used \(otherKey\)\..*#kakaos-sdk$/,
        );
        await finishLogin(lab.page, lab.events);
      });

      it('leaves a v1 SDK untouched and logs in with PKCE', async () => {
        const lab = await openLab({ skin: 'v1', sandboxAttribute });
        await waitForEvent(lab.events, 'sociallogin:ready');
        await kakaoButton(lab.page).hover();
        expect((await sdkState(lab.page)).version).toBe('1.43.6');
        await kakaoButton(lab.page).click();
        // The v1 copy's authorize would not have left the page: the widget built the URL itself.
        expectPkceAuthorizeUrl(await lab.kauth.reached(), lab.demoUrl, sandboxAttribute);
        expect(lab.consoleLines).toEqual([
          expect.stringMatching(
            /^\[social-login\] Kakao's SDK on the page is not used \(v1\)\..*#kakaos-sdk$/,
          ),
        ]);
        await finishLogin(lab.page, lab.events);
      });
    });
  }

  describe('with no SDK on the page', () => {
    const pinned = () => ({ 'data-kakao-sdk': `${sdk.version} ${sdk.integrity}` });

    for (const sandboxAttribute of [false, true]) {
      it(`loads its pinned version with SRI when the page is idle, initialises it and logs in through it${sandboxAttribute ? ' (data-sandbox)' : ''}`, async () => {
        const lab = await openLab({ skin: 'none', tag: pinned(), sandboxAttribute });
        await waitForEvent(lab.events, 'sociallogin:ready');
        await expect
          .poll(() => sdkState(lab.page), { timeout: 20_000 })
          .toEqual({ version: sdk.version, initialised: true, appKey: JS_KEY });
        const script = await lab.page.evaluate(() => {
          const el = document.querySelector('script[src*="kakao_js_sdk"]');
          return el instanceof HTMLScriptElement
            ? { src: el.src, integrity: el.integrity, crossOrigin: el.crossOrigin }
            : null;
        });
        expect(script).toEqual({
          src: sdk.url,
          integrity: sdk.integrity,
          crossOrigin: 'anonymous',
        });
        await kakaoButton(lab.page).click();
        expectSdkAuthorizeUrl(await lab.kauth.reached(), lab.demoUrl);
        await finishLogin(lab.page, lab.events);
      });
    }

    it('never waits for an SDK that is slow to arrive: the click goes to kauth with PKCE', async () => {
      let release = () => {};
      const hold = new Promise<void>((done) => {
        release = done;
      });
      const lab = await openLab({ skin: 'none', tag: pinned(), cdn: { hold } });
      await waitForEvent(lab.events, 'sociallogin:ready');
      await kakaoButton(lab.page).click();
      expectPkceAuthorizeUrl(await lab.kauth.reached(), lab.demoUrl);
      release();
      await finishLogin(lab.page, lab.events);
    });

    it('refuses a file that does not match its integrity value, and logs in with PKCE', async () => {
      const tampered = Buffer.concat([sdk.body, Buffer.from('\n;window.tampered = true;\n')]);
      const lab = await openLab({ skin: 'none', tag: pinned(), cdn: { body: tampered } });
      await waitForEvent(lab.events, 'sociallogin:ready');
      await kakaoButton(lab.page).hover();
      await expect.poll(() => lab.cdn.requests).toBeGreaterThan(0);
      await expect
        .poll(() =>
          lab.page.evaluate(() => !!document.querySelector('script[src*="kakao_js_sdk"]')),
        )
        .toBe(false);
      await kakaoButton(lab.page).click();
      expectPkceAuthorizeUrl(await lab.kauth.reached(), lab.demoUrl);
      expect(await lab.page.evaluate(() => Reflect.get(window, 'tampered'))).toBeUndefined();
      await finishLogin(lab.page, lab.events);
    });
  });

  describe("in KakaoTalk's in-app browser", () => {
    // Three journeys in one: the missed try, a tap, and a silent login in a second tab.
    it('tries the automatic login once through Kakao.Auth.authorize({ prompt: "none" }), then the button logs in', async () => {
      const lab = await openLab({ skin: 'loaded', userAgent: KAKAOTALK_IOS });
      // Not yet connected to the app: Kakao answers consent_required and the shopper is back where
      // the try started, with the Kakao button and no message.
      const url = await lab.kauth.reached();
      expectSdkAuthorizeUrl(url, lab.demoUrl);
      expect(url.searchParams.get('prompt')).toBe('none');
      expect(url.searchParams.has('scope')).toBe(false);
      await expect
        .poll(() => lab.events.find((e) => e.type === 'sociallogin:error'), { timeout: 20_000 })
        .toMatchObject({ detail: { code: 'consent_required', silent: true } });
      await expect.poll(() => new URL(lab.page.url()).pathname).toBe('/sdk-lab/store');
      await expect.poll(() => kakaoButton(lab.page).isVisible()).toBe(true);
      expect(lab.kauth.authorizeUrls).toHaveLength(1);

      // The shopper taps the button: a normal login through the SDK (no app hand-off inside
      // KakaoTalk), then consent.
      lab.kauth.authorizeUrls.length = 0;
      await kakaoButton(lab.page).click();
      const tapped = await lab.kauth.reached();
      expectSdkAuthorizeUrl(tapped, lab.demoUrl);
      expect(tapped.searchParams.has('prompt')).toBe(false);
      await finishLogin(lab.page, lab.events);

      // Next visit in a new tab: connected now, so the automatic login signs in with no tap.
      const next = await context?.newPage();
      if (!next) throw new Error('no context');
      const nextEvents = await recordWidgetEvents(next);
      lab.kauth.authorizeUrls.length = 0;
      await next.goto(`${lab.demoUrl}/sdk-lab/product`);
      const silent = await lab.kauth.reached();
      expect(silent.searchParams.get('prompt')).toBe('none');
      expect(sentBySdk(silent).ka).not.toBeNull();
      const success = await waitForEvent(nextEvents, 'sociallogin:success');
      expect(success.detail?.provider).toBe('kakao');
      expect(lab.kauth.authorizeUrls).toHaveLength(1);
    }, 120_000);
  });

  describe("in a phone's browser", () => {
    it("hands the login to the KakaoTalk app through Kakao's link, whose web fallback reaches kauth", async () => {
      const lab = await openLab({ skin: 'loaded', userAgent: IPHONE_SAFARI });
      await waitForEvent(lab.events, 'sociallogin:ready');
      await kakaoButton(lab.page).click();
      const url = await lab.kauth.reached();
      expectSdkAuthorizeUrl(url, lab.demoUrl);
      // The SDK went to KakaoTalk's universal link first, with kauth as its web fallback.
      const handOff = lab.navigations.find((n) => n.startsWith('https://talk-apps.kakao.com/'));
      expect(handOff).toBeDefined();
      expect(webFallback(handOff as string)).toBe(url.href);
      await finishLogin(lab.page, lab.events);
    });
  });
});
