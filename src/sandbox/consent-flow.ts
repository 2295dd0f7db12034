import type { Context } from 'hono';
import { consentPage, errorPage } from './consent-page';
import {
  CODE_TTL_SECONDS,
  type PendingAuthorization,
  type SandboxContext,
  type SandboxProvider,
} from './context';
import { formFields, pageHeaders, param, rememberConsent, withQuery } from './http';
import { DEFAULT_SHOPPER, findShopper, type SandboxShopper } from './shoppers';

/**
 * The part of authorize both providers share: park the request server-side, show the consent
 * page, and turn the shopper's choice into a code or an error at the redirect URI.
 */

/** Issues a code for `pending` and answers with the redirect that carries it. */
export function redirectWithCode(
  c: Context,
  ctx: SandboxContext,
  pending: PendingAuthorization,
  shopper: SandboxShopper,
): Response {
  const code = ctx.codes.issue(
    {
      provider: pending.provider,
      redirectUri: pending.redirectUri,
      state: pending.state,
      nonce: pending.nonce,
      scope: pending.scope,
      shopper,
      codeChallenge: pending.codeChallenge,
      codeChallengeMethod: pending.codeChallengeMethod,
      authTime: Math.floor(ctx.now() / 1000),
    },
    CODE_TTL_SECONDS,
  );
  return c.redirect(
    withQuery(pending.redirectUri, [
      ['code', code],
      ['state', pending.state],
    ]),
    302,
  );
}

export function showConsent(
  c: Context,
  ctx: SandboxContext,
  pending: PendingAuthorization,
  items: readonly string[],
  selected: SandboxShopper | undefined,
) {
  const app = pending.provider === 'kakao' ? ctx.kakao : ctx.naver;
  // The form carries only this id; the request itself stays here so the page cannot be used to
  // swap the redirect URI or the PKCE challenge. It expires like a code would.
  const requestId = ctx.pending.issue(pending, CODE_TTL_SECONDS);
  pageHeaders(c);
  return c.html(
    consentPage({
      provider: pending.provider,
      appName: app.appName,
      requestId,
      items,
      selected: selected ?? DEFAULT_SHOPPER,
    }),
  );
}

/**
 * POST …/authorize/decision. The random single-use request id doubles as the form's CSRF token:
 * a page that did not receive the consent page cannot know it.
 */
export async function decide(
  c: Context,
  ctx: SandboxContext,
  provider: SandboxProvider,
  cancelRedirect: (pending: PendingAuthorization) => string,
): Promise<Response> {
  const fields = await formFields(c);
  const requestId = param(fields, 'request_id');
  const found = requestId ? ctx.pending.redeem(requestId) : undefined;
  if (!found?.ok || found.value.provider !== provider) {
    pageHeaders(c);
    return c.html(
      errorPage(
        provider,
        'sandbox_request_expired',
        '로그인 요청이 만료되었거나 이미 처리되었습니다.',
      ),
      400,
    );
  }
  const pending = found.value;
  if (param(fields, 'action') !== 'agree') return c.redirect(cancelRedirect(pending), 302);
  const shopper = findShopper(param(fields, 'shopper')) ?? DEFAULT_SHOPPER;
  rememberConsent(c, ctx, provider, shopper);
  return redirectWithCode(c, ctx, pending, shopper);
}
