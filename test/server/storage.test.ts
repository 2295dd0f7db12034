/**
 * Storage and the store rules, over a real listening server with the sandbox providers: the SQLite
 * file (WAL, migrations at start) keeps links and tombstones across a restart; a deleted member
 * and an age-restricted store both end in 403 login_blocked with a message a shopper understands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_SSO_CLIENT } from '../../src/sandbox/cafe24-store/defaults';
import { loadConfig } from '../../src/server/config';
import { createLinkedMemberStore, subjectFor } from '../../src/server/members';
import { type RunningServer, startServer } from '../../src/server/serve';
import { openStorage, STORAGE_MIGRATIONS } from '../../src/server/storage/index';
import { NONCE, STATE } from './helpers';

const STORE = 'http://localhost:5173';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const dir = mkdtempSync(join(tmpdir(), 'social-login-storage-'));
const DATABASE_URL = `file:${join(dir, 'nested', 'social-login.sqlite')}`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig(
    { SANDBOX: '1', PORT: '0', ALLOWED_ORIGINS: STORE, LOG_LEVEL: 'silent', DATABASE_URL, ...env },
    () => {},
  );
  return startServer(config, { port: 0, deps: { rateLimit: false } });
}

async function login(server: RunningServer, provider: 'kakao' | 'naver', kakaoId = 4000000201) {
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

describe('the embedded SQLite storage', () => {
  it('creates the file under a new folder, in WAL mode, with every migration applied once', () => {
    const storage = openStorage(DATABASE_URL);
    expect(storage.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // FULL (2): a committed rotation of a Cafe24 refresh token survives a power cut too.
    expect(storage.db.pragma('synchronous', { simple: true })).toBe(2);
    storage.close();
    const again = openStorage(DATABASE_URL); // a second start applies nothing twice
    const ids = again.db.prepare('SELECT id FROM migrations ORDER BY id').pluck().all();
    expect(ids).toEqual(STORAGE_MIGRATIONS.map((m) => m.id).sort());
    again.close();
  });

  it('confirms a member link only once the store is known to have the member', () => {
    const storage = openStorage(':memory:');
    const link = { subject: 'sub1', provider: 'naver', appId: 'app', providerUserId: 'u1' };
    expect(storage.members.linkState('sub1')).toBe('none');
    storage.members.link(link);
    expect(storage.members.linkState('sub1')).toBe('unconfirmed');
    storage.members.confirm('sub1');
    expect(storage.members.linkState('sub1')).toBe('confirmed');
    storage.members.bury('sub1');
    expect(storage.members.linkState('sub1')).toBe('none');
    expect(storage.members.tombstone('sub1')).toBeDefined();
    storage.close();
  });

  it('stores only hashes of grants, and gives each one out once', () => {
    const storage = openStorage(':memory:');
    const value = storage.grants.issue('ticket', { a: 1 }, Date.now() + 60_000);
    const raw = storage.db.prepare('SELECT hash FROM sso_grants').pluck().all();
    expect(raw).not.toContain(value);
    expect(storage.grants.take('ticket', value)?.data).toEqual({ a: 1 });
    expect(storage.grants.take('ticket', value)).toBeUndefined();
    expect(storage.grants.take('code', value)).toBeUndefined();
  });

  it('remembers a member and a tombstone across a restart of the backend', async () => {
    let server = await start();
    const first = await login(server, 'kakao');
    expect((await first.json()).member).toEqual({ status: 'new' });
    await server.close();

    server = await start();
    const second = await login(server, 'kakao');
    const body = await second.json();
    expect(body.member).toEqual({ status: 'existing' });
    expect(body.ticket).toMatch(/^[\w-]{43}$/);

    // The store reports the member deleted (as its webhook relay would): a tombstone.
    const file = new Database(DATABASE_URL.slice('file:'.length), { readonly: true });
    const subject = file.prepare('SELECT subject FROM member_links').pluck().get();
    file.close();
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

    server = await start();
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
    const storage = openStorage(`file:${join(dir, 'app-id.sqlite')}`);
    const user = { id: 'kakao:4000000302', providerUserId: '4000000302' };
    const before = createLinkedMemberStore(storage.members, { kakao: 'old-app-rest-key' });
    expect(await before.resolve(user)).toBe('new');
    expect(await before.resolve(user)).toBe('existing');
    const after = createLinkedMemberStore(storage.members, { kakao: 'new-app-rest-key' });
    expect(await after.resolve(user)).toBe('new');
    expect(subjectFor({ kakao: 'old-app-rest-key' }, user)).not.toBe(
      subjectFor({ kakao: 'new-app-rest-key' }, user),
    );
    storage.close();
  });
});
