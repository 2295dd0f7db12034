/**
 * window.SocialLogin, as a store page sees it. Each test loads the entry afresh, as a page load would.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SocialLoginApi } from '../../src/widget/index';
import { userAgentOf } from './fixtures/user-agents';
import { captureWarnings, fakeKakaoSdk, flush, shadowOf, visit } from './helpers';

let warnings: string[];

/** Loads the bundle's entry with `script` as document.currentScript. */
async function load(attributes: Record<string, string> = {}): Promise<SocialLoginApi> {
  vi.resetModules();
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script);
  await import('../../src/widget/index');
  const api: unknown = Reflect.get(window, 'SocialLogin');
  if (!api || typeof api !== 'object' || !('mount' in api)) throw new Error('SocialLogin missing');
  return api as SocialLoginApi;
}

const TAG = {
  'data-backend': 'https://auth.example.com',
  'data-kakao-js-key': 'kakao-js',
  'data-naver-client-id': 'naver-id',
  'data-lang': 'en',
};

beforeEach(() => {
  visit('/member/login.html');
  warnings = captureWarnings();
});

afterEach(() => {
  Reflect.deleteProperty(window, 'SocialLogin');
  document.body.replaceChildren();
  sessionStorage.clear();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('window.SocialLogin', () => {
  it('exposes exactly version, mount, login, environment and push', async () => {
    const api = await load(TAG);
    expect(Object.keys(api).sort()).toEqual(['environment', 'login', 'mount', 'push', 'version']);
    expect(api.version).toBe(__WIDGET_VERSION__);
    expect(api.environment('Mozilla/5.0 (iPhone) Mobile/15E148 KAKAOTALK 10.3.1')).toEqual({
      inApp: 'kakaotalk',
      os: 'ios',
      mobile: true,
    });
  });

  it('mounts every [data-social-login] element on load', async () => {
    document.body.innerHTML =
      '<div data-social-login></div><div data-social-login data-size="large"></div>';
    await load(TAG);
    const [first, second] = document.querySelectorAll('[data-social-login]');
    if (!first || !second) throw new Error('containers missing');
    expect(shadowOf(first).getAllByRole('button')).toHaveLength(2);
    expect(
      second.querySelector('[data-social-login-host]')?.shadowRoot?.querySelector('.w')?.className,
    ).toContain('large');
  });

  it("reads the tag's options once, and each mount's once", async () => {
    const options = '../../src/widget/options';
    const actual = await vi.importActual<typeof import('../../src/widget/options')>(options);
    const parseOptions = vi.fn(actual.parseOptions);
    vi.doMock(options, () => ({ ...actual, parseOptions }));
    try {
      document.body.innerHTML = '<div data-social-login></div><div data-social-login></div>';
      const api = await load(TAG);
      const third = document.createElement('div');
      document.body.append(third);
      api.mount(third, { size: 'large' });
      expect(parseOptions).toHaveBeenCalledTimes(4);
      expect(document.querySelectorAll('[data-social-login-host]')).toHaveLength(3);
    } finally {
      vi.doUnmock(options);
    }
  });

  it('replays calls queued before the script loaded', async () => {
    const target = document.createElement('div');
    document.body.append(target);
    const onReady = vi.fn();
    Reflect.set(window, 'SocialLogin', [['mount', target, { lang: 'ja', onReady }]]);
    await load(TAG);
    expect(shadowOf(target).getByRole('button', { name: 'カカオでログイン' })).toBeTruthy();
    expect(onReady).toHaveBeenCalledWith({ providers: ['kakao', 'naver'] });
  });

  it('keeps push working after load, for code that runs later', async () => {
    const api = await load(TAG);
    const target = document.createElement('div');
    document.body.append(target);
    api.push(['mount', target, { providers: 'naver' }]);
    expect(
      shadowOf(target)
        .getAllByRole('button')
        .map((b) => b.dataset.provider),
    ).toEqual(['naver']);
  });

  it('dispatches sociallogin:ready on the container, and mount() accepts a selector', async () => {
    const api = await load(TAG);
    document.body.innerHTML = '<section id="login"></section>';
    const ready = vi.fn();
    document.addEventListener('sociallogin:ready', ready, { once: true });
    const handle = api.mount('#login');
    expect(ready.mock.calls[0]?.[0].detail).toEqual({ providers: ['kakao', 'naver'] });
    handle.unmount();
    expect(document.querySelector('#login')?.childElementCount).toBe(0);
  });

  it('ignores mounting the same element twice, with one warning', async () => {
    const api = await load(TAG);
    const target = document.createElement('div');
    api.mount(target);
    const again = api.mount(target);
    again.unmount();
    expect(target.querySelectorAll('[data-social-login-host]')).toHaveLength(1);
    expect(warnings).toEqual([
      '[social-login] This element already has the buttons; the second mount was ignored. See https://github.com/social-login-widget/social-login-widget/blob/main/docs/api.md#browser-api',
    ]);
  });

  it('logs one message per bad attribute, however many containers, and still shows the buttons', async () => {
    document.body.innerHTML = '<div data-social-login></div><div data-social-login></div>';
    await load({ ...TAG, 'data-size': 'huge' });
    expect(warnings).toEqual([
      '[social-login] "data-size" must be one of small, medium, large; got "huge". Using "medium". See https://github.com/social-login-widget/social-login-widget/blob/main/docs/api.md#options',
    ]);
    expect(document.querySelectorAll('[data-social-login-host]')).toHaveLength(2);
  });

  it('never throws into the page on misuse', async () => {
    const api = await load(TAG);
    expect(() => api.mount('#missing')).not.toThrow();
    expect(() => api.mount(42 as unknown as string)).not.toThrow();
    expect(() => api.login('line' as 'kakao')).not.toThrow();
    expect(() => api.push('mount')).not.toThrow();
    expect(() => api.push(['explode'])).not.toThrow();
    expect(warnings.length).toBeGreaterThanOrEqual(4);
  });

  it('does nothing when the script is on the page twice', async () => {
    const first = await load(TAG);
    vi.resetModules();
    await import('../../src/widget/index');
    expect(Reflect.get(window, 'SocialLogin')).toBe(first);
    expect(warnings.at(-1)).toContain('The widget script is on this page twice');
  });

  it('starts a login from the store’s own button with SocialLogin.login()', async () => {
    const api = await load(TAG);
    const { nav } = await import('../../src/widget/flow');
    const assign = vi.spyOn(nav, 'assign').mockImplementation(() => {});
    api.login('naver', { returnTo: '/order/basket.html' });
    expect(String(assign.mock.calls[0]?.[0])).toContain('https://nid.naver.com/oauth2.0/authorize');
    expect(JSON.parse(sessionStorage.getItem('social-login:pending') ?? '{}').returnTo).toBe(
      `${location.origin}/order/basket.html`,
    );
  });

  it('finishes a login on load: strips the code, exchanges it, reports success', async () => {
    sessionStorage.setItem(
      'social-login:pending',
      JSON.stringify({
        provider: 'kakao',
        state: 'S'.repeat(22),
        nonce: 'N'.repeat(22),
        returnTo: `${location.origin}/member/login.html`,
        redirectUri: `${location.origin}/member/login.html`,
        createdAt: Date.now(),
      }),
    );
    visit(`/member/login.html?code=C&state=${'S'.repeat(22)}`);
    const user = { id: 'kakao:1', providerUserId: '1' };
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ provider: 'kakao', user, member: { status: 'new' } })),
      ),
    );
    document.body.innerHTML = '<div data-social-login></div>';
    const success = vi.fn();
    document.addEventListener('sociallogin:success', success, { once: true });
    await load(TAG);
    expect(location.search).toBe('');
    await flush();
    expect(success.mock.calls[0]?.[0].detail).toEqual({
      provider: 'kakao',
      user,
      member: { status: 'new' },
    });
  });

  it('finishes a login that comes back to a redirectPath given only to mount()', async () => {
    sessionStorage.setItem(
      'social-login:pending',
      JSON.stringify({
        provider: 'naver',
        state: 'S'.repeat(22),
        nonce: 'N'.repeat(22),
        returnTo: `${location.origin}/shop/login`,
        redirectUri: `${location.origin}/shop/login`,
        createdAt: Date.now(),
      }),
    );
    visit(`/shop/login?code=C&state=${'S'.repeat(22)}`);
    const user = { id: 'naver:1', providerUserId: '1' };
    const fetch = vi.fn(
      async (_url: string, _init?: RequestInit) =>
        new Response(JSON.stringify({ provider: 'naver', user, member: { status: 'new' } })),
    );
    vi.stubGlobal('fetch', fetch);
    const success = vi.fn();
    document.addEventListener('sociallogin:success', success, { once: true });
    Reflect.set(window, 'SocialLogin', [
      [
        'mount',
        document.body.appendChild(document.createElement('div')),
        { redirectPath: '/shop/login' },
      ],
    ]);
    await load(TAG);
    expect(location.search).toBe('');
    await flush();
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body)).redirectUri).toBe(
      `${location.origin}/shop/login`,
    );
    expect(success).toHaveBeenCalledOnce();
  });
});

