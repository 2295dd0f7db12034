import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DESKTOP_UA, KAKAOTALK_UA } from './helpers';

const SOURCE = readFileSync(new URL('../../src/sandbox/public/kakao.js', import.meta.url), 'utf8');
const SDK_URL = 'http://localhost:8787/sandbox/kakao.js';
const REDIRECT = 'http://localhost:5173/member/login.html';

interface KakaoStandIn {
  VERSION: string;
  init(key: unknown): void;
  isInitialized(): boolean;
  cleanup(): void;
  Auth: { authorize(settings: unknown): void };
}

/** Runs the file as a browser would, in a window of its own; returns the SDK and where it went. */
function load(userAgent = DESKTOP_UA) {
  const window: { Kakao?: KakaoStandIn; location: { href: string } } = { location: { href: '' } };
  runInNewContext(SOURCE, {
    window,
    document: { currentScript: { src: SDK_URL } },
    navigator: { userAgent },
  });
  if (!window.Kakao) throw new Error('window.Kakao was not defined');
  return { Kakao: window.Kakao, navigatedTo: () => window.location.href };
}

describe('the stand-in Kakao SDK', () => {
  it('reports initialisation like the real SDK', () => {
    const { Kakao } = load();
    expect(Kakao.VERSION).toBe('2.7.4-sandbox');
    expect(Kakao.isInitialized()).toBe(false);
    Kakao.init('sandbox-kakao-js-key');
    expect(Kakao.isInitialized()).toBe(true);
    Kakao.cleanup();
    expect(Kakao.isInitialized()).toBe(false);
  });

  it('throws when authorize is called before init', () => {
    const { Kakao } = load();
    expect(() => Kakao.Auth.authorize({ redirectUri: REDIRECT })).toThrow(/Kakao\.init/);
  });

  it.each([
    ['no redirectUri', {}, /Missing required keys: redirectUri/],
    [
      'an unknown setting',
      { redirectUri: REDIRECT, prompts: 'login' },
      /Invalid parameter keys: prompts/,
    ],
    [
      'a setting of the wrong type',
      { redirectUri: REDIRECT, throughTalk: 'yes' },
      /Illegal argument for throughTalk/,
    ],
    ['a popup', { redirectUri: REDIRECT, isPopup: true }, /isPopup/],
  ])('throws a KakaoError for %s', (_, settings, message) => {
    const { Kakao } = load();
    Kakao.init('sandbox-kakao-js-key');
    expect(() => Kakao.Auth.authorize(settings)).toThrow(message);
  });

  it('navigates the page to the sandbox authorize endpoint with the JavaScript key', () => {
    const { Kakao, navigatedTo } = load();
    Kakao.init('sandbox-kakao-js-key');
    Kakao.Auth.authorize({
      redirectUri: REDIRECT,
      state: 'state-123',
      nonce: 'nonce-456',
      scope: 'account_email,openid',
      loginHint: 'minji',
      throughTalk: false,
    });
    const url = new URL(navigatedTo());
    expect(`${url.origin}${url.pathname}`).toBe(
      'http://localhost:8787/sandbox/kauth/oauth/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'sandbox-kakao-js-key',
      redirect_uri: REDIRECT,
      response_type: 'code',
      state: 'state-123',
      nonce: 'nonce-456',
      scope: 'account_email,openid',
      login_hint: 'minji',
    });
  });

  it('answers prompt none outside KakaoTalk itself, with auto_login NOT_SUPPORTED_BROWSER', () => {
    const { Kakao, navigatedTo } = load(DESKTOP_UA);
    Kakao.init('sandbox-kakao-js-key');
    Kakao.Auth.authorize({ redirectUri: REDIRECT, prompt: 'none', state: 'state-123' });
    expect(navigatedTo()).toBe(
      `${REDIRECT}?error=auto_login&error_description=NOT_SUPPORTED_BROWSER&state=state-123`,
    );
  });

  it('asks the sandbox for prompt none inside KakaoTalk', () => {
    const { Kakao, navigatedTo } = load(KAKAOTALK_UA);
    Kakao.init('sandbox-kakao-js-key');
    Kakao.Auth.authorize({ redirectUri: REDIRECT, prompt: 'none' });
    expect(new URL(navigatedTo()).searchParams.get('prompt')).toBe('none');
  });
});
