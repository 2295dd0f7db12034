/**
 * The backend as the OAuth 2.0 identity provider a Cafe24 store registers under [Store setup ›
 * Single Sign-On] (serviceguide.cafe24.com SH.OP.SS: client ID/secret, "Authorize Redirect URL"
 * GET, "Access Token Return API" POST, "User info return API" POST). Members who come through it
 * get store ids ending `@s`.
 *
 * How the store's SSO recognises a shopper who just verified with Kakao or Naver, without
 * third-party cookies (ARCHITECTURE.md, "Completing a Cafe24 store session"):
 *   1. /api/exchange answers a one-time `ticket` (2 minutes, stored hashed).
 *   2. The widget submits it top-level (a form POST, so it is never in a URL) to /sso/handoff,
 *      which redeems it for a fresh one-time value in an HttpOnly, SameSite=Lax cookie on this
 *      origin — first-party, since the backend is the top-level site — and 303s back to the page.
 *      When the skin's referrer policy kept the browser from naming the page (`Origin: null`), the
 *      page first confirms the hand-off through a CORS request (handoff.ts).
 *   3. There the widget calls `MemberAction.snsLogin('sso', returnUrl)`; the store sends the shopper
 *      top-level to /sso/authorize, where the Lax cookie is sent; we redeem it and redirect to the
 *      store's callback with a 60-second code. No consent page: the shopper consented at Kakao or
 *      Naver a moment ago.
 *   4. The store's server trades the code at /sso/token and reads /sso/userinfo.
 */

import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SsoClient } from '../config';
import { ApiError } from '../errors';
import { escapeHtml, htmlPage, protectPage } from '../html';
import { limitBody } from '../middleware/body';
import type { Storage } from '../storage/index';
import { isStorageUnavailable } from '../storage/sql';
import { ACCESS_TOKEN_TTL_MS, BrowserGrant, ClientGrant, CODE_TTL_MS, parseGrant } from './grants';
import { handOff, sessionOpen } from './handoff';
import {
  authenticateClient,
  bearerToken,
  noStore,
  OAuthError,
  oauthErrorResponse,
  readParams,
} from './oauth';
import { readChallenge, verifierProblem } from './pkce';
import { recordRedemption, revokeReplayed } from './replay';

export const SSO_COOKIE = 'sl_sso';
/** Grant types this server knows; only `authorization_code` is open to the store's client. */
const KNOWN_GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

export interface SsoOptions {
  clients: readonly SsoClient[];
  /** RFC 9207: the `iss` of every authorization response (PUBLIC_URL). */
  issuer: string;
  storage: Storage;
  allowedOrigins: readonly string[];
  /** https: cookies are `Secure`. */
  secureCookies: boolean;
  /**
   * Rate limits: `browser` for the shopper's own requests (hand-off, after its Origin check, and
   * authorize), `server` for the store's back-channel calls (token, userinfo, tombstones).
   */
  limits?: { browser: MiddlewareHandler[]; server: MiddlewareHandler[] };
  now: () => number;
}

type PageStatus = 400 | 403 | 429 | 503;

function page(c: Context, status: PageStatus, title: string, text: string): Response {
  noStore(c);
  protectPage(c);
  return c.html(htmlPage('en', title, `<p>${escapeHtml(text)}</p>`), status);
}

/** The shopper's browser comes to these two; the store's server calls the others. */
const isBrowserRoute = (c: Context) => /\/(handoff|authorize)$/.test(c.req.path);

/** Body limits answer in the route's own language: RFC 6749 JSON, or a page for the browser. */
const limit = (maxBytes: number) =>
  limitBody({
    maxBytes,
    tooLarge: () => new OAuthError('invalid_request', `the body is larger than ${maxBytes} bytes`),
  });

/**
 * What the shared guards throw, in the identity provider's shape: a rate limit or a database out
 * of reach is `temporarily_unavailable` with its status and `Retry-After`, another refusal of the
 * request `invalid_request`. Anything else goes on to the app's handler (a client gone mid-upload,
 * or a bug: logged, generic 500).
 */
function asOAuthError(error: unknown): OAuthError | undefined {
  if (error instanceof OAuthError) return error;
  if (error instanceof ApiError && error.code === 'rate_limited')
    return new OAuthError(
      'temporarily_unavailable',
      error.message,
      429,
      undefined,
      error.retryAfter,
    );
  if (error instanceof ApiError && error.status < 500)
    return new OAuthError('invalid_request', error.message);
  if (isStorageUnavailable(error))
    return new OAuthError(
      'temporarily_unavailable',
      'the login backend cannot reach its database; try again in a few seconds',
      503,
      undefined,
      5,
    );
  return undefined;
}

