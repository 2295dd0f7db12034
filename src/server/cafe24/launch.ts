/**
 * Verifying the app URL Cafe24 opens when a merchant runs the app from the store admin:
 * `…?is_multi_shop=…&lang=…&mall_id=…&shop_no=…&timestamp=…&user_id=…&user_name=…&user_type=…&hmac=…`.
 * The hmac is standard base64(HMAC-SHA256(client secret, the query string exactly as received —
 * still URL-encoded — without `&hmac=…`)), compared with the URL-decoded `hmac`. Sources: the
 * official guide's test vector (quoted in public code; reproduced in test/server/cafe24-launch.test.ts),
 * a second vector with a Korean `user_name` that matches only the encoded form, and the write-up at
 * new1cm.com/2021/08/php-24-hmac.html. Some public code hashes the decoded query instead (only
 * equal for ASCII values); that form is accepted as a fallback. `timestamp` (seconds) must be
 * recent so a leaked URL expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a launch URL may be. Cafe24 does not publish a window; 10 minutes is ours. */
export const LAUNCH_MAX_AGE_SECONDS = 600;

export type LaunchCheck =
  | {
      ok: true;
      mallId: string;
      userId: string;
      shopNo: string;
      /** The hmac, canonical base64: what makes this launch URL one of a kind. */
      signature: string;
      /** When the URL stops being accepted (ms since the epoch). */
      expiresAt: number;
    }
  | { ok: false; reason: string };

/**
 * The `hmac` value as bytes. It is percent-decoded only: a `+` is a base64 character here, never
 * a space (a `+` Cafe24 sends arrives as `%2B`, or as a literal `+` from clients that do not
 * encode it; both mean `+`).
 */
function hmacBytes(param: string): Buffer | undefined {
  let text: string;
  try {
    text = decodeURIComponent(param);
  } catch {
    return undefined;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

function safeDecode(query: string): string | undefined {
  try {
    return decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** `rawQuery`: everything after `?` in the request URL, undecoded. `nowMs`: the clock. */
export function verifyLaunch(rawQuery: string, secret: string, nowMs: number): LaunchCheck {
  const at = rawQuery.search(/(^|&)hmac=/);
  if (at < 0) return { ok: false, reason: 'the launch URL has no hmac' };
  const start = rawQuery[at] === '&' ? at + 1 : at;
  const end = rawQuery.indexOf('&', start);
  const hmacParam = rawQuery.slice(start + 'hmac='.length, end < 0 ? undefined : end);
  const signed = rawQuery.slice(0, at) + (end < 0 ? '' : rawQuery.slice(at === 0 ? end + 1 : end));
  const given = hmacBytes(hmacParam);
  if (!given) return { ok: false, reason: 'the hmac is not valid base64' };
  const matches = (text: string) => {
    const expected = createHmac('sha256', secret).update(text).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const decoded = safeDecode(signed);
  if (!matches(signed) && !(decoded !== undefined && decoded !== signed && matches(decoded)))
    return { ok: false, reason: 'the hmac does not match this app’s client secret' };

  const params = new URLSearchParams(signed);
  const timestamp = Number(params.get('timestamp'));
  if (!Number.isInteger(timestamp)) return { ok: false, reason: 'timestamp is missing' };
  if (Math.abs(nowMs / 1000 - timestamp) > LAUNCH_MAX_AGE_SECONDS)
    return { ok: false, reason: 'the launch URL has expired; open the app from the admin again' };
  const mallId = params.get('mall_id') ?? '';
  if (!MALL_ID.test(mallId)) return { ok: false, reason: 'mall_id is missing or malformed' };
  return {
    ok: true,
    mallId,
    userId: params.get('user_id') ?? '',
    shopNo: params.get('shop_no') ?? '1',
    signature: given.toString('base64'),
    expiresAt: (timestamp + LAUNCH_MAX_AGE_SECONDS) * 1000,
  };
}

/** Cafe24 mall IDs are the store's admin login: lowercase letters and digits. */
export const MALL_ID = /^[a-z0-9][a-z0-9_-]{1,39}$/;
