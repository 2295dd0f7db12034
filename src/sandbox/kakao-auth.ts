import { type Context, Hono } from 'hono';
import { decide, redirectWithCode, showConsent } from './consent-flow';
import { errorPage } from './consent-page';
import type { PendingAuthorization, SandboxContext } from './context';
import { faultGate } from './faults';
import { isRegisteredRedirect, pageHeaders, param, rememberedShopper, withQuery } from './http';
import { kakaoToken } from './kakao-token';
import { shopperForHint } from './shoppers';

/**
 * Kakao's authorization server (kauth.kakao.com) as documented in
 *   https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api (authorize, token, OIDC)
 *   https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting (KOE codes)
 *   https://developers.kakao.com/docs/latest/ko/kakaologin/js (prompt=none, consent_required)
 * Paths below the mount point are Kakao's own, so the backend differs only by base URL.
 * The token endpoint lives in kakao-token.ts.
 */

/** Consent items a typical store app sets up (동의항목), in the order Kakao's page lists them. */
const DEFAULT_SCOPES = [
  'profile_nickname',
  'profile_image',
  'account_email',
  'name',
  'phone_number',
];

const SCOPE_LABELS: Record<string, string> = {
  profile_nickname: '닉네임',
  profile_image: '프로필 사진',
  account_email: '카카오계정(이메일)',
  name: '이름',
  phone_number: '카카오계정(전화번호)',
  gender: '성별',
  age_range: '연령대',
  birthday: '생일',
  birthyear: '출생 연도',
  openid: 'OpenID Connect 식별 정보',
};

/** prompt values (REST API, 인가 코드 받기); several may be given, comma separated. */
const PROMPTS = new Set(['login', 'none', 'create', 'select_account']);
const FORCES_INTERACTION = new Set(['login', 'create', 'select_account']);

export function kakaoAuthRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.get('/oauth/authorize', (c) => authorize(c, ctx));
  app.post('/oauth/authorize/decision', (c) =>
    decide(c, ctx, 'kakao', (pending) =>
      // Cancel on the consent page (REST API, 인가 코드 받기 응답: access_denied).
      withQuery(pending.redirectUri, [
        ['error', 'access_denied'],
        ['error_description', 'User denied access'],
        ['state', pending.state],
      ]),
    ),
  );
  app.post('/oauth/token', faultGate(ctx.faults, 'kakao.token'), (c) => kakaoToken(c, ctx));
  app.get('/.well-known/openid-configuration', (c) => c.json(discovery(ctx)));
  app.get('/.well-known/jwks.json', faultGate(ctx.faults, 'kakao.jwks'), async (c) => {
    const key = await ctx.signingKey();
    return c.json({ keys: [key.publicJwk] });
  });
  return app;
}

/** Space separated like the token response's `scope`; `openid` whenever OIDC is on. */
export function kakaoScope(ctx: SandboxContext, requested: string | undefined): string {
  const scopes = new Set(DEFAULT_SCOPES);
  for (const item of (requested ?? '').split(/[\s,]+/)) if (item) scopes.add(item);
  if (ctx.kakao.oidc) scopes.add('openid');
  return [...scopes].join(' ');
}

function authorize(c: Context, ctx: SandboxContext): Response | Promise<Response> {
  const query = c.req.query();
  const fail = (status: 400 | 401, code: string, message: string) => {
    pageHeaders(c);
    return c.html(errorPage('kakao', code, message), status);
  };

  // The SDK sends the JavaScript key, REST callers the REST API key; both name the same app.
  const clientId = param(query, 'client_id');
  if (clientId !== ctx.kakao.jsKey && clientId !== ctx.kakao.restKey) {
    return fail(401, 'KOE101', '잘못된 앱 키 또는 앱 키 타입을 사용한 경우');
  }
  const redirectUri = param(query, 'redirect_uri');
  if (!redirectUri || !isRegisteredRedirect(redirectUri, ctx.kakao.redirectUris)) {
    return fail(400, 'KOE006', '등록하지 않은 리다이렉트 URI를 사용해 인가 코드를 요청한 경우');
  }
  const responseType = query.response_type ?? '';
  if (responseType !== 'code') {
    return fail(400, 'KOE201', `Unsupported response type: ${responseType}`);
  }
  const prompts = (param(query, 'prompt') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const badPrompt = prompts.find((p) => !PROMPTS.has(p));
  if (badPrompt !== undefined) return fail(400, 'KOE001', `Unsupported prompt: ${badPrompt}`);
  const codeChallenge = param(query, 'code_challenge');
  const method = param(query, 'code_challenge_method') ?? (codeChallenge ? 'plain' : undefined);
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    return fail(400, 'KOE001', `Unsupported code_challenge_method: ${method}`);
  }

  const pending: PendingAuthorization = {
    provider: 'kakao',
    redirectUri,
    state: param(query, 'state'),
    nonce: param(query, 'nonce'),
    scope: kakaoScope(ctx, param(query, 'scope')),
    codeChallenge,
    codeChallengeMethod: codeChallenge ? method : undefined,
  };
  const remembered = rememberedShopper(c, 'kakao');

  if (prompts.includes('none')) {
    // Automatic login works only inside KakaoTalk's in-app browser; elsewhere, and for a shopper
    // not yet connected to the app, Kakao answers at the redirect URI (Kakao Login's JavaScript
    // guide, and its "Utilize › Auto-login from Kakao Talk" page).
    if (!/KAKAOTALK/i.test(c.req.header('user-agent') ?? '')) {
      return c.redirect(
        withQuery(redirectUri, [
          ['error', 'auto_login'],
          ['error_description', 'NOT_SUPPORTED_BROWSER'],
          ['state', pending.state],
        ]),
        302,
      );
    }
    if (remembered) return redirectWithCode(c, ctx, pending, remembered);
    return c.redirect(
      withQuery(redirectUri, [
        ['error', 'consent_required'],
        ['error_description', 'user consent required.'],
        ['state', pending.state],
      ]),
      302,
    );
  }

  // Already logged in and connected: Kakao skips its pages and redirects with a code at once.
  if (remembered && !prompts.some((p) => FORCES_INTERACTION.has(p))) {
    return redirectWithCode(c, ctx, pending, remembered);
  }
  const items = pending.scope.split(' ').map((scope) => SCOPE_LABELS[scope] ?? scope);
  const hinted = shopperForHint(param(query, 'login_hint'));
  return showConsent(c, ctx, pending, items, remembered ?? hinted);
}

/** OIDC discovery, shaped like https://kauth.kakao.com/.well-known/openid-configuration. */
function discovery(ctx: SandboxContext) {
  const issuer = `${ctx.baseUrl}/kauth`;
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    userinfo_endpoint: `${ctx.baseUrl}/kapi/v1/oidc/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    request_uri_parameter_supported: false,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256', 'plain'],
    claims_supported: [
      'iss',
      'aud',
      'sub',
      'iat',
      'exp',
      'auth_time',
      'nonce',
      'nickname',
      'picture',
      'email',
    ],
  };
}
