import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { SignJWT } from 'jose';
import type { CodeGrant, SandboxContext } from './context';
import { formFields, isForm, param } from './http';
import { avatarUrl } from './shoppers';

/**
 * Kakao's token endpoint, POST /oauth/token (토큰 받기,
 * https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api), with the KOE error codes of
 * https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting.
 */

/** 토큰 받기 응답: access token 6 hours, refresh token 2 months, in seconds as Kakao counts them. */
const ACCESS_TOKEN_TTL = 21599;
const REFRESH_TOKEN_TTL = 5183999;

type TokenError = { status: 400 | 401; error: string; description: string; code: string };

/** Kakao's token errors: JSON `{error, error_description, error_code}` with a 4xx status. */
function tokenError(c: Context, e: TokenError): Response {
  return c.json({ error: e.error, error_description: e.description, error_code: e.code }, e.status);
}

/** KOE001 (trouble-shooting: 잘못된 형식의 요청) for anything the endpoint cannot read. */
const malformed = (description: string): TokenError => ({
  status: 400,
  error: 'invalid_request',
  description,
  code: 'KOE001',
});

export async function kakaoToken(c: Context, ctx: SandboxContext): Promise<Response> {
  // 토큰 받기: POST, Content-Type application/x-www-form-urlencoded;charset=utf-8.
  if (!isForm(c)) {
    return tokenError(c, malformed('Content-Type must be application/x-www-form-urlencoded'));
  }
  const form = await formFields(c);
  if (param(form, 'grant_type') !== 'authorization_code') {
    return tokenError(c, malformed('grant_type must be authorization_code'));
  }

  // Observed bodies (unofficial, from public logs): {"error":"invalid_client",
  // "error_description":"Not exist client_id []","error_code":"KOE101"} with 401.
  const clientId = param(form, 'client_id');
  if (clientId !== ctx.kakao.restKey) {
    const description =
      clientId === ctx.kakao.jsKey
        ? 'wrong app key type: the token endpoint takes the REST API key'
        : `Not exist client_id [${clientId ?? ''}]`;
    return tokenError(c, { status: 401, error: 'invalid_client', description, code: 'KOE101' });
  }
  // KOE010 (trouble-shooting): client secret switched on and missing or wrong; 401
  // "Bad client credentials" as observed (unofficial).
  if (ctx.kakao.clientSecret !== '' && param(form, 'client_secret') !== ctx.kakao.clientSecret) {
    return tokenError(c, {
      status: 401,
      error: 'invalid_client',
      description: 'Bad client credentials',
      code: 'KOE010',
    });
  }
  const code = param(form, 'code');
  if (!code) return tokenError(c, malformed('code is required'));

  // KOE320 (trouble-shooting): code unknown, already used, or expired. The body deliberately
  // does not echo the code (Kakao does; our logs must not carry it).
  const found = ctx.codes.redeem(code);
  if (!found.ok || found.value.provider !== 'kakao') {
    return tokenError(c, {
      status: 400,
      error: 'invalid_grant',
      description: 'authorization code not found',
      code: 'KOE320',
    });
  }
  const grant = found.value;
  // KOE303 (trouble-shooting): redirect_uri differs from the one used at authorize.
  if (param(form, 'redirect_uri') !== grant.redirectUri) {
    return tokenError(c, {
      status: 400,
      error: 'invalid_grant',
      description: 'Redirect URI mismatch.',
      code: 'KOE303',
    });
  }
  // PKCE (RFC 7636 §4.6), both ways as RFC 9700 §2.1.1 asks: a code with a challenge needs its
  // verifier, and a verifier for a code without one is refused (a stripped challenge). Kakao's
  // REST API page takes code_verifier on the token request, and its trouble-shooting page lists
  // no code of its own for a failed check; invalid_grant with KOE320 (the code cannot be used) is
  // what RFC 7636 §4.6 prescribes and what a client must treat it as anyway.
  const pkce = pkceProblem(grant, param(form, 'code_verifier'));
  if (pkce !== undefined) {
    return tokenError(c, {
      status: 400,
      error: 'invalid_grant',
      description: pkce,
      code: 'KOE320',
    });
  }

  const now = ctx.now();
  const accessToken = ctx.tokens.issue(
    { provider: 'kakao', scope: grant.scope, shopper: grant.shopper, connectedAt: now },
    ACCESS_TOKEN_TTL,
  );
  const body: Record<string, string | number> = {
    token_type: 'bearer',
    access_token: accessToken,
    expires_in: ACCESS_TOKEN_TTL,
    // Not kept: the sandbox has no refresh grant, and a refresh token must never pass as an
    // access token at /v2/user/me.
    refresh_token: randomBytes(32).toString('base64url'),
    refresh_token_expires_in: REFRESH_TOKEN_TTL,
    scope: grant.scope,
  };
  // With OpenID Connect enabled for the app, the token response carries an ID token.
  if (ctx.kakao.oidc) body.id_token = await idToken(ctx, grant, now);
  return c.json(body);
}

function pkceProblem(grant: CodeGrant, verifier: string | undefined): string | undefined {
  if (grant.codeChallenge === undefined)
    return verifier === undefined ? undefined : 'code_verifier sent without code_challenge';
  if (verifier === undefined) return 'code_verifier is required';
  const derived =
    grant.codeChallengeMethod === 'S256'
      ? createHash('sha256').update(verifier, 'ascii').digest('base64url')
      : verifier;
  return derived === grant.codeChallenge
    ? undefined
    : 'code_verifier does not match code_challenge';
}

/**
 * ID token as Kakao describes its payload (REST API, ID 토큰 페이로드): iss, aud (the REST API
 * key), sub (member number as a string), iat, exp, auth_time, nonce, nickname, picture, email.
 * It expires with the access token (`expires_in` covers both).
 */
async function idToken(ctx: SandboxContext, grant: CodeGrant, nowMs: number): Promise<string> {
  const key = await ctx.signingKey();
  const iat = Math.floor(nowMs / 1000);
  const claims: Record<string, string | number> = {
    auth_time: grant.authTime,
    nickname: grant.shopper.nickname,
    picture: avatarUrl(ctx.baseUrl, grant.shopper),
  };
  if (grant.nonce !== undefined) claims.nonce = grant.nonce;
  if (grant.shopper.email !== undefined) claims.email = grant.shopper.email;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(`${ctx.baseUrl}/kauth`)
    .setAudience(ctx.kakao.restKey)
    .setSubject(String(grant.shopper.kakaoId))
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL)
    .sign(key.privateKey);
}
