import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authBases, kakaoAuthorizeSettings, naverAuthorizeUrl } from '../../src/widget/authorize';

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

describe('Kakao.Auth.authorize settings', () => {
  it('carries the redirect URI, state and nonce, and nothing from the pending attempt beyond them', () => {
    const pending = {
      provider: 'kakao',
      redirectUri: 'https://shop.example/member/login.html',
      state: 's'.repeat(22),
      nonce: 'n'.repeat(22),
      returnTo: 'https://shop.example/',
    };
    expect(kakaoAuthorizeSettings(pending)).toEqual({
      redirectUri: 'https://shop.example/member/login.html',
      state: 's'.repeat(22),
      nonce: 'n'.repeat(22),
    });
  });

  it('keeps every value as given', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.string(), fc.string(), (redirectUri, state, nonce) => {
        expect(kakaoAuthorizeSettings({ redirectUri, state, nonce })).toEqual({
          redirectUri,
          state,
          nonce,
        });
      }),
    );
  });
});
