/**
 * The sandbox's stand-in Kakao SDK (src/sandbox/public/kakao.js) against Kakao's real one: the
 * same scenario table runs on both files in Chromium and must observe the same thing, so the
 * stand-in cannot drift from the SDK the widget meets in a live store. The only difference allowed
 * is where the authorize page is (kauth.kakao.com, or the sandbox's /kauth) and the `-sandbox`
 * suffix of the stand-in's version.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { kakaoAuthorizeSettings } from '../../src/widget/authorize.ts';
import { userAgentOf } from '../widget/fixtures/user-agents.ts';
import { hasChromium, useSuite } from './browser.ts';
import { type RealKakaoSdk, realKakaoSdk, serveKakaoCdn } from './kakao-hosts.ts';

const KAKAOTALK = userAgentOf('kakaotalk', 'android');

interface Observed {
  /** What a scenario saw: return values, errors, or where the page went. */
  [key: string]: unknown;
}

/** Where `authorize` sent the page, with the parts that vary per run replaced by their shape. */
function describeNavigation(href: string, sandboxUrl: string) {
  const url = new URL(href);
  const params = Object.fromEntries(url.searchParams);
  const where =
    url.origin === 'https://kauth.kakao.com' || href.startsWith(`${sandboxUrl}/kauth/`)
      ? `kauth${url.pathname.slice(url.pathname.indexOf('/oauth/'))}`
      : url.pathname;
  if (params.auth_tran_id) params.auth_tran_id = `<${params.auth_tran_id.length} chars>`;
  if (params.ka)
    params.ka = params.ka
      .replace(/^sdk\/2\.7\.1(-sandbox)? /, 'sdk/2.7.1 ')
      .replace(/origin\/http%3A%2F%2Flocalhost%3A\d+$/, 'origin/<store>')
      .replace(/device\/\S+/, 'device/<platform>');
  return { where, params };
}

const REDIRECT = '/sdk-lab/return';
/** Every setting the widget can send, built by the widget's own code with every option on. */
const WIDGET_SETTINGS = (redirectUri: string) =>
  kakaoAuthorizeSettings(
    { redirectUri, state: 'state-1', nonce: 'nonce-1' },
    {
      prompt: 'login',
      scope: 'account_email',
      oidc: true,
      loginHint: 'minji@example.com',
      serviceTerms: 'terms_a',
      throughTalk: false,
    },
  );

interface Scenario {
  name: string;
  userAgent?: string;
  /** Runs in the page once the file has loaded; `redirectUri` is the store's redirect page. */
  run: (page: Page, redirectUri: string) => Promise<Observed>;
  /** Set when the scenario leaves the page: the navigation is awaited and described. */
  navigates?: boolean;
  expected: Observed;
}

const errorOf = (page: Page, script: string) =>
  page.evaluate((source) => {
    try {
      new Function(source)();
      return { threw: false };
    } catch (error) {
      return {
        threw: true,
        name: (error as Error).name,
        message: (error as Error).message,
      };
    }
  }, script);

