/** Where each provider's login starts. Pure: the caller navigates. */

export const KAKAO_AUTH_URL = 'https://kauth.kakao.com';
export const NAVER_AUTH_URL = 'https://nid.naver.com';

/** Authorization servers, or the sandbox's stand-ins below `data-sandbox` (same path layout). */
export const authBases = (sandbox?: string) => ({
  kakao: sandbox ? `${sandbox}/kauth` : KAKAO_AUTH_URL,
  naver: sandbox ? `${sandbox}/nid` : NAVER_AUTH_URL,
});

/**
 * Naver's code flow (naver-openapi-guide ko/login/api/api.md): `state` is required, there is no
 * `scope`; the shopper comes back to `redirect_uri?code&state` or `?error&error_description&state`.
 */
export function naverAuthorizeUrl(p: {
  authBase: string;
  clientId: string;
  redirectUri: string;
  state: string;
}): string {
  const url = new URL(`${p.authBase}/oauth2.0/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    state: p.state,
  }).toString();
  return url.href;
}

export interface KakaoAuthorizeSettings {
  redirectUri: string;
  state: string;
  nonce: string;
}

/**
 * Settings for `Kakao.Auth.authorize` (seed 002, developers.kakao.com/docs/latest/ko/kakaologin/js):
 * the SDK navigates to kauth's authorize endpoint with them; `nonce` ends up in the ID token.
 */
export const kakaoAuthorizeSettings = (p: KakaoAuthorizeSettings): KakaoAuthorizeSettings => ({
  redirectUri: p.redirectUri,
  state: p.state,
  nonce: p.nonce,
});
