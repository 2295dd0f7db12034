/**
 * The store's rules (src/widget/store-rules.ts) and what the buttons do while they are on their
 * way: drawn at once, taken away only by an answer "social login off" that comes within the time
 * limit, never kept waiting by a slow or dead backend.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userAgentOf } from './fixtures/user-agents';
import { captureWarnings, shadowOf, visit } from './helpers';

const BACKEND = 'https://auth.example.com';
const KAKAOTALK = userAgentOf('kakaotalk', 'ios');

/** A page load: the widget's modules afresh (the rules are asked once per page load). */
async function load() {
  vi.resetModules();
  const rules = await import('../../src/widget/store-rules');
  const { mountWidget } = await import('../../src/widget/mount');
  return { ...rules, mountWidget };
}

/** The backend's answer, held until the test gives it. */
function heldRules() {
  let answer: (body: unknown) => void = () => {};
  const fetch = vi.fn(
    () =>
      new Promise<Response>((resolve) => {
        answer = (body) => resolve(Response.json(body));
      }),
  );
  vi.stubGlobal('fetch', fetch);
  return { fetch, answer: (body: unknown) => answer(body) };
}

const onCafe24 = () => Reflect.set(window, 'MemberAction', { snsLogin: vi.fn() });

/** A Cafe24 login page: the ID/password form, and the container inside the login module. */
function loginPage() {
  const module = document.createElement('div');
  module.className = 'xans-member-login';
  const fieldset = document.createElement('fieldset');
  const container = document.createElement('div');
  container.setAttribute('data-social-login', '');
  module.append(fieldset, container);
  document.body.append(module);
  return { container, fieldset };
}

const mountOn = (
  mountWidget: Awaited<ReturnType<typeof load>>['mountWidget'],
  container: Element,
) =>
  mountWidget(container, [
    {
      attribute: true,
      values: { backend: BACKEND, kakaoJsKey: 'kakao-js', naverClientId: 'naver-id', lang: 'en' },
    },
  ]);

const buttons = (container: Element) =>
  container.querySelector('[data-social-login-host]')
    ? shadowOf(container).queryAllByRole('button').length
    : 0;

beforeEach(() => {
  visit('/member/login.html');
  sessionStorage.clear();
  captureWarnings();
  // No SDK download in these tests.
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T) => node);
});

afterEach(() => {
  Reflect.deleteProperty(window, 'MemberAction');
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('asking the store rules', () => {
  it('answers at once and asks nothing off a Cafe24 store page', async () => {
    const { fetch } = heldRules();
    const { socialLoginAllowed } = await load();
    expect(socialLoginAllowed(BACKEND)).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks once per page load, without cookies, and the tab remembers the answer', async () => {
    onCafe24();
    const { fetch, answer } = heldRules();
    const { socialLoginAllowed } = await load();
    const first = socialLoginAllowed(BACKEND);
    const second = socialLoginAllowed(BACKEND);
    answer({ socialLogin: false, reason: 'age_restricted' });
    expect([await first, await second]).toEqual([false, false]);
    expect(fetch).toHaveBeenCalledExactlyOnceWith(`${BACKEND}/api/store-rules`, {
      credentials: 'omit',
    });
    // The next page of the tab knows at once.
    const next = await load();
    expect(next.socialLoginAllowed(BACKEND)).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('allows social login when the backend cannot answer: it enforces the rules at /api/exchange', async () => {
    onCafe24();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const { socialLoginAllowed } = await load();
    expect(await socialLoginAllowed(BACKEND)).toBe(true);
  });

  it('stops waiting after 1.5 s, and keeps a late answer for the next page', async () => {
    vi.useFakeTimers();
    onCafe24();
    const { answer } = heldRules();
    const { socialLoginAllowed, RULES_LIMIT_MS } = await load();
    expect(RULES_LIMIT_MS).toBe(1500);
    let settled: boolean | undefined;
    void Promise.resolve(socialLoginAllowed(BACKEND)).then((ok) => {
      settled = ok;
    });
    await vi.advanceTimersByTimeAsync(RULES_LIMIT_MS - 1);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    answer({ socialLogin: false });
    await vi.advanceTimersByTimeAsync(0);
    expect((await load()).socialLoginAllowed(BACKEND)).toBe(false);
  });
});

describe('the buttons while the rules are on their way', () => {
  it('draws the buttons at once, before the backend answers', async () => {
    onCafe24();
    const { fetch } = heldRules();
    const { mountWidget } = await load();
    const { container } = loginPage();
    mountOn(mountWidget, container);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(buttons(container)).toBe(2);
  });

  it('takes them away when the store says "off" in time, and puts the KakaoTalk form back', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(KAKAOTALK);
    onCafe24();
    const { answer } = heldRules();
    const { mountWidget } = await load();
    const { container, fieldset } = loginPage();
    mountOn(mountWidget, container);
    expect(buttons(container)).toBe(1);
    expect(fieldset.style.display).toBe('none');
    answer({ socialLogin: false, reason: 'age_restricted' });
    await vi.waitFor(() => expect(buttons(container)).toBe(0));
    expect(fieldset.style.display).toBe('');
  });

  it('keeps them when the answer comes after the time limit: they never vanish under a finger', async () => {
    vi.useFakeTimers();
    onCafe24();
    const { answer } = heldRules();
    const { mountWidget, RULES_LIMIT_MS } = await load();
    const { container } = loginPage();
    mountOn(mountWidget, container);
    await vi.advanceTimersByTimeAsync(RULES_LIMIT_MS);
    answer({ socialLogin: false, reason: 'age_restricted' });
    await vi.advanceTimersByTimeAsync(0);
    expect(buttons(container)).toBe(2);
  });

  it('draws nothing on a page of a tab that already knows social login is off', async () => {
    onCafe24();
    const { answer } = heldRules();
    const first = await load();
    const rules = first.socialLoginAllowed(BACKEND);
    answer({ socialLogin: false, reason: 'age_restricted' });
    expect(await rules).toBe(false);
    const { mountWidget } = await load();
    const { container } = loginPage();
    mountOn(mountWidget, container);
    expect(container.querySelector('[data-social-login-host]')).toBeNull();
  });
});
