/**
 * "Last used": after a verified login the button of that provider carries a small translated badge
 * on this store, and only the provider's name is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LAST_USED_KEY, lastUsed, rememberLastUsed } from '../../src/widget/last-used';
import { mountWidget } from '../../src/widget/mount';
import { shadowOf } from './helpers';

const KEYS = {
  backend: 'https://auth.example.com',
  kakaoJsKey: 'kakao-js',
  naverClientId: 'naver-id',
};
const handles: { unmount(): void }[] = [];

function mount(values: Record<string, string> = {}) {
  const container = document.createElement('div');
  document.body.append(container);
  handles.push(mountWidget(container, [{ attribute: true, values: { ...KEYS, ...values } }]));
  return container;
}

const badges = (container: Element) =>
  [
    ...(container.querySelector('[data-social-login-host]')?.shadowRoot?.querySelectorAll('.u') ??
      []),
  ].map((badge) => [badge.closest('button')?.dataset.provider, badge.textContent]);

afterEach(() => {
  for (const handle of handles.splice(0)) handle.unmount();
  document.body.replaceChildren();
  localStorage.clear();
});

describe('the "last used" badge', () => {
  it('shows no badge before the shopper has signed in on this store', () => {
    expect(badges(mount())).toEqual([]);
  });

  it('marks the provider the shopper signed in with last, in the page language', () => {
    rememberLastUsed('naver');
    expect(badges(mount({ lang: 'ko' }))).toEqual([['naver', '최근 사용']]);
    expect(badges(mount({ lang: 'en' }))).toEqual([['naver', 'Last used']]);
    expect(badges(mount({ lang: 'ja' }))).toEqual([['naver', '前回使用']]);
    expect(badges(mount({ lang: 'zh-CN' }))).toEqual([['naver', '上次使用']]);
    expect(badges(mount({ lang: 'zh-TW' }))).toEqual([['naver', '上次使用']]);
  });

  for (const layout of ['vertical', 'icon']) {
    it(`keeps the ${layout} button named by its label and describes it as last used`, () => {
      rememberLastUsed('kakao');
      const container = mount({ lang: 'en', layout });
      const kakao = shadowOf(container).getByRole('button', { name: 'Login with Kakao' });
      const root = container.querySelector('[data-social-login-host]')?.shadowRoot;
      const description = root?.getElementById(kakao.getAttribute('aria-describedby') ?? '');
      expect(description?.textContent).toBe('Last used');
      const naver = shadowOf(container).getByRole('button', { name: 'Log in with NAVER' });
      expect(naver.hasAttribute('aria-describedby')).toBe(false);
    });
  }

  it('needs a choice: a single button carries no badge', () => {
    rememberLastUsed('kakao');
    expect(badges(mount({ providers: 'kakao' }))).toEqual([]);
  });

  it('stores only the provider name, and ignores anything else found under its key', () => {
    rememberLastUsed('kakao');
    expect(localStorage.getItem(LAST_USED_KEY)).toBe('kakao');
    localStorage.setItem(LAST_USED_KEY, '<img src=x>');
    expect(lastUsed()).toBeNull();
    expect(badges(mount())).toEqual([]);
  });
});
