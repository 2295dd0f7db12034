/**
 * Inside KakaoTalk's in-app browser (and the other in-app browsers): what the shopper sees and
 * what the widget decides. Kakao-only mode, the automatic login and the "open in your browser" row.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTO_LOGIN_KEY, claimAutoLogin } from '../../src/widget/auto-login';
import { externalUrl, needsEscape } from '../../src/widget/escape';
import { beginReturn, completeReturn, login, nav } from '../../src/widget/flow';
import { mountWidget } from '../../src/widget/mount';
import { parseOptions } from '../../src/widget/options';
import { PENDING_KEY, savePending } from '../../src/widget/pending';
import { status } from '../../src/widget/state';
import { userAgentOf } from './fixtures/user-agents';
import { captureWarnings, flush, ORIGIN, page, shadowOf, visit } from './helpers';

const KAKAOTALK_IOS = userAgentOf('kakaotalk', 'ios');
const KAKAOTALK_ANDROID = userAgentOf('kakaotalk', 'android');
const CHROME_DESKTOP = userAgentOf(null, 'other');

const VALUES = {
  backend: 'https://auth.example.com',
  kakaoJsKey: 'kakao-js',
  naverClientId: 'naver-id',
  lang: 'en',
};
const optionsFor = (extra = {}) => {
  const { options } = parseOptions([{ attribute: true, values: { ...VALUES, ...extra } }]);
  if (!options) throw new Error('bad test options');
  return options;
};

let assign: ReturnType<typeof vi.spyOn>;
let events: CustomEvent[];
const handles: { unmount(): void }[] = [];
let listening: AbortController;

function useAgent(agent: string) {
  vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(agent);
}

/** A Cafe24-like login page: the ID/password form and the container inside the login module. */
function loginPage(extra: Record<string, unknown> = {}, mount = mountWidget) {
  const module = document.createElement('div');
  module.className = 'xans-element- xans-member xans-member-login';
  const form = document.createElement('form');
  const fieldset = document.createElement('fieldset');
  fieldset.append(Object.assign(document.createElement('input'), { id: 'member_id' }));
  form.append(fieldset);
  const container = document.createElement('div');
  container.setAttribute('data-social-login', '');
  module.append(form, container);
  document.body.append(module);
  handles.push(mount(container, [{ attribute: true, values: { ...VALUES, ...extra } }]));
  return { container, fieldset, module };
}

const names = (container: Element) =>
  shadowOf(container)
    .queryAllByRole('button')
    .map((b) => b.getAttribute('data-provider'))
    .filter(Boolean);

beforeEach(() => {
  visit('/member/login.html');
  status.value = { kind: 'idle' };
  assign = vi.spyOn(nav, 'assign').mockImplementation(() => {});
  // No real SDK download in these tests.
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T) => node);
  events = [];
  listening = new AbortController();
  for (const type of ['start', 'success', 'error']) {
    document.addEventListener(
      `sociallogin:${type}`,
      (e) => e instanceof CustomEvent && events.push(e),
      { signal: listening.signal },
    );
  }
  captureWarnings();
});

afterEach(() => {
  listening.abort();
  for (const handle of handles.splice(0)) handle.unmount();
  document.body.replaceChildren();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
});

