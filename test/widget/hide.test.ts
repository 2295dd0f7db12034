/**
 * The head snippet of docs/api.md marks <html> inside KakaoTalk so the store's CSS hides the ID/password
 * form before the first paint; the widget then owns that mark (src/widget/hide.ts): it keeps it
 * under a Kakao-only mount without hiding the form twice, and takes it away, showing the form,
 * whenever no mount is in Kakao-only mode.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userAgentOf } from './fixtures/user-agents';
import { captureWarnings, flush, visit } from './helpers';

const KAKAOTALK = userAgentOf('kakaotalk');
const CLASS = 'social-login-kakaotalk';
const TAG = {
  'data-backend': 'https://auth.example.com',
  'data-kakao-js-key': 'kakao-js',
  'data-naver-client-id': 'naver-id',
  // The automatic login is not what these tests look at.
  'data-auto-login': 'false',
};

/** A page load with the widget's tag; the entry afresh. */
async function load(attributes: Record<string, string> = TAG) {
  vi.resetModules();
  Reflect.deleteProperty(window, 'SocialLogin');
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script);
  await import('../../src/widget/index');
  await flush();
  return Reflect.get(window, 'SocialLogin') as { mount(el: Element, o?: object): Handle };
}
interface Handle {
  unmount(): void;
}

/** The login page with the snippet's CSS, as the snippet's script left it inside KakaoTalk. */
function loginPage({ container = true } = {}) {
  document.documentElement.classList.add(CLASS);
  const style = document.createElement('style');
  style.textContent = `.${CLASS} .xans-member-login fieldset { display: none; }`;
  document.head.append(style);
  document.body.innerHTML = `<div class="xans-member-login"><form><fieldset><input id="member_id"></fieldset></form>${
    container ? '<div data-social-login></div>' : ''
  }</div>`;
  const fieldset = document.querySelector('fieldset') as HTMLElement;
  const marked = () => document.documentElement.classList.contains(CLASS);
  // What hides it: the mark (through the store's CSS; Chromium tests see the pixels) or an inline
  // style. happy-dom does not recompute a style when an ancestor's class changes.
  return { fieldset, marked, shown: () => !marked() && fieldset.style.display !== 'none' };
}

beforeEach(() => {
  visit('/member/login.html');
  captureWarnings();
  vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(KAKAOTALK);
  // No SDK download in these tests (the page's own <style> goes in).
  const append = document.head.appendChild.bind(document.head);
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T) =>
    node instanceof HTMLScriptElement ? node : append(node),
  );
});

afterEach(() => {
  document.documentElement.classList.remove(CLASS);
  for (const style of document.head.querySelectorAll('style')) style.remove();
  document.body.replaceChildren();
  Reflect.deleteProperty(window, 'SocialLogin');
  vi.restoreAllMocks();
  sessionStorage.clear();
});

describe("the head snippet's early hiding, inside KakaoTalk", () => {
  it('keeps the form hidden under a Kakao-only mount, without hiding it a second time', async () => {
    const page = loginPage();
    await load();
    expect(document.querySelector('[data-social-login-host]')).not.toBeNull();
    expect(page.marked()).toBe(true);
    expect(page.shown()).toBe(false);
    // The store's CSS hides it: the widget leaves its inline style alone.
    expect(page.fieldset.getAttribute('style')).toBeNull();
  });

  it('keeps the form hidden while another Kakao-only mount remains', async () => {
    const page = loginPage();
    const api = await load();
    const el = document.createElement('div');
    document.querySelector('.xans-member-login')?.append(el);
    api.mount(el).unmount();
    expect(page.marked()).toBe(true);
    expect(page.shown()).toBe(false);
  });

  it('takes the mark away when the last Kakao-only mount goes', async () => {
    const page = loginPage({ container: false });
    vi.resetModules();
    const { mountWidget } = await import('../../src/widget/mount');
    const el = document.createElement('div');
    document.querySelector('.xans-member-login')?.append(el);
    const values = { backend: TAG['data-backend'], kakaoJsKey: 'kakao-js' };
    const handle = mountWidget(el, [{ attribute: true, values }]);
    expect(page.marked()).toBe(true);
    expect(page.fieldset.getAttribute('style')).toBeNull();
    handle.unmount();
    expect(page.marked()).toBe(false);
    expect(page.shown()).toBe(true);
  });

  it('shows the form when Kakao-only mode is off, or there is no Kakao button', async () => {
    const off = loginPage();
    await load({ ...TAG, 'data-kakao-only-in-app': 'false' });
    expect(off.marked()).toBe(false);
    expect(off.shown()).toBe(true);

    const naverOnly = loginPage();
    const { 'data-kakao-js-key': _, ...withoutKakao } = TAG;
    await load(withoutKakao);
    expect(naverOnly.shown()).toBe(true);
  });

  it('shows the form on a page without buttons', async () => {
    const page = loginPage({ container: false });
    await load();
    expect(page.shown()).toBe(true);
  });
});
