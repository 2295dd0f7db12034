import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authBases,
  type KakaoChoices,
  kakaoAuthorizeSettings,
  kakaoAuthorizeUrl,
  naverAuthorizeUrl,
} from '../../src/widget/authorize';
import { parseOptions } from '../../src/widget/options';

describe('Naver authorize URL', () => {
  it("goes to nid.naver.com's code flow with state, no scope", () => {
    const url = naverAuthorizeUrl({
      authBase: authBases().naver,
      clientId: 'naver-id',
      redirectUri: 'https://shop.example/member/login.html',
      state: 'abc_DEF-123',
    });
    expect(url).toBe(
      'https://nid.naver.com/oauth2.0/authorize?response_type=code&client_id=naver-id&redirect_uri=https%3A%2F%2Fshop.example%2Fmember%2Flogin.html&state=abc_DEF-123',
    );
  });

  it("uses the sandbox's /nid and /kauth below data-sandbox", () => {
    expect(authBases('http://localhost:8787/sandbox')).toEqual({
      kakao: 'http://localhost:8787/sandbox/kauth',
      naver: 'http://localhost:8787/sandbox/nid',
    });
    expect(authBases()).toEqual({
      kakao: 'https://kauth.kakao.com',
      naver: 'https://nid.naver.com',
    });
  });

  it('is always a parseable URL whose parameters round-trip, whatever the values', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('https://nid.naver.com', 'http://localhost:8787/sandbox/nid'),
        fc.string(),
        fc.webUrl(),
        fc.string(),
        (authBase, clientId, redirectUri, state) => {
          const url = new URL(naverAuthorizeUrl({ authBase, clientId, redirectUri, state }));
          expect(url.origin + url.pathname).toBe(`${authBase}/oauth2.0/authorize`);
          expect(Object.fromEntries(url.searchParams)).toEqual({
            response_type: 'code',
            client_id: clientId,
            redirect_uri: redirectUri,
            state,
          });
        },
      ),
    );
  });
});

describe('Naver auth_type', () => {
  it('adds auth_type=reprompt when the merchant asks to re-ask declined items', () => {
    const url = new URL(
      naverAuthorizeUrl({
        authBase: authBases().naver,
        clientId: 'id',
        redirectUri: 'https://shop.example/member/login.html',
        state: 's',
        authType: 'reprompt',
      }),
    );
    expect(url.searchParams.get('auth_type')).toBe('reprompt');
  });
});

const attempt = {
  redirectUri: 'https://shop.example/member/login.html',
  state: 's'.repeat(22),
  nonce: 'n'.repeat(22),
};
const defaults: KakaoChoices = { oidc: true, throughTalk: true };

