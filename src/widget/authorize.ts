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
 * `scope`; `auth_type=reprompt` asks again for items the shopper declined, `reauthenticate` asks for
 * the password again. The shopper comes back to `redirect_uri?code&state` or
 * `?error&error_description&state`.
 */
export function naverAuthorizeUrl(p: {
  authBase: string;
  clientId: string;
  redirectUri: string;
  state: string;
  authType?: string;
}): string {
  return withQuery(`${p.authBase}/oauth2.0/authorize`, {
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    state: p.state,
    auth_type: p.authType,
  });
}

/** `Kakao.Auth.authorize` settings we send (Kakao JS SDK reference); absent ones are left out. */
export interface KakaoAuthorizeSettings {
  redirectUri: string;
  state: string;
  nonce: string;
  prompt?: string;
  scope?: string;
  loginHint?: string;
  serviceTerms?: string;
  throughTalk?: boolean;
}

/** What the merchant chose (options.ts) for one attempt. */
export interface KakaoChoices {
  prompt?: string;
  scope?: string;
  oidc: boolean;
  loginHint?: string;
  serviceTerms?: string;
  throughTalk: boolean;
}

/**
 * Settings for `Kakao.Auth.authorize` (developers.kakao.com/docs/latest/ko/kakaologin/js):
 * the SDK navigates to kauth's authorize endpoint with them; `nonce` ends up in the ID token. With
 * OpenID Connect on, additional consent must name `openid` or no new ID token is issued (ibid.).
 * `throughTalk` is the SDK's default (true) unless the merchant turned it off.
 */
export function kakaoAuthorizeSettings(
  p: { redirectUri: string; state: string; nonce: string },
  o: KakaoChoices,
): KakaoAuthorizeSettings {
  const settings: KakaoAuthorizeSettings = {
    redirectUri: p.redirectUri,
    state: p.state,
    nonce: p.nonce,
  };
  const scope =
    o.scope && o.oidc && !o.scope.split(',').includes('openid') ? `${o.scope},openid` : o.scope;
  if (o.prompt) settings.prompt = o.prompt;
  if (scope) settings.scope = scope;
  if (o.loginHint) settings.loginHint = o.loginHint;
  if (o.serviceTerms) settings.serviceTerms = o.serviceTerms;
  if (!o.throughTalk) settings.throughTalk = false;
  return settings;
}

/**
 * The authorize URL the SDK itself would navigate to (Kakao JS SDK 2.x source: `client_id` is the
 * JavaScript key, `extra.service_terms` carries the terms), plus PKCE (RFC 7636, S256), which
 * kauth's REST authorize accepts and its token endpoint verifies. Used when the SDK is blocked,
 * fails or is slow at click time, and for the automatic login (no SDK download needed).
 */
export function kakaoAuthorizeUrl(
  s: KakaoAuthorizeSettings & { authBase: string; jsKey: string; codeChallenge?: string },
): string {
  const { codeChallenge } = s;
  return withQuery(`${s.authBase}/oauth/authorize`, {
    response_type: 'code',
    client_id: s.jsKey,
    redirect_uri: s.redirectUri,
    state: s.state,
    nonce: s.nonce,
    prompt: s.prompt,
    scope: s.scope,
    login_hint: s.loginHint,
    'extra.service_terms': s.serviceTerms,
    code_challenge: codeChallenge,
    code_challenge_method: codeChallenge && 'S256',
  });
}

function withQuery(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const name in params) {
    const value = params[name];
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.href;
}
