import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { SandboxContext, SandboxProvider } from './context';
import { findShopper, type SandboxShopper } from './shoppers';

/**
 * A redirect URI the sandbox will send a browser to: http(s), no fragment (RFC 6749 §3.1.2), and
 * on the app's exact-match list when it has one. Nothing else is ever reflected into a Location.
 */
export function isRegisteredRedirect(
  uri: string,
  registered: readonly string[] | undefined,
): boolean {
  if (uri.includes('#')) return false;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return registered === undefined || registered.includes(uri);
}

/**
 * Appends query parameters the way each provider spells them. Kakao percent-encodes spaces
 * (`user%20consent%20required.`, Kakao Login's JavaScript guide); Naver sends form encoding (`Canceled+By+User`).
 */
export function withQuery(
  uri: string,
  params: ReadonlyArray<readonly [string, string | undefined]>,
  spaces: '%20' | '+' = '%20',
): string {
  const query = params
    .flatMap(([name, value]) => {
      if (value === undefined) return [];
      const encoded = encodeURIComponent(value);
      return [`${name}=${spaces === '+' ? encoded.replace(/%20/g, '+') : encoded}`];
    })
    .join('&');
  return `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
}

/** `undefined` for a missing or empty parameter, so callers treat both alike. */
export function param(source: Record<string, unknown>, name: string): string | undefined {
  const value = source[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Form body fields as plain strings; uploaded files and repeated keys are not a token request. */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

export function isForm(c: Context): boolean {
  const type = c.req.header('content-type') ?? '';
  return type.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

export function bearerToken(c: Context): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1];
}

const CONSENT_COOKIE: Record<SandboxProvider, string> = {
  kakao: 'sandbox_kakao_consent',
  naver: 'sandbox_naver_consent',
};

/** The shopper who already consented in this browser, if any (only preset shoppers are kept). */
export function rememberedShopper(
  c: Context,
  provider: SandboxProvider,
): SandboxShopper | undefined {
  return findShopper(getCookie(c, CONSENT_COOKIE[provider]));
}

/**
 * Remembers consent like a provider's login session does: the next authorize request in this
 * browser gets a code at once. Lax, so it rides along on the top-level navigation from the store.
 */
export function rememberConsent(
  c: Context,
  ctx: SandboxContext,
  provider: SandboxProvider,
  shopper: SandboxShopper,
): void {
  setCookie(c, CONSENT_COOKIE[provider], shopper.key, {
    path: ctx.cookiePath,
    httpOnly: true,
    sameSite: 'Lax',
    secure: ctx.secureCookies,
    maxAge: 30 * 24 * 60 * 60,
  });
}

/**
 * Pages the sandbox shows are never framed (clickjacking on a consent button is the attack) and
 * run no script. `form-action` is left open on purpose: browsers apply it to the redirect that
 * follows the consent form, which goes to the store.
 */
export function pageHeaders(c: Context): void {
  c.header(
    'content-security-policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header('x-frame-options', 'DENY');
  c.header('referrer-policy', 'no-referrer');
  c.header('cache-control', 'no-store');
}
