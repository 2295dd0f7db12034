import { afterEach, describe, expect, it } from 'vitest';
import { type Lang, messages } from '../../src/widget/i18n';
import { mountWidget } from '../../src/widget/mount';
import { shadowOf } from './helpers';

const KEYS = {
  backend: 'https://auth.example.com',
  kakaoJsKey: 'kakao-js',
  naverClientId: 'naver-id',
};
const handles: { unmount(): void }[] = [];

function mount(values: Record<string, string>) {
  const container = document.createElement('div');
  document.body.append(container);
  handles.push(mountWidget(container, [{ attribute: true, values: { ...KEYS, ...values } }]));
  return container;
}

afterEach(() => {
  for (const handle of handles.splice(0)) handle.unmount();
  document.body.replaceChildren();
});

const LABELS: [Lang, string, string][] = [
  ['ko', '카카오 로그인', '네이버 로그인'],
  ['en', 'Login with Kakao', 'Log in with NAVER'],
  ['ja', 'カカオでログイン', 'NAVERでログイン'],
  ['zh-CN', '使用 Kakao 登录', '使用 NAVER 登录'],
  ['zh-TW', '使用 Kakao 登入', '使用 NAVER 登入'],
];

describe('button labels', () => {
  for (const [lang, kakao, naver] of LABELS) {
    it(`names the buttons "${kakao}" and "${naver}" in ${lang}`, () => {
      const shadow = shadowOf(mount({ lang }));
      expect(shadow.getByRole('button', { name: kakao }).dataset.provider).toBe('kakao');
      expect(shadow.getByRole('button', { name: naver }).dataset.provider).toBe('naver');
    });

    it(`keeps the accessible names in ${lang} when only the marks show (layout icon)`, () => {
      const shadow = shadowOf(mount({ lang, layout: 'icon' }));
      const button = shadow.getByRole('button', { name: kakao });
      expect(button.textContent).toBe('');
      expect(button.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
      expect(shadow.getByRole('button', { name: naver })).toBeTruthy();
    });
  }

  it('has a short message for every error group and a retry label in every language', () => {
    for (const [lang] of LABELS) {
      const text = messages(lang);
      const shown = new Set(
        (
          [
            'access_denied',
            'state_expired',
            'network_error',
            'login_blocked',
            'invalid_request',
          ] as const
        ).map((code) => text.error(code)),
      );
      expect(shown.size).toBe(5);
      expect(text.busy).not.toBe('');
      expect(text.retry).not.toBe('');
    }
  });
});

describe('buttons', () => {
  it('shows only the providers whose key is set, in data-providers order', () => {
    const shadow = shadowOf(mount({ naverClientId: '', providers: 'naver,kakao' }));
    expect(shadow.getAllByRole('button').map((b) => b.dataset.provider)).toEqual(['kakao']);
    const both = shadowOf(mount({ providers: 'naver,kakao' }));
    expect(both.getAllByRole('button').map((b) => b.dataset.provider)).toEqual(['naver', 'kakao']);
  });

  it('are real type="button" buttons inside an open shadow root', () => {
    const container = mount({});
    const host = container.querySelector('[data-social-login-host]');
    expect(host?.shadowRoot).toBeTruthy();
    for (const button of shadowOf(container).getAllByRole('button')) {
      expect(button.tagName).toBe('BUTTON');
      expect(button.getAttribute('type')).toBe('button');
    }
  });

  it('carry the look as classes: size, shape, theme and layout', () => {
    const root = mount({ size: 'large', shape: 'pill', theme: 'light', layout: 'horizontal' })
      .querySelector('[data-social-login-host]')
      ?.shadowRoot?.querySelector('.w');
    expect(root?.className).toBe('w horizontal large pill light');
  });

  it('renders nothing without a backend', () => {
    const container = document.createElement('div');
    const handle = mountWidget(container, [{ attribute: true, values: { kakaoJsKey: 'k' } }]);
    expect(container.childElementCount).toBe(0);
    handle.unmount();
  });

  it('unmounts cleanly', () => {
    const container = mount({});
    handles.pop()?.unmount();
    expect(container.childElementCount).toBe(0);
  });
});
