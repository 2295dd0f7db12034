import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanUrl, decide, readReturn } from '../../src/widget/callback';
import type { PendingAttempt } from '../../src/widget/pending';

const SHOP = 'https://shop.example/member/login.html';
const pending: PendingAttempt = {
  provider: 'kakao',
  state: 'S'.repeat(22),
  nonce: 'N'.repeat(22),
  returnTo: 'https://shop.example/',
  redirectUri: SHOP,
  createdAt: 0,
};

describe('reading the return', () => {
  it('is not a return without state, or without code and error', () => {
    expect(readReturn(SHOP)).toBeNull();
    expect(readReturn(`${SHOP}?code=abc`)).toBeNull();
    expect(readReturn(`${SHOP}?state=abc`)).toBeNull();
    expect(readReturn(`${SHOP}?returnUrl=%2F`)).toBeNull();
  });

  it('reads code and state, or error, error_description and state', () => {
    expect(readReturn(`${SHOP}?code=C&state=S`)).toEqual({
      code: 'C',
      state: 'S',
      error: undefined,
      errorDescription: undefined,
    });
    expect(
      readReturn(`${SHOP}?error=access_denied&error_description=User%20denied&state=S`),
    ).toEqual({
      code: undefined,
      state: 'S',
      error: 'access_denied',
      errorDescription: 'User denied',
    });
  });
});

describe('cleaning the URL', () => {
  it('removes code, state, error and error_description, keeping the rest and the hash', () => {
    expect(cleanUrl(`${SHOP}?returnUrl=%2Fa&code=C&state=S&x=1#top`)).toBe(
      `${SHOP}?returnUrl=%2Fa&x=1#top`,
    );
    expect(cleanUrl(`${SHOP}?error=e&error_description=d&state=S`)).toBe(SHOP);
  });

  it('never leaves a code behind and keeps every other parameter', () => {
    const name = fc
      .stringMatching(/^[a-z]{1,8}$/)
      .filter((n) => !['code', 'state', 'error'].includes(n));
    fc.assert(
      fc.property(fc.dictionary(name, fc.string()), fc.string(), (others, code) => {
        const url = new URL(SHOP);
        for (const [k, v] of Object.entries(others)) url.searchParams.set(k, v);
        url.searchParams.set('code', code);
        url.searchParams.set('state', 'S');
        const cleaned = new URL(cleanUrl(url.href));
        expect(cleaned.searchParams.has('code')).toBe(false);
        expect(cleaned.searchParams.has('state')).toBe(false);
        expect(Object.fromEntries(cleaned.searchParams)).toEqual(others);
      }),
    );
  });
});

describe('deciding what a return means', () => {
  const back = (q: Record<string, string>) => ({ state: pending.state, ...q });

  it('stops with a mismatch when no attempt was started in this tab', () => {
    expect(decide(back({ code: 'C' }), { status: 'none' })).toEqual({ kind: 'mismatch' });
  });

  it("stops with a mismatch when the state is not this tab's", () => {
    expect(decide({ code: 'C', state: 'other' }, { status: 'ok', pending })).toEqual({
      kind: 'mismatch',
      pending,
    });
  });

  it('stops when the attempt is older than 10 minutes', () => {
    expect(decide(back({ code: 'C' }), { status: 'expired', pending })).toEqual({
      kind: 'expired',
      pending,
    });
  });

  it.each([
    ['access_denied', 'access_denied'],
    ['consent_required', 'consent_required'],
    ['auto_login', 'provider_error'],
    ['server_error', 'provider_error'],
  ])('reports the provider error %s as %s', (error, code) => {
    expect(decide(back({ error }), { status: 'ok', pending })).toEqual({
      kind: 'provider_error',
      code,
      error,
      pending,
    });
  });

  it('hands the code on when the state matches a fresh attempt', () => {
    expect(decide(back({ code: 'C' }), { status: 'ok', pending })).toEqual({
      kind: 'code',
      code: 'C',
      pending,
    });
  });
});