describe('Kakao-only mode inside KakaoTalk', () => {
  for (const [os, agent] of [
    ['iOS', KAKAOTALK_IOS],
    ['Android', KAKAOTALK_ANDROID],
  ] as const) {
    it(`shows only the Kakao button and hides the password form on KakaoTalk ${os}`, () => {
      useAgent(agent);
      const { container, fieldset, module } = loginPage();
      expect(names(container)).toEqual(['kakao']);
      expect(fieldset.style.display).toBe('none');
      // The module around the container stays: the buttons are inside it.
      expect(module.style.display).toBe('');
      expect(shadowOf(container).getByText('In KakaoTalk, log in with Kakao.')).toBeTruthy();
    });
  }

  it('says why in the page language', () => {
    useAgent(KAKAOTALK_IOS);
    const { container } = loginPage({ lang: 'ko' });
    expect(
      shadowOf(container).getByText('카카오톡에서는 카카오 로그인만 쓸 수 있어요.'),
    ).toBeTruthy();
  });

  it('announces only Kakao in sociallogin:ready', () => {
    useAgent(KAKAOTALK_IOS);
    const ready: unknown[] = [];
    document.addEventListener('sociallogin:ready', (e) => ready.push((e as CustomEvent).detail), {
      signal: listening.signal,
    });
    loginPage();
    expect(ready).toEqual([{ providers: ['kakao'] }]);
  });

  it('never hides an element that holds the buttons, even when the selector matches it', () => {
    useAgent(KAKAOTALK_IOS);
    const { fieldset, module } = loginPage({ hideSelector: '.xans-member-login, fieldset' });
    expect(module.style.display).toBe('');
    expect(fieldset.style.display).toBe('none');
  });

  it('puts the form back on unmount, as it was', () => {
    useAgent(KAKAOTALK_IOS);
    const { fieldset } = loginPage();
    for (const handle of handles.splice(0)) handle.unmount();
    expect(fieldset.style.display).toBe('');
  });

  it('changes nothing outside KakaoTalk', () => {
    useAgent(CHROME_DESKTOP);
    const { container, fieldset } = loginPage();
    expect(names(container)).toEqual(['kakao', 'naver']);
    expect(fieldset.style.display).toBe('');
    expect(shadowOf(container).queryByText('In KakaoTalk, log in with Kakao.')).toBeNull();
  });

  it('changes nothing when the merchant turned it off, or when there is no Kakao button', () => {
    useAgent(KAKAOTALK_IOS);
    const off = loginPage({ kakaoOnlyInApp: 'false' });
    expect(names(off.container)).toEqual(['kakao', 'naver']);
    expect(off.fieldset.style.display).toBe('');
    document.body.replaceChildren();
    const naverOnly = loginPage({ kakaoJsKey: undefined, providers: 'naver' });
    expect(names(naverOnly.container)).toEqual(['naver']);
    expect(naverOnly.fieldset.style.display).toBe('');
  });
});

describe('deciding the automatic login', () => {
  const signedIn = () => {
    const block = document.createElement('div');
    block.className = 'xans-element- xans-layout xans-layout-statelogon';
    document.body.append(block);
  };

  it('tries once per tab session inside KakaoTalk, marking it before anything navigates', () => {
    expect(claimAutoLogin(optionsFor(), KAKAOTALK_ANDROID)).toBe(true);
    expect(sessionStorage.getItem(AUTO_LOGIN_KEY)).toBe('1');
    expect(claimAutoLogin(optionsFor(), KAKAOTALK_ANDROID)).toBe(false);
  });

  it.each([
    ['outside KakaoTalk (Kakao refuses it there)', CHROME_DESKTOP, {}],
    ['in another in-app browser', userAgentOf('instagram', 'ios'), {}],
    ['when data-auto-login is false', KAKAOTALK_IOS, { autoLogin: 'false' }],
    ['without a Kakao key', KAKAOTALK_IOS, { kakaoJsKey: undefined }],
    ['when Kakao is not a listed provider', KAKAOTALK_IOS, { providers: 'naver' }],
  ])('never tries %s', (_what, agent, extra) => {
    expect(claimAutoLogin(optionsFor(extra), agent)).toBe(false);
    expect(sessionStorage.getItem(AUTO_LOGIN_KEY)).toBeNull();
  });

  it("never tries for a shopper already signed in (Cafe24's statelogon block, or the merchant's selector)", () => {
    signedIn();
    expect(claimAutoLogin(optionsFor(), KAKAOTALK_IOS)).toBe(false);
    document.body.replaceChildren(Object.assign(document.createElement('a'), { id: 'logout' }));
    expect(claimAutoLogin(optionsFor({ signedInSelector: '#logout' }), KAKAOTALK_IOS)).toBe(false);
  });

  it('never tries without session storage (nothing could stop a second try)', () => {
    vi.stubGlobal('sessionStorage', {
      getItem: () => null,
      setItem() {
        throw new Error('QuotaExceededError');
      },
    });
    expect(claimAutoLogin(optionsFor(), KAKAOTALK_IOS)).toBe(false);
  });
});

