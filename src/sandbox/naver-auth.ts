import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { decide, redirectWithCode, showConsent } from './consent-flow';
import { errorPage } from './consent-page';
import type { PendingAuthorization, SandboxContext } from './context';
import { faultGate } from './faults';
import {
  formFields,
  isForm,
  isRegisteredRedirect,
  pageHeaders,
  param,
  rememberedShopper,
  withQuery,
} from './http';

/**
 * Naver's login server (nid.naver.com) as documented in naver/naver-openapi-guide
 * `ko/login/api/api.md` (https://developers.naver.com/docs/login/api/api.md): authorize with
 * `response_type=code&client_id&redirect_uri&state[&auth_type]`, and a token endpoint that
 * answers errors with HTTP 200 and `{error, error_description}`.
 */

/** Naver states 3600 s and sends it as a string (arctic's Naver notes, next-auth #9313). */
const ACCESS_TOKEN_TTL = 3600;

const CONSENT_ITEMS = [
  '이름',
  '이메일 주소',
  '별명',
  '프로필 사진',
  '성별',
  '생일',
  '연령대',
  '휴대전화번호',
];

export function naverAuthRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.get('/oauth2.0/authorize', (c) => authorize(c, ctx));
  app.post('/oauth2.0/authorize/decision', (c) =>
    decide(c, ctx, 'naver', (pending) =>
      // The exact redirect Naver's consent page issues on cancel, as its page source shows
      // (cancel_url on nid.naver.com's consent page): `error=access_denied&
      // error_description=Canceled+By+User&state=…`.
      withQuery(
        pending.redirectUri,
        [
          ['error', 'access_denied'],
          ['error_description', 'Canceled By User'],
          ['state', pending.state],
        ],
        '+',
      ),
    ),
  );
  // 접근 토큰 발급 요청: GET or POST (the guide documents both).
  app.on(['GET', 'POST'], '/oauth2.0/token', faultGate(ctx.faults, 'naver.token'), (c) =>
    token(c, ctx),
  );
  return app;
}

function authorize(c: Context, ctx: SandboxContext): Response | Promise<Response> {
  const query = c.req.query();
  const fail = (code: string, message: string) => {
    pageHeaders(c);
    return c.html(errorPage('naver', code, message), 400);
  };
  if (param(query, 'client_id') !== ctx.naver.clientId) {
    return fail('invalid_client', '등록되지 않은 애플리케이션입니다. (client_id)');
  }
  const redirectUri = param(query, 'redirect_uri');
  if (!redirectUri || !isRegisteredRedirect(redirectUri, ctx.naver.callbackUrls)) {
    // Every domain's callback URL must be registered, or login fails there (docs/providers.md).
    return fail('invalid_request', '등록된 Callback URL과 일치하지 않습니다. (redirect_uri)');
  }
  const state = param(query, 'state');
  // With a redirect URI now known to be registered, the guide's errors go back to it.
  if (query.response_type !== 'code') {
    return c.redirect(
      withQuery(
        redirectUri,
        [
          ['state', state],
          ['error', 'unsupported_response_type'],
          ['error_description', 'response_type must be code'],
        ],
        '+',
      ),
      302,
    );
  }
  if (!state) {
    return c.redirect(
      withQuery(
        redirectUri,
        [
          ['error', 'invalid_request'],
          ['error_description', 'state is required'],
        ],
        '+',
      ),
      302,
    );
  }
  const authType = param(query, 'auth_type');
  const pending: PendingAuthorization = {
    provider: 'naver',
    redirectUri,
    state,
    nonce: undefined,
    scope: '',
    codeChallenge: undefined,
    codeChallengeMethod: undefined,
  };
  const remembered = rememberedShopper(c, 'naver');
  // auth_type=reprompt asks again for declined items, reauthenticate forces a password: either
  // way the shopper sees Naver's pages again.
  if (remembered && authType === undefined) return redirectWithCode(c, ctx, pending, remembered);
  return showConsent(c, ctx, pending, CONSENT_ITEMS, remembered);
}

/** Errors arrive with HTTP 200; a client must look at `error`, whatever the status. */
function tokenError(c: Context, error: string, description: string): Response {
  return c.json({ error, error_description: description });
}

async function token(c: Context, ctx: SandboxContext): Promise<Response> {
  const params: Record<string, string> = { ...c.req.query() };
  if (c.req.method === 'POST' && isForm(c)) Object.assign(params, await formFields(c));

  if (param(params, 'grant_type') !== 'authorization_code') {
    return tokenError(c, 'unsupported_grant_type', 'grant_type must be authorization_code');
  }
  const clientId = param(params, 'client_id');
  if (!clientId) return tokenError(c, 'invalid_request', 'client_id parameter is missing');
  const secret = param(params, 'client_secret');
  if (!secret) return tokenError(c, 'invalid_request', 'client_secret parameter is missing');
  // Wording of these two is ours; the `error` value is the OAuth one (RFC 6749 §5.2).
  if (clientId !== ctx.naver.clientId || secret !== ctx.naver.clientSecret) {
    return tokenError(c, 'invalid_client', 'client authentication failed');
  }
  // `state` is sent too but is the client's own CSRF check; the code alone identifies the grant.
  const code = param(params, 'code');
  if (!code) return tokenError(c, 'invalid_request', 'code parameter is missing');
  // A used, unknown or expired code: the body Naver sends for a replayed code (seen in many
  // public clients, e.g. Spring and NestJS Naver adapters).
  const found = ctx.codes.redeem(code);
  if (!found.ok || found.value.provider !== 'naver') {
    return tokenError(c, 'invalid_request', 'no valid data in session');
  }
  return c.json({
    access_token: ctx.tokens.issue(
      { provider: 'naver', scope: '', shopper: found.value.shopper, connectedAt: ctx.now() },
      ACCESS_TOKEN_TTL,
    ),
    refresh_token: randomToken(),
    token_type: 'bearer',
    expires_in: String(ACCESS_TOKEN_TTL),
  });
}

/** Not kept: the sandbox has no refresh grant, so this can never pass as an access token. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