const SCENARIOS: Scenario[] = [
  {
    name: 'before init the global has only VERSION, init, isInitialized and cleanup',
    run: (page) =>
      page.evaluate(() => {
        const kakao = Reflect.get(window, 'Kakao') as Record<string, unknown>;
        return {
          keys: Object.keys(kakao).sort(),
          version: String(kakao.VERSION).replace(/-sandbox$/, ''),
          initialised: (kakao.isInitialized as () => boolean)(),
        };
      }),
    expected: {
      keys: ['VERSION', 'cleanup', 'init', 'isInitialized'],
      version: '2.7.1',
      initialised: false,
    },
  },
  {
    name: 'init adds Auth, whose getAppKey names the key',
    run: (page) =>
      page.evaluate(() => {
        const kakao = Reflect.get(window, 'Kakao') as {
          init(key: string): void;
          isInitialized(): boolean;
          Auth?: { authorize: unknown; getAppKey(): string };
        };
        kakao.init('store-js-key');
        return {
          initialised: kakao.isInitialized(),
          authorize: typeof kakao.Auth?.authorize,
          appKey: kakao.Auth?.getAppKey(),
        };
      }),
    expected: { initialised: true, authorize: 'function', appKey: 'store-js-key' },
  },
  {
    name: 'a second init throws "Already initialized"',
    run: (page) => errorOf(page, "Kakao.init('a'); Kakao.init('a');"),
    expected: { threw: true, name: 'KakaoError', message: 'Kakao.init: Already initialized' },
  },
  {
    name: 'init without a key throws',
    run: (page) => errorOf(page, 'Kakao.init();'),
    expected: { threw: true, name: 'KakaoError', message: 'Kakao.init: App key must be provided' },
  },
  {
    name: 'cleanup leaves it uninitialised, and init works again',
    run: (page) =>
      page.evaluate(() => {
        const kakao = Reflect.get(window, 'Kakao') as {
          init(key: string): void;
          cleanup(): void;
          isInitialized(): boolean;
        };
        kakao.init('a');
        kakao.cleanup();
        const afterCleanup = kakao.isInitialized();
        kakao.init('b');
        return { afterCleanup, again: kakao.isInitialized() };
      }),
    expected: { afterCleanup: false, again: true },
  },
  {
    name: 'authorize refuses a settings key it does not know',
    run: (page) =>
      errorOf(
        page,
        "Kakao.init('k'); Kakao.Auth.authorize({ redirectUri: '/r', prompts: 'login' });",
      ),
    expected: {
      threw: true,
      name: 'KakaoError',
      message: 'Invalid parameter keys: prompts at Auth.authorize',
    },
  },
  {
    name: 'authorize refuses a setting of the wrong type',
    run: (page) =>
      errorOf(
        page,
        "Kakao.init('k'); Kakao.Auth.authorize({ redirectUri: '/r', throughTalk: 'yes' });",
      ),
    expected: {
      threw: true,
      name: 'KakaoError',
      message: 'Illegal argument for "throughTalk" in Auth.authorize',
    },
  },
  {
    name: 'authorize refuses a setting given as undefined (the widget leaves absent ones out)',
    run: (page) =>
      errorOf(
        page,
        "Kakao.init('k'); Kakao.Auth.authorize({ redirectUri: '/r', state: undefined });",
      ),
    expected: {
      threw: true,
      name: 'KakaoError',
      message: 'Illegal argument for "state" in Auth.authorize',
    },
  },
  {
    name: 'authorize takes every setting the widget sends and navigates to the authorize page',
    navigates: true,
    run: (page, redirectUri) =>
      page.evaluate(
        ({ settings }) => {
          const kakao = Reflect.get(window, 'Kakao') as {
            init(key: string): void;
            Auth: { authorize(s: unknown): unknown };
          };
          kakao.init('store-js-key');
          const answer = kakao.Auth.authorize(settings) as { then?: unknown } | undefined;
          return { answer: typeof answer?.then === 'function' };
        },
        { settings: WIDGET_SETTINGS(redirectUri) },
      ),
    expected: {
      answer: true,
      navigation: {
        where: 'kauth/oauth/authorize',
        params: {
          client_id: 'store-js-key',
          scope: 'account_email,openid',
          prompt: 'login',
          state: 'state-1',
          nonce: 'nonce-1',
          login_hint: 'minji@example.com',
          'extra.service_terms': 'terms_a',
          redirect_uri: '<redirect>',
          response_type: 'code',
          auth_tran_id: '<60 chars>',
          ka: 'sdk/2.7.1 os/javascript sdk_type/javascript lang/ko-KR device/<platform> origin/<store>',
          is_popup: 'false',
        },
      },
    },
  },
  {
    name: 'the automatic login outside KakaoTalk returns to the redirect URI with auto_login',
    navigates: true,
    run: (page, redirectUri) =>
      page.evaluate((redirect) => {
        const kakao = Reflect.get(window, 'Kakao') as {
          init(key: string): void;
          Auth: { authorize(s: unknown): Promise<unknown> };
        };
        kakao.init('store-js-key');
        const answer = kakao.Auth.authorize({ redirectUri: redirect, state: 's', prompt: 'none' });
        answer.then(undefined, () => {});
        return { answer: typeof answer.then === 'function' };
      }, redirectUri),
    expected: {
      answer: true,
      navigation: {
        where: REDIRECT,
        params: { error: 'auto_login', error_description: 'NOT_SUPPORTED_BROWSER', state: 's' },
      },
    },
  },
  {
    name: "inside KakaoTalk the automatic login goes to Kakao's authorize page with prompt=none",
    userAgent: KAKAOTALK,
    navigates: true,
    run: (page, redirectUri) =>
      page.evaluate((redirect) => {
        const kakao = Reflect.get(window, 'Kakao') as {
          init(key: string): void;
          Auth: { authorize(s: unknown): unknown };
        };
        kakao.init('store-js-key');
        kakao.Auth.authorize({ redirectUri: redirect, state: 's', nonce: 'n', prompt: 'none' });
        return {};
      }, redirectUri),
    expected: {
      navigation: {
        where: 'kauth/oauth/authorize',
        params: {
          client_id: 'store-js-key',
          prompt: 'none',
          state: 's',
          nonce: 'n',
          redirect_uri: '<redirect>',
          response_type: 'code',
          auth_tran_id: '<60 chars>',
          ka: 'sdk/2.7.1 os/javascript sdk_type/javascript lang/ko-KR device/<platform> origin/<store>',
          is_popup: 'false',
        },
      },
    },
  },
];

