/**
 * The Admin API client keeps to Cafe24's per-mall bucket: it paces itself by X-Api-Call-Limit so
 * a burst never sees a 429, it retries the 429s another app's calls cause, and it refuses limit and
 * offset beyond the documented caps before calling at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { backoffMs, createAdminClient } from '../../src/server/cafe24/client';
import { ApiError } from '../../src/server/errors';
import { subjectFor } from '../../src/server/members';
import { installApp, MALL, STORE, startCafe24Server } from './cafe24-helpers';

// A small, fast bucket (10 calls, drains 20 a second) so a burst overflows it in a test's time.
const BUCKET = { bucketSize: 10, drainPerSecond: 20 };
let server: DevServer;

const standIn = () => {
  if (!server.sandbox) throw new Error('no sandbox');
  return server.sandbox.cafe24Api;
};
const welcome = (pass: string) =>
  fetch(`${server.url}/api/welcome`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify({ pass }),
  });
const redirectUri = `${STORE}/member/login.html`;
/** A login of the shopper: a fresh welcome pass (each is traded once). */
async function mint(): Promise<{ welcome: string; user: { id: string; providerUserId: string } }> {
  const code = await server.sandbox?.issueCode('naver', { redirectUri });
  return fetch(`${server.url}/api/exchange`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'naver', code, state: 'c3RhdGUtc3RhdGUtc3RhdA', redirectUri }),
  }).then((r) => r.json());
}
const passes = async (n: number) => {
  const minted: string[] = [];
  for (let i = 0; i < n; i++) minted.push((await mint()).welcome);
  return minted;
};

beforeAll(async () => {
  server = await startCafe24Server({ cafe24Api: BUCKET, deps: { cafe24: { drainPerSecond: 20 } } });
  expect((await installApp(server)).status).toBe(200);
  const body = await mint();
  const memberId = `${subjectFor({ naver: SANDBOX_CREDENTIALS.naverClientId }, body.user)}@s`;
  standIn().seedMember(MALL, { member_id: memberId, name: '최하린', available_points: 10 });
});
afterAll(() => server?.close());

describe('a burst of Admin API calls', () => {
  it('finishes with every answer 200 and no 429 at Cafe24: the client waits instead', async () => {
    const minted = await passes(25);
    const rejectedBefore = standIn().mall(MALL).stats.rejected429;
    // 25 welcomes = 50 Admin API calls into a bucket of 10.
    const statuses = await Promise.all(minted.map((pass) => welcome(pass).then((r) => r.status)));
    expect(statuses).toEqual(Array(25).fill(200));
    expect(standIn().mall(MALL).stats.rejected429 - rejectedBefore).toBe(0);
  });

  it('retries the 429s caused by someone else filling the bucket; none reaches the caller', async () => {
    const minted = await passes(5);
    const mall = standIn().mall(MALL);
    const rejectedBefore = mall.stats.rejected429;
    // Other apps (or processes) overfilled the bucket; our client does not know. Twice the size, so
    // it stays full for a while even on a slow machine (it drains 20 a second).
    mall.bucket = { level: 2 * BUCKET.bucketSize, at: Date.now() };
    const statuses = await Promise.all(minted.map((pass) => welcome(pass).then((r) => r.status)));
    expect(statuses).toEqual(Array(5).fill(200));
    expect(mall.stats.rejected429 - rejectedBefore).toBeGreaterThan(0);
  });
});

describe('limit and offset caps', () => {
  const tokens = {
    accessToken: async () => 'token',
    rejected: async () => 'token',
    unusable: () => {
      throw new Error('must not be called');
    },
  };
  const client = createAdminClient({
    tokens,
    apiUrl: 'https://{mall_id}.cafe24api.com',
    fetch: () => Promise.reject(new Error('must not be called')),
    timeoutMs: 1000,
  });

  it.each([
    [{ limit: 501 }, undefined, '"limit" must be 1 to 500; got 501'],
    [{ limit: 0 }, undefined, '"limit" must be 1 to 500; got 0'],
    [{ limit: 1001 }, 1000 as const, '"limit" must be 1 to 1000; got 1001'],
    [{ offset: 10001 }, undefined, '"offset" must be 0 to 10000; got 10001'],
  ])('refuses %o before calling Cafe24', async (query, maxLimit, message) => {
    const call = client.get(MALL, '/customers', { query, ...(maxLimit ? { maxLimit } : {}) });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.toThrow(message);
  });

  // Caps from the reference pages (noston/cafe24-api-spec customers-coupons.md, points.md).
  it.each([
    ['/customers/a%40s/coupons', { limit: 101 }, '"limit" must be 1 to 100; got 101'],
    ['/customers/a%40s/coupons', { offset: 10001 }, '"offset" must be 0 to 10000; got 10001'],
    ['/points', { limit: 101 }, '"limit" must be 1 to 100; got 101'],
    ['/points', { offset: 8001 }, '"offset" must be 0 to 8000; got 8001'],
  ])('refuses %s with %o: that endpoint’s own cap', async (path, query, message) => {
    const call = client.get(MALL, path, { query });
    await expect(call).rejects.toThrow(`Cafe24 ${path}: ${message}`);
  });

  it('waits what Retry-After says, else one slot’s drain time, doubling per attempt up to 10 s', () => {
    expect(backoffMs(new Headers({ 'retry-after': '3' }), 0, 2)).toBe(3000);
    expect(backoffMs(new Headers(), 0, 2)).toBe(500);
    expect(backoffMs(new Headers(), 2, 2)).toBe(2000);
    expect(backoffMs(new Headers({ 'retry-after': '30' }), 3, 2)).toBe(10_000);
  });
});