describe('Kakao.Auth.authorize settings', () => {
  it('carries only the redirect URI, state and nonce when the merchant chose nothing', () => {
    const pending = { ...attempt, provider: 'kakao', returnTo: 'https://shop.example/' };
    expect(kakaoAuthorizeSettings(pending, defaults)).toEqual(attempt);
  });

  it('keeps every value as given', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.string(), fc.string(), (redirectUri, state, nonce) => {
        expect(kakaoAuthorizeSettings({ redirectUri, state, nonce }, defaults)).toEqual({
          redirectUri,
          state,
          nonce,
        });
      }),
    );
  });

  it('passes prompt, loginHint and serviceTerms through (Kakao Login JavaScript guide)', () => {
    for (const prompt of ['login', 'select_account', 'create', 'none']) {
      expect(kakaoAuthorizeSettings(attempt, { ...defaults, prompt }).prompt).toBe(prompt);
    }
    expect(
      kakaoAuthorizeSettings(attempt, {
        ...defaults,
        loginHint: 'shopper@example.com',
        serviceTerms: 'tag1,tag2',
      }),
    ).toEqual({ ...attempt, loginHint: 'shopper@example.com', serviceTerms: 'tag1,tag2' });
  });

  it('adds openid to additional consent when the app uses OpenID Connect, once', () => {
    expect(
      kakaoAuthorizeSettings(attempt, { ...defaults, scope: 'account_email,gender' }).scope,
    ).toBe('account_email,gender,openid');
    expect(kakaoAuthorizeSettings(attempt, { ...defaults, scope: 'openid,gender' }).scope).toBe(
      'openid,gender',
    );
    expect(
      kakaoAuthorizeSettings(attempt, { ...defaults, oidc: false, scope: 'gender' }).scope,
    ).toBe('gender');
  });

  it('sends throughTalk only to turn the KakaoTalk hand-off off (the SDK default is on)', () => {
    expect(kakaoAuthorizeSettings(attempt, { ...defaults, throughTalk: false }).throughTalk).toBe(
      false,
    );
    expect('throughTalk' in kakaoAuthorizeSettings(attempt, defaults)).toBe(false);
  });

  it('maps tag options to settings end to end', () => {
    const { options } = parseOptions(
      [
        {
          attribute: true,
          values: {
            backend: 'https://auth.example.com',
            prompt: 'select_account',
            scope: 'account_email, gender',
            loginHint: 'shopper@example.com',
            serviceTerms: 'terms_2024',
            throughTalk: 'false',
          },
        },
      ],
      { href: 'https://shop.example/', htmlLang: 'ko', navigatorLanguage: 'ko' },
    );
    if (!options) throw new Error('options expected');
    expect(kakaoAuthorizeSettings(attempt, options)).toEqual({
      ...attempt,
      prompt: 'select_account',
      scope: 'account_email,gender,openid',
      loginHint: 'shopper@example.com',
      serviceTerms: 'terms_2024',
      throughTalk: false,
    });
  });
});

describe('Kakao REST authorize URL (SDK fallback)', () => {
  it('sends what the SDK would, with the JavaScript key, plus a PKCE S256 challenge', () => {
    const settings = kakaoAuthorizeSettings(attempt, {
      ...defaults,
      prompt: 'login',
      scope: 'gender',
      loginHint: 'a@b.c',
      serviceTerms: 't1',
    });
    const url = new URL(
      kakaoAuthorizeUrl({
        authBase: authBases().kakao,
        jsKey: 'js-key',
        codeChallenge: 'challenge',
        ...settings,
      }),
    );
    expect(url.origin + url.pathname).toBe('https://kauth.kakao.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'js-key',
      redirect_uri: attempt.redirectUri,
      state: attempt.state,
      nonce: attempt.nonce,
      prompt: 'login',
      scope: 'gender,openid',
      login_hint: 'a@b.c',
      'extra.service_terms': 't1',
      code_challenge: 'challenge',
      code_challenge_method: 'S256',
    });
  });

  it('leaves out what was not chosen, and PKCE when no challenge could be made', () => {
    const url = new URL(
      kakaoAuthorizeUrl({
        authBase: authBases().kakao,
        jsKey: 'k',
        ...kakaoAuthorizeSettings(attempt, defaults),
      }),
    );
    expect([...url.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
      'nonce',
    ]);
  });

  it('is always a kauth URL whose parameters round-trip, whatever the values', () => {
    fc.assert(
      fc.property(
        fc.webUrl(),
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.option(fc.constantFrom('login', 'select_account', 'create', 'none'), { nil: undefined }),
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        (redirectUri, state, nonce, prompt, loginHint, challenge) => {
          const settings = kakaoAuthorizeSettings(
            { redirectUri, state, nonce },
            { ...defaults, prompt, loginHint },
          );
          const url = new URL(
            kakaoAuthorizeUrl({
              authBase: authBases().kakao,
              jsKey: 'js-key',
              codeChallenge: challenge,
              ...settings,
            }),
          );
          expect(url.origin + url.pathname).toBe('https://kauth.kakao.com/oauth/authorize');
          expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
          expect(url.searchParams.get('state')).toBe(state);
          expect(url.searchParams.get('nonce')).toBe(nonce);
          expect(url.searchParams.get('prompt')).toBe(prompt ?? null);
          expect(url.searchParams.get('login_hint')).toBe(loginHint ?? null);
          expect(url.searchParams.get('code_challenge')).toBe(challenge ?? null);
          expect(url.searchParams.get('code_challenge_method')).toBe(challenge ? 'S256' : null);
        },
      ),
    );
  });
});