describe("Kakao's authorize options through the public API", () => {
  const fakeSdk = () => fakeKakaoSdk().authorize;
  afterEach(() => Reflect.deleteProperty(window, 'Kakao'));

  it('SocialLogin.login() hands every option to Kakao.Auth.authorize', async () => {
    const authorize = fakeSdk();
    const api = await load(TAG);
    api.login('kakao', {
      prompt: 'select_account',
      loginHint: 'shopper@example.com',
      scope: 'account_email,gender',
      serviceTerms: 'terms_a,terms_b',
      throughTalk: false,
    });
    await flush();
    expect(authorize).toHaveBeenCalledExactlyOnceWith({
      redirectUri: `${location.origin}/member/login.html`,
      state: expect.any(String),
      nonce: expect.any(String),
      prompt: 'select_account',
      loginHint: 'shopper@example.com',
      scope: 'account_email,gender,openid',
      serviceTerms: 'terms_a,terms_b',
      throughTalk: false,
    });
  });

  it('SocialLogin.mount() options reach the click, and data-prompt on the tag too', async () => {
    const authorize = fakeSdk();
    const api = await load({ ...TAG, 'data-prompt': 'login' });
    const el = document.body.appendChild(document.createElement('div'));
    api.mount(el, { loginHint: 'a@b.c', oidc: false, scope: 'gender' });
    shadowOf(el).getByRole('button', { name: 'Login with Kakao' }).click();
    await flush();
    expect(authorize.mock.calls[0]?.[0]).toMatchObject({
      prompt: 'login',
      loginHint: 'a@b.c',
      scope: 'gender',
    });
  });

  it("SocialLogin.login('naver', { authType: 'reprompt' }) asks Naver again for declined items", async () => {
    const api = await load(TAG);
    const { nav } = await import('../../src/widget/flow');
    const assign = vi.spyOn(nav, 'assign').mockImplementation(() => {});
    api.login('naver', { authType: 'reprompt' });
    expect(new URL(String(assign.mock.calls[0]?.[0])).searchParams.get('auth_type')).toBe(
      'reprompt',
    );
  });

  it("starts loading Kakao's SDK when the shopper points at or focuses the Kakao button, not before", async () => {
    const appended: string[] = [];
    vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
      if (node instanceof HTMLScriptElement) appended.push(node.src);
      return node;
    });
    vi.stubGlobal('requestIdleCallback', () => 0);
    const api = await load(TAG);
    const el = document.body.appendChild(document.createElement('div'));
    api.mount(el);
    expect(appended).toEqual([]);
    shadowOf(el)
      .getByRole('button', { name: 'Log in with NAVER' })
      .dispatchEvent(new Event('pointerenter'));
    expect(appended).toEqual([]);
    shadowOf(el)
      .getByRole('button', { name: 'Login with Kakao' })
      .dispatchEvent(new Event('focus'));
    expect(appended).toEqual(['https://t1.kakaocdn.net/kakao_js_sdk/2.8.1/kakao.min.js']);
  });
});

