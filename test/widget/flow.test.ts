/**
 * The login as a shopper lives it: click, leave for the provider, come back, get signed in (or see
 * why not). Navigation is stubbed: happy-dom stays on the page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { beginReturn, completeReturn, nav } from '../../src/widget/flow';
import { mountWidget } from '../../src/widget/mount';
import { parseOptions } from '../../src/widget/options';
import { PENDING_KEY, type PendingAttempt, savePending } from '../../src/widget/pending';
import { status } from '../../src/widget/state';
import { captureWarnings, fakeKakaoSdk, flush, ORIGIN, shadowOf, visit } from './helpers';

const VALUES = {
  backend: 'https://auth.example.com',
  kakaoJsKey: 'kakao-js',
  naverClientId: 'naver-id',
  lang: 'en',
};
const LOGIN_PAGE = `${ORIGIN}/member/login.html`;
const optionsFor = (extra = {}) => {
  const { options } = parseOptions([{ attribute: true, values: { ...VALUES, ...extra } }]);
  if (!options) throw new Error('bad test options');
  return options;
};

let assign: ReturnType<typeof vi.spyOn>;
let events: CustomEvent[];
let listening: AbortController;
const handles: { unmount(): void }[] = [];

function mount(extra: Record<string, unknown> = {}) {
  const container = document.createElement('div');
  document.body.append(container);
  handles.push(mountWidget(container, [{ attribute: true, values: { ...VALUES, ...extra } }]));
  return container;
}

beforeEach(() => {
  visit('/member/login.html');
  status.value = { kind: 'idle' };
  assign = vi.spyOn(nav, 'assign').mockImplementation(() => {});
  events = [];
  listening = new AbortController();
  for (const type of ['start', 'success', 'error']) {
    document.addEventListener(
      `sociallogin:${type}`,
      (e) => e instanceof CustomEvent && events.push(e),
      {
        signal: listening.signal,
      },
    );
  }
  captureWarnings();
});

afterEach(() => {
  listening.abort();
  for (const handle of handles.splice(0)) handle.unmount();
  document.body.replaceChildren();
  sessionStorage.clear();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(window, 'Kakao');
});

const pendingFor = (over: Partial<PendingAttempt> = {}): PendingAttempt => ({
  provider: 'naver',
  state: 'S'.repeat(22),
  nonce: 'N'.repeat(22),
  returnTo: `${ORIGIN}/myshop/index.html`,
  redirectUri: LOGIN_PAGE,
  createdAt: Date.now(),
  ...over,
});
const backendAnswers = (body: unknown, status = 200) => {
  const fetch = vi.fn(
    async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
};
const USER = { id: 'naver:abc', providerUserId: 'abc', name: '김민지' };

describe('clicking a button', () => {
  it('sends a Naver shopper to nid.naver.com with a fresh state kept in this tab', async () => {
    const shadow = shadowOf(mount());
    shadow.getByRole('button', { name: 'Log in with NAVER' }).click();

    const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}');
    expect(pending).toMatchObject({
      provider: 'naver',
      redirectUri: LOGIN_PAGE,
      // Never back to the login form: the store's home, as the shopper came from nowhere else.
      returnTo: `${ORIGIN}/index.html`,
    });
    expect(pending.state).toMatch(/^[\w-]{22}$/);
    const url = new URL(String(assign.mock.calls[0]?.[0]));
    expect(url.origin + url.pathname).toBe('https://nid.naver.com/oauth2.0/authorize');
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('client_id')).toBe('naver-id');
    expect(url.searchParams.get('redirect_uri')).toBe(LOGIN_PAGE);
    await flush();
    expect(shadow.getByRole('status').textContent).toBe('Signing in…');
  });

  it('dispatches sociallogin:start on the container, bubbling out of the page and calling onStart', () => {
    const onStart = vi.fn();
    const container = mount();
    container.addEventListener('sociallogin:start', () => {}); // listener on the container itself
    const handle = handles.pop();
    handle?.unmount();
    handles.push(
      mountWidget(container, [
        { attribute: true, values: VALUES },
        { attribute: false, values: { onStart } },
      ]),
    );
    shadowOf(container).getByRole('button', { name: 'Log in with NAVER' }).click();
    const [start] = events;
    expect(start?.type).toBe('sociallogin:start');
    expect(start?.detail).toEqual({ provider: 'naver' });
    expect(start?.target).toBe(container);
    expect(start?.bubbles).toBe(true);
    expect(start?.composed).toBe(true);
    expect(onStart).toHaveBeenCalledWith({ provider: 'naver' });
  });

  it('ignores a second click while leaving for the provider', () => {
    const shadow = shadowOf(mount());
    shadow.getByRole('button', { name: 'Log in with NAVER' }).click();
    shadow.getByRole('button', { name: 'Login with Kakao' }).click();
    expect(events.filter((e) => e.type === 'sociallogin:start')).toHaveLength(1);
  });

  it('calls Kakao.Auth.authorize with the redirect URI, state and nonce, initialising the SDK once', async () => {
    const { init, authorize } = fakeKakaoSdk();
    shadowOf(mount()).getByRole('button', { name: 'Login with Kakao' }).click();
    await flush();
    const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}');
    expect(init).toHaveBeenCalledExactlyOnceWith('kakao-js');
    expect(authorize).toHaveBeenCalledExactlyOnceWith({
      redirectUri: LOGIN_PAGE,
      state: pending.state,
      nonce: pending.nonce,
    });
  });

  it("goes straight to kauth's authorize URL with PKCE when Kakao's SDK is blocked", async () => {
    vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
      if (node instanceof HTMLScriptElement)
        queueMicrotask(() => node.onerror?.(new Event('error')));
      return node;
    });
    const shadow = shadowOf(mount({ prompt: 'select_account' }));
    shadow.getByRole('button', { name: 'Login with Kakao' }).click();
    await vi.waitFor(() => expect(assign).toHaveBeenCalledOnce());
    const url = new URL(String(assign.mock.calls[0]?.[0]));
    const pending: unknown = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
    expect(url.origin + url.pathname).toBe('https://kauth.kakao.com/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('kakao-js');
    expect(url.searchParams.get('prompt')).toBe('select_account');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(pending).toMatchObject({
      provider: 'kakao',
      state: url.searchParams.get('state'),
      nonce: url.searchParams.get('nonce'),
      codeVerifier: expect.stringMatching(/^[\w-]{43}$/),
    });
    // The challenge is the S256 of the verifier kept in this tab (RFC 7636 §4.2).
    const verifier = String(Reflect.get(Object(pending), 'codeVerifier'));
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    const challenge = btoa(String.fromCharCode(...new Uint8Array(digest)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(url.searchParams.get('code_challenge')).toBe(challenge);
    expect(shadow.queryByRole('alert')?.textContent ?? '').toBe('');
  });

  it('never waits for an SDK that is still loading: the click goes to kauth directly', async () => {
    // A script that never loads nor fails.
    vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T) => node);
    shadowOf(mount()).getByRole('button', { name: 'Login with Kakao' }).click();
    await vi.waitFor(() => expect(assign).toHaveBeenCalledOnce());
    expect(String(assign.mock.calls[0]?.[0])).toMatch(
      /^https:\/\/kauth\.kakao\.com\/oauth\/authorize\?.*code_challenge_method=S256/,
    );
  });

  it('goes to kauth directly when the SDK throws, and never shows an error for it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { authorize } = fakeKakaoSdk('kakao-js');
    authorize.mockImplementation(() => {
      throw new Error('Kakao.Auth.authorize: Invalid parameter keys: isPopop');
    });
    const shadow = shadowOf(mount());
    shadow.getByRole('button', { name: 'Login with Kakao' }).click();
    await vi.waitFor(() => expect(assign).toHaveBeenCalledOnce());
    expect(authorize).toHaveBeenCalledOnce();
    expect(String(assign.mock.calls[0]?.[0])).toMatch(
      /^https:\/\/kauth\.kakao\.com\/oauth\/authorize\?/,
    );
    expect(shadow.queryByRole('alert')?.textContent ?? '').toBe('');
  });

  it("leaves a skin's Kakao SDK v1 alone and goes to kauth directly (v1 drops prompt and loginHint)", async () => {
    const authorize = vi.fn();
    const v1 = { VERSION: '1.43.5', init() {}, isInitialized: () => true, Auth: { authorize } };
    Reflect.set(window, 'Kakao', v1);
    const append = vi.spyOn(document.head, 'appendChild');
    shadowOf(mount({ prompt: 'login' }))
      .getByRole('button', { name: 'Login with Kakao' })
      .click();
    await vi.waitFor(() => expect(assign).toHaveBeenCalledOnce());
    expect(authorize).not.toHaveBeenCalled();
    expect(new URL(String(assign.mock.calls[0]?.[0])).searchParams.get('prompt')).toBe('login');
    expect(Reflect.get(window, 'Kakao')).toBe(v1);
    expect(append.mock.calls.some(([node]) => node instanceof HTMLScriptElement)).toBe(false);
  });

  it("uses the SDK, with the merchant's authorize options, when it is there", async () => {
    const { authorize } = fakeKakaoSdk('kakao-js');
    const shadow = shadowOf(mount({ scope: 'gender', loginHint: 'a@b.c', throughTalk: 'false' }));
    shadow.getByRole('button', { name: 'Login with Kakao' }).click();
    await flush();
    expect(authorize).toHaveBeenCalledOnce();
    expect(authorize.mock.calls[0]?.[0]).toMatchObject({
      scope: 'gender,openid',
      loginHint: 'a@b.c',
      throughTalk: false,
    });
    expect(assign).not.toHaveBeenCalled();
  });
});

describe('coming back from the provider', () => {
  it('removes the code from the address bar before anything else', () => {
    savePending(pendingFor());
    visit('/member/login.html?returnUrl=%2Fa&code=SECRET&state=SSSS#top');
    const replace = vi.spyOn(nav, 'replace');
    beginReturn();
    expect(replace).toHaveBeenCalledOnce();
    expect(location.href).toBe(`${LOGIN_PAGE}?returnUrl=%2Fa#top`);
  });

  it("leaves code and state alone on pages other than the redirect page (they are the store's)", () => {
    savePending(pendingFor());
    visit('/board/list.html?code=42&state=open');
    expect(beginReturn()).toBeNull();
    expect(location.search).toBe('?code=42&state=open');
    expect(sessionStorage.getItem(PENDING_KEY)).not.toBeNull();
    visit('/oauth/back?code=C&state=S');
    expect(beginReturn('/oauth/back')?.kind).toBe('mismatch');
  });

  it('exchanges the code, announces sociallogin:success and goes to returnTo', async () => {
    const pending = pendingFor();
    savePending(pending);
    visit(`/member/login.html?code=C0DE&state=${pending.state}`);
    const fetch = backendAnswers({ provider: 'naver', user: USER, member: { status: 'existing' } });
    const onSuccess = vi.fn();
    const decision = beginReturn();
    expect(status.value).toEqual({ kind: 'exchanging', provider: 'naver' });
    const container = mount({});
    handles.pop()?.unmount();
    handles.push(
      mountWidget(container, [
        { attribute: true, values: VALUES },
        { attribute: false, values: { onSuccess } },
      ]),
    );
    if (!decision) throw new Error('expected a return');
    await completeReturn(decision, optionsFor());

    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toEqual({
      provider: 'naver',
      code: 'C0DE',
      state: pending.state,
      redirectUri: LOGIN_PAGE,
    });
    const success = events.find((e) => e.type === 'sociallogin:success');
    expect(success?.detail).toEqual({
      provider: 'naver',
      user: USER,
      member: { status: 'existing' },
    });
    expect(success?.target).toBe(container);
    expect(onSuccess).toHaveBeenCalledWith(success?.detail);
    expect(assign).toHaveBeenCalledWith(`${ORIGIN}/myshop/index.html`);
  });

  it('goes to returnTo off Cafe24 even when the backend offers an SSO ticket, and frees the buttons when it stays', async () => {
    const pending = pendingFor();
    savePending(pending);
    visit(`/member/login.html?code=C0DE&state=${pending.state}`);
    backendAnswers({
      provider: 'naver',
      user: USER,
      member: { status: 'new' },
      ticket: 'T'.repeat(43),
    });
    const decision = beginReturn();
    if (!decision) throw new Error('expected a return');
    await completeReturn(decision, optionsFor());
    expect(assign).toHaveBeenCalledExactlyOnceWith(`${ORIGIN}/myshop/index.html`);
    expect(status.value).toMatchObject({ kind: 'exchanging' });

    const again = pendingFor({ returnTo: LOGIN_PAGE });
    savePending(again);
    visit(`/member/login.html?code=C0DE&state=${again.state}`);
    const stay = beginReturn();
    if (!stay) throw new Error('expected a return');
    await completeReturn(stay, optionsFor());
    expect(assign).toHaveBeenCalledOnce();
    expect(status.value).toEqual({ kind: 'success', provider: 'naver' });
  });

  it('sends the nonce for Kakao, whose ID token carries it', async () => {
    const pending = pendingFor({ provider: 'kakao' });
    savePending(pending);
    visit(`/member/login.html?code=C&state=${pending.state}`);
    const fetch = backendAnswers({ provider: 'kakao', user: USER, member: { status: 'new' } });
    const decision = beginReturn();
    if (decision) await completeReturn(decision, optionsFor());
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body)).nonce).toBe(pending.nonce);
  });

  it('stays on the page when a listener cancels sociallogin:success', async () => {
    const pending = pendingFor();
    savePending(pending);
    visit(`/member/login.html?code=C&state=${pending.state}`);
    backendAnswers({ provider: 'naver', user: USER, member: { status: 'new' } });
    document.addEventListener('sociallogin:success', (e) => e.preventDefault(), { once: true });
    const decision = beginReturn();
    if (decision) await completeReturn(decision, optionsFor());
    expect(events.some((e) => e.type === 'sociallogin:success')).toBe(true);
    expect(assign).not.toHaveBeenCalled();
  });

  it('stays when returnTo is this page, and never leaves the store for another origin', async () => {
    for (const returnTo of [LOGIN_PAGE, 'https://evil.example/']) {
      const pending = pendingFor({ returnTo });
      savePending(pending);
      visit(`/member/login.html?code=C&state=${pending.state}`);
      backendAnswers({ provider: 'naver', user: USER, member: { status: 'new' } });
      const decision = beginReturn();
      if (decision) await completeReturn(decision, optionsFor());
    }
    expect(assign).not.toHaveBeenCalled();
  });

  it.each([
    ['no attempt was started in this tab', undefined, 'x'.repeat(22), 'state_mismatch'],
    ["the state is not this tab's", pendingFor(), 'x'.repeat(22), 'state_mismatch'],
    [
      'the attempt is older than 10 minutes',
      pendingFor({ createdAt: Date.now() - 600_001 }),
      'S'.repeat(22),
      'state_expired',
    ],
  ])('stops before the backend when %s', async (_, pending, state, code) => {
    if (pending) savePending(pending);
    visit(`/member/login.html?code=C&state=${state}`);
    const fetch = backendAnswers({});
    const container = mount();
    const decision = beginReturn();
    if (decision) await completeReturn(decision, optionsFor());
    expect(fetch).not.toHaveBeenCalled();
    const error = events.find((e) => e.type === 'sociallogin:error');
    expect(error?.detail).toEqual({
      provider: pending ? 'naver' : null,
      code,
      message: 'Your login expired. Please try again.',
    });
    expect(shadowOf(container).getByRole('alert').textContent).toContain('Please try again.');
  });

  it('uses the pending attempt once: the same return a second time is a mismatch', () => {
    const pending = pendingFor();
    savePending(pending);
    visit(`/member/login.html?code=C&state=${pending.state}`);
    expect(beginReturn()?.kind).toBe('code');
    visit(`/member/login.html?code=C&state=${pending.state}`);
    expect(beginReturn()?.kind).toBe('mismatch');
  });

  it('tells a shopper who cancelled, and retries with the same provider and returnTo', async () => {
    const pending = pendingFor();
    savePending(pending);
    visit(
      `/member/login.html?error=access_denied&error_description=Canceled+By+User&state=${pending.state}`,
    );
    const container = mount();
    const decision = beginReturn();
    if (decision) await completeReturn(decision, optionsFor());
    await flush();
    const shadow = shadowOf(container);
    // Backing out is no error: a calm status line, not an alert.
    expect(shadow.getByRole('status').textContent).toContain('Login was cancelled.');
    expect(shadow.getByRole('alert').textContent).toBe('');
    expect(events.at(-1)?.detail).toMatchObject({ provider: 'naver', code: 'access_denied' });

    shadow.getByRole('button', { name: 'Try again' }).click();
    expect(events.at(-1)?.type).toBe('sociallogin:start');
    expect(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}')).toMatchObject({
      provider: 'naver',
      returnTo: pending.returnTo,
    });
    expect(String(assign.mock.calls[0]?.[0])).toContain('https://nid.naver.com/oauth2.0/authorize');
  });

  it.each([
    ['login_blocked', 403, 'This account can’t log in to this store.'],
    ['invalid_grant', 400, 'Your login expired. Please try again.'],
    ['upstream_timeout', 504, 'Couldn’t reach the login service.'],
    ['service_unavailable', 503, 'Couldn’t reach the login service.'],
    ['origin_not_allowed', 403, 'Login failed.'],
  ])("shows the backend's %s as a short message", async (code, httpStatus, message) => {
    const pending = pendingFor();
    savePending(pending);
    visit(`/member/login.html?code=C&state=${pending.state}`);
    backendAnswers({ error: { code, message: 'internal detail' } }, httpStatus);
    const decision = beginReturn();
    if (decision) await completeReturn(decision, optionsFor());
    expect(events.at(-1)?.detail).toEqual({ provider: 'naver', code, message });
  });

  it('tells a shopper whose store account was deleted why, in the alert and the event, with a retry for another account', async () => {
    const pending = pendingFor();
    savePending(pending);
    visit(`/member/login.html?code=C&state=${pending.state}`);
    backendAnswers(
      { error: { code: 'login_blocked', message: 'internal detail', reason: 'member_deleted' } },
      403,
    );
    const shadow = shadowOf(mount());
    const decision = beginReturn();
    if (decision) await completeReturn(decision, optionsFor());
    const message = 'A deleted account can’t join again.';
    expect(events.at(-1)?.detail).toEqual({ provider: 'naver', code: 'login_blocked', message });
    expect(shadow.getByRole('alert').textContent).toContain(message);
    expect(shadow.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('keeps going when a merchant callback throws', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const container = document.createElement('div');
    document.body.append(container);
    handles.push(
      mountWidget(container, [
        { attribute: true, values: VALUES },
        {
          attribute: false,
          values: {
            onStart() {
              throw new Error('merchant bug');
            },
          },
        },
      ]),
    );
    shadowOf(container).getByRole('button', { name: 'Log in with NAVER' }).click();
    expect(assign).toHaveBeenCalledOnce();
    expect(String(errors.mock.calls[0]?.[0])).toBe('[social-login] your onStart callback threw');
  });
});