describe('the automatic login', () => {
  /** A silent attempt from `from` (the login page by default) that Kakao answered with `error`. */
  async function silentMiss(error: string, from = `${ORIGIN}/member/login.html`) {
    savePending({
      provider: 'kakao',
      state: 'S'.repeat(22),
      nonce: 'N'.repeat(22),
      returnTo: from,
      redirectUri: `${ORIGIN}/member/login.html`,
      createdAt: Date.now(),
      silent: true,
      from,
    });
    visit(`/member/login.html?error=${error}&error_description=x&state=${'S'.repeat(22)}`);
    const decision = beginReturn();
    const page = loginPage();
    if (!decision) throw new Error('expected a return');
    await completeReturn(decision, optionsFor());
    return page;
  }

  it("goes to kauth with prompt=none and PKCE, without loading the SDK, and shows 'signing in…' instead of buttons", async () => {
    useAgent(KAKAOTALK_IOS);
    const { container } = loginPage();
    const appended = vi.mocked(document.head.appendChild);
    appended.mockClear();
    const done = login('kakao', { options: optionsFor(), silent: true });
    const shadow = shadowOf(container);
    // Drawn in the same task, before the page can paint.
    await Promise.resolve();
    // No flash: the buttons are gone at once (keeping their room), a neutral progress line shows.
    expect(shadow.getByRole('status').textContent).toContain('Signing in…');
    const list = shadow.getByRole('button', { hidden: true }).parentElement;
    expect(list?.classList.contains('q')).toBe(true);
    await done;
    const url = new URL(String(assign.mock.calls[0]?.[0]));
    expect(url.origin + url.pathname).toBe('https://kauth.kakao.com/oauth/authorize');
    expect(url.searchParams.get('prompt')).toBe('none');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(appended).not.toHaveBeenCalled();
    expect(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}')).toMatchObject({ silent: true });
    expect(events[0]?.detail).toEqual({ provider: 'kakao', silent: true });
  });

  for (const [error, code] of [
    ['consent_required', 'consent_required'],
    ['auto_login', 'provider_error'],
    ['server_error', 'provider_error'],
  ] as const) {
    it(`falls back to the normal Kakao button on ${error}: no message, one quiet sociallogin:error`, async () => {
      useAgent(KAKAOTALK_IOS);
      const { container } = await silentMiss(error);
      const shadow = shadowOf(container);
      expect(shadow.getByRole('button', { name: 'Login with Kakao' })).toBeTruthy();
      expect(
        shadow.getByRole('button', { name: 'Login with Kakao' }).parentElement?.style.visibility,
      ).toBe('');
      expect(shadow.getByRole('alert').textContent).toBe('');
      expect(status.value).toEqual({ kind: 'idle' });
      expect(events.map((e) => e.detail)).toEqual([
        { provider: 'kakao', code, message: expect.any(String), silent: true },
      ]);
      expect(assign).not.toHaveBeenCalled();
    });
  }

  it('brings the shopper back to the page the automatic login started on, once', async () => {
    useAgent(KAKAOTALK_IOS);
    const leave = vi.spyOn(nav, 'leave').mockImplementation(() => {});
    await silentMiss('consent_required', `${ORIGIN}/product/detail.html?product_no=7`);
    expect(leave).toHaveBeenCalledExactlyOnceWith(`${ORIGIN}/product/detail.html?product_no=7`);
    expect(assign).not.toHaveBeenCalled();
  });

  it('stays put when the automatic login started on the login page itself', async () => {
    useAgent(KAKAOTALK_IOS);
    const leave = vi.spyOn(nav, 'leave').mockImplementation(() => {});
    await silentMiss('consent_required');
    expect(leave).not.toHaveBeenCalled();
  });

  it('asks for nothing new (no scope, no service terms): a connected shopper must not need consent', async () => {
    useAgent(KAKAOTALK_IOS);
    loginPage();
    await login('kakao', {
      options: optionsFor({ scope: 'gender', serviceTerms: 'terms_a' }),
      silent: true,
    });
    const url = new URL(String(assign.mock.calls[0]?.[0]));
    expect(url.searchParams.get('prompt')).toBe('none');
    expect(url.searchParams.has('scope')).toBe(false);
    expect(url.searchParams.has('extra.service_terms')).toBe(false);
    expect(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}').from).toBe(location.href);
  });

  it('fails quietly when the exchange after a silent code fails too', async () => {
    savePending({
      provider: 'kakao',
      state: 'S'.repeat(22),
      nonce: 'N'.repeat(22),
      returnTo: `${ORIGIN}/member/login.html`,
      redirectUri: `${ORIGIN}/member/login.html`,
      createdAt: Date.now(),
      silent: true,
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}', { status: 502 })),
    );
    visit(`/member/login.html?code=C&state=${'S'.repeat(22)}`);
    const decision = beginReturn();
    if (!decision) throw new Error('expected a return');
    expect(status.value).toMatchObject({ kind: 'exchanging', silent: true });
    await completeReturn(decision, optionsFor());
    expect(status.value).toEqual({ kind: 'idle' });
    expect(events.at(-1)?.detail).toMatchObject({ code: 'upstream_error', silent: true });
  });
});

