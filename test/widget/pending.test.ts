import { afterEach, describe, expect, it } from 'vitest';
import {
  PENDING_KEY,
  PENDING_TTL_MS,
  type PendingAttempt,
  savePending,
  takePending,
} from '../../src/widget/pending';

const attempt: PendingAttempt = {
  provider: 'naver',
  state: 'S'.repeat(22),
  nonce: 'N'.repeat(22),
  returnTo: 'https://shop.example/',
  redirectUri: 'https://shop.example/member/login.html',
  createdAt: 1_000_000,
};

afterEach(() => sessionStorage.clear());

describe('the pending attempt', () => {
  it("lives in this tab's sessionStorage under the shared prefix", () => {
    savePending(attempt);
    expect(PENDING_KEY).toBe('social-login:pending');
    expect(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '')).toEqual(attempt);
    expect(localStorage.getItem(PENDING_KEY)).toBeNull();
  });

  it('is single use: taking it removes it', () => {
    savePending(attempt);
    expect(takePending(attempt.createdAt + 1)).toEqual({ status: 'ok', pending: attempt });
    expect(takePending(attempt.createdAt + 2)).toEqual({ status: 'none' });
    expect(sessionStorage.getItem(PENDING_KEY)).toBeNull();
  });

  it('expires after 10 minutes', () => {
    savePending(attempt);
    expect(takePending(attempt.createdAt + PENDING_TTL_MS)).toEqual({
      status: 'expired',
      pending: attempt,
    });
    savePending(attempt);
    expect(takePending(attempt.createdAt + PENDING_TTL_MS - 1).status).toBe('ok');
    savePending(attempt);
    expect(takePending(attempt.createdAt - 1).status).toBe('expired');
  });

  it.each([
    ['not JSON', '{'],
    ['the wrong shape', JSON.stringify({ ...attempt, provider: 'line' })],
    ['a missing state', JSON.stringify({ ...attempt, state: '' })],
    ['a string createdAt', JSON.stringify({ ...attempt, createdAt: '1' })],
  ])('is ignored when storage holds %s', (_, stored) => {
    sessionStorage.setItem(PENDING_KEY, stored);
    expect(takePending(attempt.createdAt)).toEqual({ status: 'none' });
  });

  it('never holds a code or a token', () => {
    savePending(attempt);
    expect(Object.keys(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}')).sort()).toEqual([
      'createdAt',
      'nonce',
      'provider',
      'redirectUri',
      'returnTo',
      'state',
    ]);
  });
});