describe.skipIf(!hasChromium || !realKakaoSdk)("the stand-in SDK behaves as Kakao's", () => {
  const suite = useSuite();
  const sdk = realKakaoSdk as RealKakaoSdk;
  let context: BrowserContext | undefined;
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const files = [
    ["Kakao's SDK", () => sdk.url],
    ["the sandbox's stand-in", () => `${suite.stack.sandboxUrl}/kakao.js`],
  ] as const;

  for (const [fileName, fileUrl] of files) {
    describe(fileName, () => {
      for (const scenario of SCENARIOS) {
        it(scenario.name, async () => {
          const { demoUrl, sandboxUrl = '' } = suite.stack;
          context = await suite.browser.newContext({
            locale: 'ko-KR',
            ...(scenario.userAgent ? { userAgent: scenario.userAgent } : {}),
          });
          await serveKakaoCdn(context, sdk);
          const navigations: string[] = [];
          const blank = {
            status: 200,
            contentType: 'text/html',
            body: '<!doctype html><p>left</p>',
          };
          await context.route('https://kauth.kakao.com/**', (route) => {
            navigations.push(route.request().url());
            return route.fulfill(blank);
          });
          await context.route(`${sandboxUrl}/kauth/**`, (route) => {
            navigations.push(route.request().url());
            return route.fulfill(blank);
          });
          await context.route(`${demoUrl}${REDIRECT}**`, (route) => {
            navigations.push(route.request().url());
            return route.fulfill(blank);
          });
          // A document the demo origin really served, rewritten in place: a page the test
          // fulfilled itself would count as public, and Chromium keeps public pages from loading
          // scripts off loopback addresses (the sandbox's stand-in).
          const page = await context.newPage();
          await page.goto(`${demoUrl}/sdk-lab/page`);
          await page.setContent(
            `<!doctype html><html><head><script src="${fileUrl()}"></script></head><body></body></html>`,
          );
          const redirectUri = `${demoUrl}${REDIRECT}`;
          const observed: Observed = await scenario.run(page, redirectUri);
          if (scenario.navigates) {
            await expect.poll(() => navigations.length, { timeout: 15_000 }).toBe(1);
            const navigation = describeNavigation(navigations[0] as string, sandboxUrl);
            if (navigation.params.redirect_uri === redirectUri)
              navigation.params.redirect_uri = '<redirect>';
            observed.navigation = navigation;
          }
          expect(observed).toEqual(scenario.expected);
        });
      }
    });
  }
});