describe('other in-app browsers', () => {
  it.each([
    ['line', 'ios', true],
    ['instagram', 'android', true],
    ['facebook', 'ios', true],
    ['band', 'android', true],
    ['kakaostory', 'android', true],
    ['other', 'android', true],
    ['naver', 'android', true],
    ['daum', 'ios', true],
    // KakaoTalk gets it only outside Kakao-only mode (mount.ts decides).
    ['kakaotalk', 'ios', true],
    [null, 'ios', false],
    [null, 'other', false],
  ] as const)('%s on %s gets the "open in your browser" row: %s', (inApp, os, expected) => {
    expect(needsEscape({ inApp, os, mobile: true })).toBe(expected);
  });

  it("opens LINE's pages outside with openExternalBrowser=1", () => {
    expect(
      externalUrl(
        { inApp: 'line', os: 'ios', mobile: true },
        'https://shop.example/member/login.html?a=1#x',
      ),
    ).toBe('https://shop.example/member/login.html?a=1&openExternalBrowser=1#x');
  });

  it('hands Android pages to Chrome with an intent URL', () => {
    expect(
      externalUrl(
        { inApp: 'instagram', os: 'android', mobile: true },
        'https://shop.example/member/login.html?a=1#x',
      ),
    ).toBe(
      'intent://shop.example/member/login.html?a=1#Intent;scheme=https;package=com.android.chrome;end',
    );
  });

  it("opens KakaoTalk's pages in the phone's browser with kakaotalk://web/openExternal", () => {
    expect(
      externalUrl({ inApp: 'kakaotalk', os: 'ios', mobile: true }, 'https://shop.example/a?b=1'),
    ).toBe('kakaotalk://web/openExternal?url=https%3A%2F%2Fshop.example%2Fa%3Fb%3D1');
  });

  it('offers the way out in KakaoTalk only when Kakao-only mode is off', () => {
    useAgent(userAgentOf('kakaotalk', 'android'));
    const on = loginPage();
    expect(shadowOf(on.container).queryByRole('link', { name: 'Open in browser' })).toBeNull();
    const off = loginPage({ kakaoOnlyInApp: 'false' });
    expect(
      shadowOf(off.container).getByRole('link', { name: 'Open in browser' }).getAttribute('href'),
    ).toMatch(/^kakaotalk:\/\/web\/openExternal\?url=/);
  });

  it('has no way out on iOS outside LINE and KakaoTalk: copy the link instead', () => {
    expect(
      externalUrl({ inApp: 'instagram', os: 'ios', mobile: true }, 'https://shop.example/'),
    ).toBeNull();
  });

  it('shows an "Open in browser" link in LINE, and keeps every button', () => {
    useAgent(userAgentOf('line', 'android'));
    const { container, fieldset } = loginPage();
    const link = shadowOf(container).getByRole('link', { name: 'Open in browser' });
    expect(link.getAttribute('href')).toBe(`${ORIGIN}/member/login.html?openExternalBrowser=1`);
    expect(names(container)).toEqual(['kakao', 'naver']);
    expect(fieldset.style.display).toBe('');
  });

  it('copies the link in Instagram on iOS, and shows the address when the clipboard refuses', async () => {
    useAgent(userAgentOf('instagram', 'ios'));
    const writeText = vi.fn(async () => {});
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue(
      Object.assign(Object.create(navigator.clipboard), { writeText }),
    );
    const { container } = loginPage();
    const shadow = shadowOf(container);
    shadow.getByRole('button', { name: 'Copy link' }).click();
    await flush();
    expect(writeText).toHaveBeenCalledWith(`${ORIGIN}/member/login.html`);
    expect(shadow.getByRole('button', { name: 'Copy link ✓' })).toBeTruthy();

    writeText.mockRejectedValueOnce(new Error('NotAllowedError'));
    shadow.getByRole('button', { name: 'Copy link ✓' }).click();
    await flush();
    expect(shadow.getByText(`${ORIGIN}/member/login.html`)).toBeTruthy();
  });
});

