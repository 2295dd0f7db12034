/**
 * The rate limit a shopper (or a script) meets: a token bucket per client, checked after the
 * Origin check so requests from pages that may not call the backend cannot use up a shopper's
 * logins, on /api/exchange and on /sso/* too. With PostgreSQL the buckets live in the database,
 * so several instances behind a load balancer count a client once; the same bucket rules hold in
 * memory, in SQLite and in PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { openStorage, type Storage } from '../../src/server/storage/index';
import { type BucketStore, memoryBuckets, sqlBuckets } from '../../src/server/storage/rate';
import { DATABASE_KINDS, type FreshDatabase, freshDatabase } from './databases';
import { errorOf, exchangeBody, post, STORE, testConfig } from './helpers';

const dropped: FreshDatabase[] = [];
const closed: Storage[] = [];
afterAll(async () => {
  for (const storage of closed) await storage.close();
  for (const db of dropped) await db.drop();
});

async function storageOn(kind: (typeof DATABASE_KINDS)[number], url?: string) {
  let target = url;
  if (!target) {
    const fresh = await freshDatabase(kind);
    dropped.push(fresh);
    target = fresh.url;
  }
  const storage = await openStorage(target);
  closed.push(storage);
  return { storage, url: target };
}

const RULE = { perMinute: 20, burst: 2 }; // a token every 3 s

describe.each(['memory', ...DATABASE_KINDS] as const)('buckets in %s', (where) => {
  const buckets = async (): Promise<BucketStore> =>
    where === 'memory' ? memoryBuckets() : sqlBuckets((await storageOn(where)).storage.sql);

  it('lets a burst through, then says when the next token comes, and refills', async () => {
    const store = await buckets();
    const at = 1_000_000;
    expect(await store.take('exchange', '203.0.113.7', at, RULE)).toEqual({ ok: true });
    expect(await store.take('exchange', '203.0.113.7', at, RULE)).toEqual({ ok: true });
    expect(await store.take('exchange', '203.0.113.7', at + 1500, RULE)).toEqual({
      ok: false,
      retryAfter: 2,
    });
    expect(await store.take('exchange', '203.0.113.7', at + 3000, RULE)).toEqual({ ok: true });
  });

  it('keeps clients and routes apart, and does not drain on a clock that steps back', async () => {
    const store = await buckets();
    const at = 2_000_000;
    for (let i = 0; i < 2; i += 1) await store.take('exchange', 'a', at, RULE);
    expect((await store.take('exchange', 'a', at - 60_000, RULE)).ok).toBe(false);
    expect((await store.take('exchange', 'b', at, RULE)).ok).toBe(true);
    expect((await store.take('welcome', 'a', at, RULE)).ok).toBe(true);
    expect((await store.take('exchange', 'a', at + 3000, RULE)).ok).toBe(true);
  });
});

describe('the limit on the backend', () => {
  it('is checked after the Origin: refused pages cannot use up a shopper’s logins', async () => {
    const app = createApp(testConfig({ LOG_LEVEL: 'silent' }), { rateLimit: RULE });
    for (let i = 0; i < 5; i += 1) {
      const refused = await app.request(
        ...post(exchangeBody({ code: '' }), { origin: 'https://evil.example' }),
      );
      expect(refused.status).toBe(403);
    }
    expect((await app.request(...post(exchangeBody({ code: '' })))).status).toBe(400);
    expect((await app.request(...post(exchangeBody({ code: '' })))).status).toBe(400);
    const limited = await app.request(...post(exchangeBody({ code: '' })));
    expect(limited.status).toBe(429);
    expect(await errorOf(limited)).toMatchObject({ code: 'rate_limited' });
  });

  it('guards /sso/authorize and /sso/token too', async () => {
    const config = testConfig({
      LOG_LEVEL: 'silent',
      SSO_CLIENT_ID: 'store-client',
      SSO_CLIENT_SECRET: 'store-client-secret-0123456789abcdef0123',
      SSO_REDIRECT_URIS: `${STORE}/Api/Member/Oauth2ClientCallback/sso/`,
    });
    const app = createApp(config, { rateLimit: { perMinute: 1, burst: 1 } });
    const authorize = '/sso/authorize?client_id=nobody';
    expect((await app.request(authorize)).status).toBe(400);
    expect((await app.request(authorize)).status).toBe(429);
    const token = () =>
      app.request('/sso/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=authorization_code&code=guess',
      });
    expect((await token()).status).toBe(401);
    expect((await token()).status).toBe(429);
  });

  it('is one limit for all instances on the same PostgreSQL', async () => {
    const { storage: first, url } = await storageOn('postgres');
    const { storage: second } = await storageOn('postgres', url);
    const config = testConfig({ LOG_LEVEL: 'silent' });
    const rule = { perMinute: 1, burst: 2 };
    const [a, b] = [first, second].map((storage) =>
      createApp(config, { storage, rateLimit: rule }),
    );
    if (!a || !b) throw new Error('no apps');
    expect((await a.request(...post(exchangeBody({ code: '' })))).status).toBe(400);
    expect((await b.request(...post(exchangeBody({ code: '' })))).status).toBe(400);
    expect((await a.request(...post(exchangeBody({ code: '' })))).status).toBe(429);
    expect((await b.request(...post(exchangeBody({ code: '' })))).status).toBe(429);
  });
});
