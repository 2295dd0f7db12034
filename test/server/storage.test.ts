/**
 * Storage and the store rules. The same suite runs on the embedded SQLite file and on PostgreSQL
 * (a fresh schema each): migrations applied once even when instances start together, grants given
 * out once even when two instances race for them, links and tombstones kept across a restart.
 * A deleted member and an age-restricted store both end in 403 login_blocked with a message a
 * shopper understands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DevServer, devConfig, startDevServer } from '../../scripts/dev-server';
import { SANDBOX_SSO_CLIENT } from '../../src/sandbox/cafe24-store/defaults';
import { createLinkedMemberStore, subjectFor } from '../../src/server/members';
import {
  openDatabase,
  openSqliteStorage,
  openStorage,
  STORAGE_MIGRATIONS,
} from '../../src/server/storage/index';
import { DATABASE_KINDS, type FreshDatabase, freshDatabase } from './databases';
import { NONCE, PATIENT_EXCHANGE_DEADLINE_MS, PATIENT_UPSTREAM_TIMEOUT_MS, STATE } from './helpers';

const STORE = 'http://localhost:5173';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const dir = mkdtempSync(join(tmpdir(), 'social-login-storage-'));
const DATABASE_URL = `file:${join(dir, 'nested', 'social-login.sqlite')}`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(
  env: Record<string, string> = {},
  databaseUrl = DATABASE_URL,
): Promise<DevServer> {
  const config = devConfig(
    {
      SANDBOX: '1',
      PORT: '0',
      ALLOWED_ORIGINS: STORE,
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      UPSTREAM_TIMEOUT_MS: PATIENT_UPSTREAM_TIMEOUT_MS,
      ...env,
    },
    () => {},
  );
  return startDevServer(config, {
    port: 0,
    deps: { rateLimit: false, exchangeDeadlineMs: PATIENT_EXCHANGE_DEADLINE_MS },
  });
}

async function login(server: DevServer, provider: 'kakao' | 'naver', kakaoId = 4000000201) {
  if (!server.sandbox) throw new Error('no sandbox');
  const code = await server.sandbox.issueCode(provider, {
    redirectUri: LOGIN_PAGE,
    state: STATE,
    nonce: NONCE,
    shopper: { kakaoId, naverId: `storage-test-${kakaoId}` },
  });
  return fetch(`${server.url}/api/exchange`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify({ provider, code, state: STATE, redirectUri: LOGIN_PAGE, nonce: NONCE }),
  });
}

describe('the embedded SQLite file', () => {
  it('is created under a new folder, in WAL mode, synchronous=FULL', async () => {
    const storage = await openStorage(DATABASE_URL);
    expect(await storage.sql.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    // FULL (2): a committed rotation of a Cafe24 refresh token survives a power cut too.
    expect(await storage.sql.get('PRAGMA synchronous')).toEqual({ synchronous: 2 });
    await storage.close();
  });
});

describe.each(DATABASE_KINDS)('storage on %s', (kind) => {
  const opened: FreshDatabase[] = [];
  const fresh = async () => {
    const db = await freshDatabase(kind);
    opened.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of opened) await db.drop();
  });

  it('applies every migration once, even when three instances start at the same moment', async () => {
    const { url } = await fresh();
    const instances = await Promise.all([1, 2, 3].map(() => openStorage(url)));
    const again = await openStorage(url); // a later start applies nothing twice
    const ids = (await again.sql.all('SELECT id FROM migrations ORDER BY id')).map((r) => r.id);
    expect(ids).toEqual(STORAGE_MIGRATIONS.map((m) => m.id).sort());
    for (const storage of [...instances, again]) await storage.close();
  });

  it('confirms a member link only once the store is known to have the member', async () => {
    const storage = await openStorage((await fresh()).url);
    const link = { subject: 'sub1', provider: 'naver', appId: 'app', providerUserId: 'u1' };
    expect(await storage.members.linkState('sub1')).toBe('none');
    expect(await storage.members.link(link)).toBe('new');
    expect(await storage.members.link(link)).toBe('existing');
    expect(await storage.members.linkState('sub1')).toBe('unconfirmed');
    await storage.members.confirm('sub1');
    expect(await storage.members.linkState('sub1')).toBe('confirmed');
    await storage.members.bury('sub1');
    expect(await storage.members.linkState('sub1')).toBe('none');
    expect(await storage.members.tombstone('sub1')).toMatchObject({ subject: 'sub1' });
    await storage.close();
  });

  it('stores only hashes of grants, and gives each one out once', async () => {
    const storage = await openStorage((await fresh()).url);
    const value = await storage.grants.issue('ticket', { a: 1 }, Date.now() + 60_000);
    const raw = (await storage.sql.all('SELECT hash FROM sso_grants')).map((r) => r.hash);
    expect(raw).not.toContain(value);
    expect((await storage.grants.take('ticket', value))?.data).toEqual({ a: 1 });
    expect(await storage.grants.take('ticket', value)).toBeUndefined();
    expect(await storage.grants.take('code', value)).toBeUndefined();
    await storage.close();
  });

  it('gives a grant to exactly one of two instances racing for it', async () => {
    const { url } = await fresh();
    const [a, b] = await Promise.all([openStorage(url), openStorage(url)]);
    if (!a || !b) throw new Error('not opened');
    for (let round = 0; round < 20; round += 1) {
      const value = await a.grants.issue('code', { round }, Date.now() + 60_000);
      const taken = await Promise.all([a.grants.take('code', value), b.grants.take('code', value)]);
      expect(taken.filter(Boolean)).toHaveLength(1);
    }
    const spent = await Promise.all(
      [a, b, a, b].map((s) => s.grants.spend('spent-welcome', 'pass-1', Date.now() + 60_000)),
    );
    expect(spent.filter(Boolean)).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('forgets expired grants: an expired code opens nothing', async () => {
    let now = 1_000_000;
    const storage = await openStorage((await fresh()).url, { now: () => now });
    const value = await storage.grants.issue('code', { x: 1 }, now + 60_000);
    now += 60_001;
    expect(await storage.grants.take('code', value)).toBeUndefined();
    await storage.close();
  });

  it('remembers a member and a tombstone across a restart of the backend', async () => {
    const { url } = await fresh();
    let server = await start({}, url);
    const first = await login(server, 'kakao');
    expect((await first.json()).member).toEqual({ status: 'new' });
    await server.close();

    server = await start({}, url);
    const second = await login(server, 'kakao');
    const body = await second.json();
    expect(body.member).toEqual({ status: 'existing' });
    expect(body.ticket).toMatch(/^[\w-]{43}$/);

    // The store reports the member deleted (as its webhook relay would): a tombstone.
    const db = openDatabase(url);
    const subject = String((await db.get('SELECT subject FROM member_links'))?.subject);
    await db.close();
    const buried = await fetch(`${server.url}/sso/tombstones`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${SANDBOX_SSO_CLIENT.clientId}:${SANDBOX_SSO_CLIENT.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ member_id: `${subject}@s` }).toString(),
    });
    expect(buried.status).toBe(204);
    await server.close();

    server = await start({}, url);
    const blocked = await login(server, 'kakao');
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toEqual({
      error: {
        code: 'login_blocked',
        message:
          'this social account belonged to a store member who deleted their account, so it cannot sign up again; log in with another account or contact the store',
        reason: 'member_deleted',
      },
    });
    // Another shopper is not affected.
    expect((await login(server, 'kakao', 4000000202)).status).toBe(200);
    await server.close();
  });
});

describe('the backend without storage of its own', () => {
  it('refuses a tombstone report without the SSO client credentials', async () => {
    const server = await start({ DATABASE_URL: ':memory:' });
    const res = await fetch(`${server.url}/sso/tombstones`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'member_id=kaaaaaaaaaaaaaaa%40s',
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
    await server.close();
  });
});

describe('store rules', () => {
  it('tells the widget social login is on for an ordinary store', async () => {
    const server = await start({ DATABASE_URL: ':memory:' });
    const res = await fetch(`${server.url}/api/store-rules`, { headers: { origin: STORE } });
    expect(await res.json()).toEqual({ socialLogin: true });
    expect(res.headers.get('access-control-allow-origin')).toBe(STORE);
    await server.close();
  });

  it('turns social login off for an age-restricted store: no buttons, and 403 login_blocked', async () => {
    const server = await start({ DATABASE_URL: ':memory:', STORE_AGE_RESTRICTED: '1' });
    const rules = await fetch(`${server.url}/api/store-rules`);
    expect(await rules.json()).toEqual({ socialLogin: false, reason: 'age_restricted' });
    for (const provider of ['kakao', 'naver'] as const) {
      const res = await login(server, provider);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        error: {
          code: 'login_blocked',
          message:
            'this store is age-restricted: social login cannot verify a date of birth, so it is not available here; log in with a store ID',
          reason: 'age_restricted',
        },
      });
    }
    await server.close();
  });

  it('starts a new namespace when the provider App ID changes: the same person is a new member', async () => {
    const storage = openSqliteStorage(`file:${join(dir, 'app-id.sqlite')}`);
    const user = { id: 'kakao:4000000302', providerUserId: '4000000302' };
    const before = createLinkedMemberStore(storage.members, { kakao: 'old-app-rest-key' });
    expect(await before.resolve(user)).toBe('new');
    expect(await before.resolve(user)).toBe('existing');
    const after = createLinkedMemberStore(storage.members, { kakao: 'new-app-rest-key' });
    expect(await after.resolve(user)).toBe('new');
    expect(subjectFor({ kakao: 'old-app-rest-key' }, user)).not.toBe(
      subjectFor({ kakao: 'new-app-rest-key' }, user),
    );
    await storage.close();
  });
});
