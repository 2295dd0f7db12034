/**
 * The stand-in's OAuth 2.0 server, per Cafe24's OAuth 2.0 guide
 * (developers.cafe24.com/docs-new/en/docs/guide/oauth2-authentication; docs/providers.md):
 * - GET  /{mall_id}/api/v2/oauth/authorize?response_type=code&client_id&state&redirect_uri&scope
 *   → 302 redirect_uri?code&state (the real one first asks the merchant to log in and agree; the
 *   stand-in's merchant is always logged in and agrees).
 * - POST /{mall_id}/api/v2/oauth/token, `Authorization: Basic base64(client_id:client_secret)`,
 *   form body `grant_type=authorization_code&code&redirect_uri` or
 *   `grant_type=refresh_token&refresh_token`. Codes live 1 minute and are single use; each refresh
 *   rotates the refresh token and only the newest one is valid. Errors use RFC 6749 §5.2 bodies.
 */
import { type Context, Hono } from 'hono';
import type { Cafe24ApiContext } from './context';
import { ACCESS_TTL_MS, CODE_TTL_MS, type MallState, REFRESH_TTL_MS, token } from './state';

const oauthError = (c: Context, status: 400 | 401, error: string, description: string) =>
  c.json({ error, error_description: description }, status);

/** `expires_at` as in the guide's sample answer: Seoul local time without an offset, milliseconds. */
const localKst = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(0, 23);

function clientOf(c: Context, form: Record<string, string>): { id?: string; secret?: string } {
  const header = c.req.header('authorization') ?? '';
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  return { id: form.client_id, secret: form.client_secret };
}

function issueTokens(ctx: Cafe24ApiContext, mallId: string, mall: MallState, scope: string[]) {
  const now = ctx.now();
  const access = token();
  const refresh = token();
  mall.access.set(access, { expiresAt: now + ACCESS_TTL_MS });
  mall.refresh = { token: refresh, expiresAt: now + REFRESH_TTL_MS, scope };
  return {
    access_token: access,
    expires_at: localKst(now + ACCESS_TTL_MS),
    refresh_token: refresh,
    refresh_token_expires_at: localKst(now + REFRESH_TTL_MS),
    client_id: ctx.clientId,
    mall_id: mallId,
    user_id: mallId,
    scopes: scope,
    issued_at: localKst(now),
  };
}

export function oauthRoutes(ctx: Cafe24ApiContext): Hono {
  const app = new Hono();

  app.get('/:mall/api/v2/oauth/authorize', (c) => {
    const q = c.req.query();
    const redirect = q.redirect_uri ?? '';
    if (q.client_id !== ctx.clientId)
      return oauthError(c, 400, 'invalid_client', 'unknown client_id');
    if (!URL.canParse(redirect) || (ctx.redirectUris && !ctx.redirectUris.includes(redirect)))
      return oauthError(c, 400, 'invalid_request', 'redirect_uri is not registered for this app');
    if (q.response_type !== 'code')
      return oauthError(c, 400, 'unsupported_response_type', 'response_type must be code');
    const mall = ctx.mall(c.req.param('mall'));
    const code = token();
    const scope = (q.scope ?? '').split(',').filter(Boolean);
    mall.codes.set(code, {
      redirectUri: redirect,
      scope,
      expiresAt: ctx.now() + CODE_TTL_MS,
      used: false,
    });
    const to = new URL(redirect);
    to.searchParams.set('code', code);
    if (q.state !== undefined) to.searchParams.set('state', q.state);
    return c.redirect(to.href, 302);
  });

  app.post('/:mall/api/v2/oauth/token', async (c) => {
    const form: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(await c.req.text())) form[key] = value;
    const client = clientOf(c, form);
    if (client.id !== ctx.clientId || client.secret !== ctx.clientSecret)
      return oauthError(c, 401, 'invalid_client', 'client authentication failed');
    const mallId = c.req.param('mall');
    const mall = ctx.mall(mallId);

    if (form.grant_type === 'authorization_code') {
      const grant = mall.codes.get(form.code ?? '');
      if (!grant) return oauthError(c, 400, 'invalid_grant', 'unknown code');
      if (grant.used) return oauthError(c, 400, 'invalid_grant', 'code already used');
      grant.used = true;
      if (grant.expiresAt <= ctx.now()) return oauthError(c, 400, 'invalid_grant', 'code expired');
      if (grant.redirectUri !== form.redirect_uri)
        return oauthError(
          c,
          400,
          'invalid_grant',
          'redirect_uri does not match the authorize request',
        );
      mall.stats.authorizationCodeGrants += 1;
      return c.json(issueTokens(ctx, mallId, mall, grant.scope));
    }
    if (form.grant_type === 'refresh_token') {
      const current = mall.refresh;
      if (!current || current.token !== form.refresh_token)
        return oauthError(c, 400, 'invalid_grant', 'refresh token is not the newest one issued');
      if (current.expiresAt <= ctx.now())
        return oauthError(c, 400, 'invalid_grant', 'refresh token expired');
      mall.stats.refreshGrants += 1;
      return c.json(issueTokens(ctx, mallId, mall, current.scope));
    }
    return oauthError(
      c,
      400,
      'unsupported_grant_type',
      'grant_type must be authorization_code or refresh_token',
    );
  });

  return app;
}
