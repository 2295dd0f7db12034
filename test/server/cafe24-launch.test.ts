/**
 * The launch URL's hmac, as Cafe24 signs it: HMAC-SHA256 with the client secret over the raw query
 * string as received (still URL-encoded), `&hmac=…` removed, standard base64, compared with the
 * URL-decoded `hmac`. Vectors: the official guide's (quoted in public Cafe24 app code)
 * and one built the same way with a Korean user_name, as the stand-in sends it.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCafe24Api } from '../../src/sandbox/cafe24-api/index';
import { LAUNCH_MAX_AGE_SECONDS, verifyLaunch } from '../../src/server/cafe24/launch';

// Official test vector (Cafe24's app guide, as quoted in public app code).
const SECRET = 'zoQxSUptApmiFLRl2ChaxB';
const QUERY =
  'is_multi_shop=T&lang=ko_KR&mall_id=jhbaek02&nation=KR&shop_no=1&timestamp=1622513360&user_id=jhbaek02&user_name=jhbaek02&user_type=P';
const HMAC = '8+hYywQW5fBMpfbTlA1puAMpM91N0FYtrpzHYrdodDM=';
const AT = 1622513360 * 1000;

describe('verifying the launch URL Cafe24 opens', () => {
  it('accepts the official test vector with its hmac URL-encoded (+ as %2B)', () => {
    const raw = `${QUERY}&hmac=${encodeURIComponent(HMAC)}`;
    expect(raw).toContain('hmac=8%2BhYyw');
    expect(verifyLaunch(raw, SECRET, AT + 5_000)).toEqual({
      ok: true,
      mallId: 'jhbaek02',
      userId: 'jhbaek02',
      shopNo: '1',
      signature: HMAC,
      expiresAt: AT + LAUNCH_MAX_AGE_SECONDS * 1000,
    });
  });

  it('accepts the same hmac when its + arrives unencoded (a base64 +, never a space)', () => {
    expect(verifyLaunch(`${QUERY}&hmac=${HMAC}`, SECRET, AT).ok).toBe(true);
  });

  it('accepts the hmac wherever it sits in the query', () => {
    const [first, ...rest] = QUERY.split('&');
    const raw = [first, `hmac=${encodeURIComponent(HMAC)}`, ...rest].join('&');
    expect(verifyLaunch(raw, SECRET, AT).ok).toBe(true);
  });

  it('hashes a Korean user_name in its URL-encoded form, as received', () => {
    const query = QUERY.replace(
      'user_name=jhbaek02',
      'user_name=%EB%8C%80%ED%91%9C%EC%9A%B4%EC%98%81%EC%9E%90',
    );
    const hmac = createHmac('sha256', SECRET).update(query).digest('base64');
    expect(verifyLaunch(`${query}&hmac=${encodeURIComponent(hmac)}`, SECRET, AT).ok).toBe(true);
  });

  it('signs the stand-in’s launch URL (Korean user_name, URL-encoded) so that it verifies', () => {
    const api = createCafe24Api({ clientSecret: SECRET, now: () => AT });
    const url = new URL(api.launchUrl('https://app.example/cafe24/launch', 'jhbaek02'));
    expect(url.search).toContain('user_name=%EB%8C%80%ED%91%9C');
    expect(verifyLaunch(url.search.slice(1), SECRET, AT).ok).toBe(true);
  });

  it.each([
    [
      'another secret',
      `${QUERY}&hmac=${encodeURIComponent(HMAC)}`,
      'another-secret',
      AT,
      'the hmac does not match this app’s client secret',
    ],
    [
      'an altered mall_id',
      `${QUERY.replace('mall_id=jhbaek02', 'mall_id=victim')}&hmac=${encodeURIComponent(HMAC)}`,
      SECRET,
      AT,
      'the hmac does not match this app’s client secret',
    ],
    ['no hmac', QUERY, SECRET, AT, 'the launch URL has no hmac'],
    ['an hmac that is not base64', `${QUERY}&hmac=%%%`, SECRET, AT, 'the hmac is not valid base64'],
    [
      'a timestamp older than the window',
      `${QUERY}&hmac=${encodeURIComponent(HMAC)}`,
      SECRET,
      AT + (LAUNCH_MAX_AGE_SECONDS + 1) * 1000,
      'the launch URL has expired; open the app from the admin again',
    ],
  ])('refuses %s', (_, raw, secret, now, reason) => {
    expect(verifyLaunch(raw, secret, now)).toEqual({ ok: false, reason });
  });
});
