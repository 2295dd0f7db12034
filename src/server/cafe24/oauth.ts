/**
 * The app's side of Cafe24 OAuth 2.0 (developers.cafe24.com/docs-new/en/docs/guide/
 * oauth2-authentication): the authorize URL the merchant's browser visits, and the token endpoint
 * with `Authorization: Basic base64(client_id:client_secret)` for both grants. The answer is
 * parsed with zod; `expires_at` comes without an offset and is Seoul time (the guide's sample
 * answer: issued_at 17:15, expires_at 19:15 for a 2-hour token).
 */
import { z } from 'zod';
import { ApiError } from '../errors';
import { type CallLabel, type Fetch, requestJson } from '../http';
import { MALL_ID } from './launch';
import type { TokenSet } from './token-store';

export interface Cafe24AppConfig {
  clientId: string;
  clientSecret: string;
  /** `https://{mall_id}.cafe24api.com` (or the sandbox's), no trailing slash. */
  apiUrl: string;
  /** Where Cafe24 sends the merchant back: `${PUBLIC_URL}/cafe24/callback`. */
  redirectUri: string;
  scopes: readonly string[];
}

/**
 * What the app asks for, scope names from the Admin API reference's per-endpoint "Scope" lines
 * (noston/cafe24-api-spec): members and their points (`GET /customers`: mall.read_customer),
 * their coupons (`GET /customers/{id}/coupons`: mall.read_promotion) and the script tag
 * (scripttags: mall.read_application, mall.write_application). No mall.read_mileage: the points
 * balance comes with the customer, and that scope may need a separate request to Cafe24.
 */
export const CAFE24_SCOPES = [
  'mall.read_customer',
  'mall.read_promotion',
  'mall.read_application',
  'mall.write_application',
] as const;

const cafe24Date = z.string().transform((value, ctx) => {
  const withZone = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}+09:00`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) ctx.addIssue('is not a date');
  return ms;
});

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_at: cafe24Date,
  refresh_token: z.string().min(1),
  refresh_token_expires_at: cafe24Date.optional(),
  scopes: z.array(z.string()).optional(),
});

const OAuthError = z.object({ error: z.string(), error_description: z.string().optional() });

/** A refresh token lives two weeks (Cafe24's OAuth 2.0 guide) when the answer does not say. */
const REFRESH_FALLBACK_MS = 14 * 24 * 3600_000;

export function apiBase(template: string, mallId: string): string {
  if (!MALL_ID.test(mallId)) throw new ApiError('invalid_request', `"mall_id" is malformed`);
  return template.replaceAll('{mall_id}', mallId);
}

export function authorizeUrl(app: Cafe24AppConfig, mallId: string, state: string): string {
  const url = new URL(`${apiBase(app.apiUrl, mallId)}/api/v2/oauth/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    state,
    redirect_uri: app.redirectUri,
    scope: app.scopes.join(','),
  }).toString();
  return url.href;
}

export interface TokenClient {
  exchangeCode(mallId: string, code: string): Promise<TokenSet>;
  refresh(mallId: string, refreshToken: string): Promise<TokenSet>;
}

const TOKEN_CALL: CallLabel = { provider: 'Cafe24', step: 'token' };
/** Its own label: operators count refreshes (metrics.ts). */
const REFRESH_CALL: CallLabel = { provider: 'Cafe24', step: 'token refresh' };

export function tokenClient(
  app: Cafe24AppConfig,
  upstream: { fetch: Fetch; timeoutMs: number },
  now: () => number,
): TokenClient {
  const basic = Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64');
  async function grant(mallId: string, form: Record<string, string>): Promise<TokenSet> {
    const url = `${apiBase(app.apiUrl, mallId)}/api/v2/oauth/token`;
    const call = form.grant_type === 'refresh_token' ? REFRESH_CALL : TOKEN_CALL;
    const { status, body } = await requestJson(upstream, call, url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
    });
    // Everything from here to the caller's commit is synchronous: no I/O between the bytes of a
    // rotated refresh token arriving and the caller writing them down.
    if (status === 200) {
      const parsed = TokenAnswer.safeParse(body);
      if (!parsed.success)
        throw new ApiError('upstream_error', 'Cafe24 (token) answered 200 without usable tokens');
      const t = parsed.data;
      return {
        accessToken: t.access_token,
        accessExpiresAt: t.expires_at,
        refreshToken: t.refresh_token,
        refreshExpiresAt: t.refresh_token_expires_at ?? now() + REFRESH_FALLBACK_MS,
        scopes: t.scopes ?? [],
      };
    }
    const error = OAuthError.safeParse(body);
    if (status >= 400 && status < 500 && error.success) {
      throw new ApiError(
        error.data.error === 'invalid_grant' ? 'invalid_grant' : 'upstream_error',
        `Cafe24 (token) refused the ${form.grant_type} grant: ${error.data.error}${error.data.error_description ? ` (${error.data.error_description})` : ''}`,
      );
    }
    throw new ApiError('upstream_error', `Cafe24 (token) answered HTTP ${status}`);
  }
  return {
    exchangeCode: (mallId, code) =>
      grant(mallId, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri }),
    refresh: (mallId, refreshToken) =>
      grant(mallId, { grant_type: 'refresh_token', refresh_token: refreshToken }),
  };
}
