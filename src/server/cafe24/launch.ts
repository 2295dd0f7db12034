/**
 * Verifying the app URL Cafe24 opens when a merchant runs the app from the store admin:
 * `…?is_multi_shop=…&lang=…&mall_id=…&shop_no=…&timestamp=…&user_id=…&user_name=…&user_type=…&hmac=…`.
 * The hmac is base64(HMAC-SHA256(client secret, the query string as received, without `&hmac=…`)):
 * developers.cafe24.com (App → 개발가이드, "앱 실행 시 hmac 검증") and, with working code, the
 * write-up at new1cm.com/2021/08/php-24-hmac.html — hash the URL-encoded query exactly as it came,
 * compare with the URL-decoded hmac. `timestamp` (seconds) must be recent so a leaked URL expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a launch URL may be. Cafe24 does not publish a window; 10 minutes is ours. */
export const LAUNCH_MAX_AGE_SECONDS = 600;

export type LaunchCheck =
  | { ok: true; mallId: string; userId: string; shopNo: string }
  | { ok: false; reason: string };

/** `rawQuery`: everything after `?` in the request URL, undecoded. */
export function verifyLaunch(rawQuery: string, secret: string, nowMs: number): LaunchCheck {
  const at = rawQuery.search(/(^|&)hmac=/);
  if (at < 0) return { ok: false, reason: 'the launch URL has no hmac' };
  const start = rawQuery[at] === '&' ? at + 1 : at;
  const end = rawQuery.indexOf('&', start);
  const hmacParam = rawQuery.slice(start + 'hmac='.length, end < 0 ? undefined : end);
  const signed = rawQuery.slice(0, at) + (end < 0 ? '' : rawQuery.slice(at === 0 ? end + 1 : end));
  let given: Buffer;
  try {
    given = Buffer.from(decodeURIComponent(hmacParam.replace(/\+/g, '%20')), 'base64');
  } catch {
    return { ok: false, reason: 'the hmac is not valid base64' };
  }
  const expected = createHmac('sha256', secret).update(signed).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
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
  };
}

/** Cafe24 mall IDs are the store's admin login: lowercase letters and digits. */
export const MALL_ID = /^[a-z0-9][a-z0-9_-]{1,39}$/;