export function ssoRoutes(options: SsoOptions): Hono {
  const { clients, storage, now } = options;
  const app = new Hono();
  const allowed = new Set(options.allowedOrigins);

  app.onError((error, c) => {
    const oauth = asOAuthError(error);
    if (!oauth) throw error;
    if (!isBrowserRoute(c)) return oauthErrorResponse(c, oauth);
    if (oauth.retryAfter !== undefined) c.header('Retry-After', String(oauth.retryAfter));
    return page(
      c,
      oauth.status === 401 ? 400 : oauth.status,
      'Login request refused',
      oauth.description,
    );
  });

  /** RFC 9207: every authorization response names this server, success or error. */
  function redirectTo(c: Context, target: string, params: Record<string, string | undefined>) {
    const url = new URL(target);
    for (const [key, value] of Object.entries({ ...params, iss: options.issuer }))
      if (value !== undefined) url.searchParams.set(key, value);
    noStore(c);
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(url.href, 302);
  }

  /** The limiters as one middleware; also run by hand where another refusal comes first. */
  const within =
    (limits: MiddlewareHandler[] = []): MiddlewareHandler =>
    async (c, next) => {
      for (const limit of limits) await limit(c, async () => {});
      await next();
    };
  const browserLimits = within(options.limits?.browser);
  const serverLimits = within(options.limits?.server);

  // Step 2: the ticket becomes a first-party cookie on this origin (handoff.ts has the rules).
  app.post('/handoff', limit(4096), async (c) => {
    const origin = c.req.header('origin');
    // A page the browser names as foreign is refused by handOff before it counts against anyone.
    if (origin === undefined || origin === 'null' || allowed.has(origin))
      await browserLimits(c, async () => {});
    const params = await readParams(c).catch(() => new Map<string, string>());
    const result = await handOff(storage.grants, allowed, {
      origin,
      back: params.get('back') ?? '',
      ticket: params.get('ticket') ?? '',
      nonce: params.get('nonce'),
    });
    if (result.kind === 'refused')
      return page(c, result.status, 'Login hand-off refused', result.message);
    noStore(c);
    if (result.session) {
      // The ticket's own 2-minute clock goes on, carried by a new one-time value.
      setCookie(c, SSO_COOKIE, result.session.value, {
        path: '/sso',
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secureCookies,
        maxAge: Math.max(1, Math.ceil((result.session.expiresAt - now()) / 1000)),
      });
    }
    return c.redirect(result.to.href, 303);
  });

  // Step 3 (RFC 6749 §4.1.1, §4.1.2).
  app.get('/authorize', browserLimits, async (c) => {
    const q = (name: string) => c.req.query(name);
    const client = clients.find((candidate) => candidate.clientId === q('client_id'));
    if (!client)
      return page(
        c,
        400,
        'Unknown client',
        `client_id is missing or not registered with this login backend.`,
      );
    const redirectUri = q('redirect_uri');
    // §4.1.2.1: never redirect to an unregistered URI; tell the person instead.
    if (!redirectUri || !client.redirectUris.includes(redirectUri))
      return page(
        c,
        400,
        'Redirect URI not registered',
        "redirect_uri must be exactly one of SSO_REDIRECT_URIS (the store's /Api/Member/Oauth2ClientCallback/sso/ address).",
      );
    const state = q('state');
    const fail = (error: string, description: string) =>
      redirectTo(c, redirectUri, { error, error_description: description, state });
    // Cafe24 documents its authorize request only as an image: a request without response_type is
    // taken as the one flow this server has (code) rather than failing a live store's login.
    const responseType = q('response_type') ?? 'code';
    if (responseType !== 'code')
      return fail('unsupported_response_type', 'only response_type=code is supported');
    // Before the shopper's session is spent: a malformed request must not use it up.
    const pkce = readChallenge(q('code_challenge'), q('code_challenge_method'));
    if (!pkce.ok) return fail('invalid_request', pkce.description);

    const cookie = getCookie(c, SSO_COOKIE);
    deleteCookie(c, SSO_COOKIE, { path: '/sso', secure: options.secureCookies });
    const session = cookie
      ? parseGrant(BrowserGrant, await storage.grants.take('browser', cookie))
      : undefined;
    if (!session)
      return fail(
        'access_denied',
        "no shopper verified here in the last 2 minutes: log in with the store's Kakao or Naver button",
      );
    if (!(await sessionOpen(storage.grants, session)))
      return fail(
        'access_denied',
        'the login hand-off was not confirmed by the store page that started it: log in again',
      );
    const { subject, provider, profile } = session;
    const grant: ClientGrant = {
      subject,
      provider,
      profile,
      clientId: client.clientId,
      redirectUri,
      ...(pkce.challenge ? { codeChallenge: pkce.challenge } : {}),
    };
    const code = await storage.grants.issue('code', grant, now() + CODE_TTL_MS);
    return redirectTo(c, redirectUri, { code, state });
  });

  // Step 4 (RFC 6749 §4.1.3, §4.1.4, §5).
  app.post('/token', serverLimits, limit(8192), async (c) => {
    const params = await readParams(c);
    const client = authenticateClient(c, params, clients);
    const grantType = params.get('grant_type');
    if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'authorization_code') {
      throw KNOWN_GRANT_TYPES.has(grantType)
        ? new OAuthError(
            'unauthorized_client',
            `this client may only use authorization_code, not ${grantType}`,
          )
        : new OAuthError(
            'unsupported_grant_type',
            `grant_type ${JSON.stringify(grantType.slice(0, 64))} is not supported`,
          );
    }
    const code = params.get('code');
    if (!code) throw new OAuthError('invalid_request', 'code is required');
    const grant = parseGrant(ClientGrant, await storage.grants.take('code', code));
    if (!grant) {
      await revokeReplayed(storage.grants, code, now() + ACCESS_TOKEN_TTL_MS);
      throw new OAuthError('invalid_grant', 'the code is unknown, expired or already used');
    }
    if (grant.clientId !== client.clientId)
      throw new OAuthError('invalid_grant', 'the code was issued to another client');
    // §4.1.3: identical to the authorization request's. Tolerated when absent, as Cafe24's token
    // request is documented only as an image: the code is already bound to this client and lives 60 s.
    const redirectUri = params.get('redirect_uri');
    if (redirectUri !== undefined && redirectUri !== grant.redirectUri)
      throw new OAuthError(
        'invalid_grant',
        'redirect_uri does not match the authorization request',
      );
    const pkceProblem = verifierProblem(grant.codeChallenge, params.get('code_verifier'));
    if (pkceProblem) throw new OAuthError('invalid_grant', pkceProblem);
    const expiresAt = now() + ACCESS_TOKEN_TTL_MS;
    const accessToken = await storage.grants.issue('access', grant, expiresAt);
    if (!(await recordRedemption(storage.grants, code, accessToken, expiresAt)))
      throw new OAuthError('invalid_grant', 'the code is unknown, expired or already used');
    noStore(c);
    return c.json({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_MS / 1000,
    });
  });

  // The user info the store's signup reads: a stable id and the profile.
  const userinfo = async (c: Context) => {
    const params = c.req.method === 'POST' ? await readParams(c) : new Map<string, string>();
    const token = bearerToken(c, params);
    const grant = token
      ? parseGrant(ClientGrant, await storage.grants.peek('access', token))
      : undefined;
    if (!grant)
      throw new OAuthError(
        'invalid_token',
        'the access token is missing, unknown or expired',
        401,
        'Bearer error="invalid_token"',
      );
    noStore(c);
    const { subject, provider, profile } = grant;
    return c.json({
      id: subject,
      sub: subject,
      provider,
      ...(profile.name ? { name: profile.name } : {}),
      ...(profile.email ? { email: profile.email } : {}),
      ...(profile.phone ? { phone: profile.phone, phone_number: profile.phone } : {}),
    });
  };
  app.post('/userinfo', serverLimits, limit(8192), userinfo);
  app.get('/userinfo', serverLimits, userinfo);

  // The store reports a deleted member (its member id `<id>@s`, or the bare id): a tombstone.
  app.post('/tombstones', serverLimits, limit(4096), async (c) => {
    const params = await readParams(c);
    authenticateClient(c, params, clients);
    const id = (params.get('member_id') ?? params.get('sub') ?? '').replace(/@s\d*$/, '');
    if (!/^[a-z2-7]{16}$/.test(id))
      throw new OAuthError('invalid_request', 'member_id must be an SSO member id like "k…@s"');
    await storage.members.bury(id);
    return c.body(null, 204);
  });

  return app;
}