describe('coming back to a page that was left for the provider', () => {
  it('makes the buttons usable again when the shopper returns from the KakaoTalk app without finishing', async () => {
    const api = await load(TAG);
    const { nav } = await import('../../src/widget/flow');
    const { status } = await import('../../src/widget/state');
    vi.spyOn(nav, 'assign').mockImplementation(() => {});
    api.login('naver');
    expect(status.value.kind).toBe('redirecting');
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(status.value.kind).toBe('redirecting');
    hidden.mockReturnValue(false);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(status.value).toEqual({ kind: 'idle' });
  });
});

describe('the automatic login inside KakaoTalk', () => {
  const KAKAOTALK = userAgentOf('kakaotalk');

  it('uses the options of the mount that shows the Kakao button (a key given only to mount())', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(KAKAOTALK);
    Reflect.set(window, 'SocialLogin', [
      [
        'mount',
        document.body.appendChild(document.createElement('div')),
        { kakaoJsKey: 'from-mount', loginHint: 'a@b.c' },
      ],
    ]);
    await load({ 'data-backend': 'https://auth.example.com' });
    // The silent attempt computes its PKCE challenge (async) before it navigates.
    const { nav } = await import('../../src/widget/flow');
    const assign = vi.spyOn(nav, 'assign').mockImplementation(() => {});
    expect(sessionStorage.getItem('social-login:auto-login')).toBe('1');
    await vi.waitFor(() => expect(assign).toHaveBeenCalledOnce());
    const url = new URL(String(assign.mock.calls[0]?.[0]));
    expect(url.searchParams.get('client_id')).toBe('from-mount');
    expect(url.searchParams.get('prompt')).toBe('none');
    expect(url.searchParams.get('login_hint')).toBe('a@b.c');
  });

  it('respects autoLogin: false given to mount()', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(KAKAOTALK);
    Reflect.set(window, 'SocialLogin', [
      ['mount', document.body.appendChild(document.createElement('div')), { autoLogin: false }],
    ]);
    await load(TAG);
    await flush();
    expect(sessionStorage.getItem('social-login:auto-login')).toBeNull();
    expect(sessionStorage.getItem('social-login:pending')).toBeNull();
  });

  it('never starts on an age-restricted Cafe24 store, which takes its buttons away', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(KAKAOTALK);
    Reflect.set(window, 'MemberAction', { snsLogin() {} });
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () => new Response(JSON.stringify({ socialLogin: false, reason: 'age_restricted' })),
      ),
    );
    document.body.innerHTML = '<div data-social-login></div>';
    try {
      await load(TAG);
      await flush();
      await flush();
      expect(sessionStorage.getItem('social-login:auto-login')).toBeNull();
      expect(document.querySelector('[data-social-login-host]')).toBeNull();
    } finally {
      Reflect.deleteProperty(window, 'MemberAction');
    }
  });
});