describe('authorize options on the tag, mount() and login()', () => {
  it.each([
    [
      'prompt',
      'none',
      '"data-prompt" must be one of login, select_account, create; got "none". Ignoring it.',
    ],
    [
      'authType',
      'always',
      '"data-auth-type" must be one of reprompt, reauthenticate; got "always". Ignoring it.',
    ],
    [
      'scope',
      'email;drop',
      '"data-scope" must be a comma list of Kakao consent items; got "email;drop". Ignoring it.',
    ],
    [
      'serviceTerms',
      'a b,c!',
      '"data-service-terms" must be a comma list of service terms tags; got "a b,c!". Ignoring it.',
    ],
    [
      'throughTalk',
      'maybe',
      '"data-through-talk" must be true or false; got "maybe". Using "true".',
    ],
    ['oidc', 'yes', '"data-oidc" must be true or false; got "yes". Using "true".'],
  ])('reports a bad %s with a clear [social-login] message', (key, value, message) => {
    const { problems } = parseOptions(
      [{ attribute: true, values: { ...VALUES, [key]: value } }],
      page(),
    );
    expect(problems).toEqual([message]);
  });

  it('names mount() options without data-', () => {
    const { problems } = parseOptions(
      [
        { attribute: true, values: VALUES },
        { attribute: false, values: { prompt: 'again' } },
      ],
      page(),
    );
    expect(problems).toEqual([
      '"prompt" must be one of login, select_account, create; got "again". Ignoring it.',
    ]);
  });

  it('reads every authorize option', () => {
    const { options, problems } = parseOptions(
      [
        {
          attribute: true,
          values: {
            ...VALUES,
            prompt: 'CREATE',
            loginHint: 'shopper@example.com',
            scope: 'account_email , gender',
            serviceTerms: 'terms_a,terms_b',
            throughTalk: 'false',
            oidc: 'false',
            authType: 'reprompt',
          },
        },
      ],
      page(),
    );
    expect(problems).toEqual([]);
    expect(options).toMatchObject({
      prompt: 'create',
      loginHint: 'shopper@example.com',
      scope: 'account_email,gender',
      serviceTerms: 'terms_a,terms_b',
      throughTalk: false,
      oidc: false,
      authType: 'reprompt',
    });
  });

  it('sends Naver auth_type=reprompt from login() options', async () => {
    await login('naver', { options: optionsFor({ authType: 'reprompt' }) });
    expect(new URL(String(assign.mock.calls[0]?.[0])).searchParams.get('auth_type')).toBe(
      'reprompt',
    );
  });
});

describe("warming Kakao's SDK", () => {
  it('loads nothing until the page is idle, then loads it once', async () => {
    const appended = vi.mocked(document.head.appendChild);
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (fn: () => void) => idle.push(fn));
    useAgent(CHROME_DESKTOP);
    // A fresh page: the loader remembers a load still under way from an earlier test.
    vi.resetModules();
    const fresh = await import('../../src/widget/mount');
    loginPage({}, fresh.mountWidget);
    expect(appended).not.toHaveBeenCalled();
    for (const fn of idle) fn();
    await flush();
    expect(appended).toHaveBeenCalledOnce();
  });
});
