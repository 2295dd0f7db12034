/**
 * One backend, several Cafe24 malls (docs/malls.md): the mall configured from the environment
 * (shop.example.com) and a mall registered in the database (shop-b.example.com), each with its own
 * Naver keys and Single Sign-On client. Every value one mall issues — hand-off tickets, browser
 * sessions, codes, access tokens — is unknown at the other, and a tombstone stays with the store
 * that buried the member. On the embedded SQLite file and on PostgreSQL alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import type { Config } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { mallRegistry } from '../../src/server/malls/index';
import type { MallSettings } from '../../src/server/malls/registry';
import { subjectOf } from '../../src/server/sso/subject';
import { GRANT_MIGRATIONS } from '../../src/server/storage/grants';
import {
  type Database,
  openDatabase,
  openSqliteStorage,
  openStorage,
  STORAGE_MIGRATIONS,
  type Storage,
} from '../../src/server/storage/index';
import { MEMBER_MIGRATIONS } from '../../src/server/storage/members';
import { DATABASE_KINDS, type FreshDatabase, freshDatabase } from './databases';
import {
  errorOf,
  json,
  NAVER_API,
  NAVER_AUTH,
  STATE,
  STORE,
  type StubFetch,
  stubFetch,
  testConfig,
} from './helpers';

const STORE_B = 'https://shop-b.example.com';
const STORE_C = 'https://shop-c.example.com';
const page = (store: string) => `${store}/member/login.html`;
const callback = (store: string) => `${store}/Api/Member/Oauth2ClientCallback/sso/`;

const SSO_A = { id: 'sso-a', secret: 'sso-a-client-secret-0123456789abcdef0123' };
const SSO_B = { id: 'sso-b', secret: 'sso-b-client-secret-0123456789abcdef0123' };

const MALL_B: MallSettings = {
  id: 'shopb',
  origins: [STORE_B],
  naver: { clientId: 'naver-b', clientSecret: 'naver-b-client-secret' },
  sso: { clientId: SSO_B.id, clientSecret: SSO_B.secret, redirectUris: [callback(STORE_B)] },
};
/** A third store on the environment's Naver app: its shoppers have the same subjects as A's. */
const MALL_C: MallSettings = {
  id: 'shopc',
  origins: [STORE_C],
  naver: { clientId: 'naver-client-id', clientSecret: 'naver-client-secret-ABC789' },
};

const NAVER_ID = 'naver-opaque-id';

/** Naver, answering whichever app's keys it is given; it remembers which client asked. */
function fakeNaverApps(stub: StubFetch, clients: string[]): void {
  stub.on(`POST ${NAVER_AUTH}/oauth2.0/token`, async (request) => {
    const client = new URLSearchParams(await request.text()).get('client_id') ?? '';
    clients.push(client);
    return json({ access_token: `token-of-${client}`, token_type: 'bearer', expires_in: '3600' });
  });
  stub.on(`GET ${NAVER_API}/v1/nid/me`, () =>
    json({ resultcode: '00', message: 'success', response: { id: NAVER_ID, name: '이준호' } }),
  );
}

const basic = (client: { id: string; secret: string }) =>
  `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;

describe.each(DATABASE_KINDS)('several malls on one backend (%s)', (kind) => {
  let database: FreshDatabase;
  let storage: Storage;
  let config: Config;
  let app: ReturnType<typeof createApp>;
  let stub: StubFetch;
  const naverClients: string[] = [];
  const warnings: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase(kind);
    storage = await openStorage(database.url);
    config = testConfig({
      SSO_CLIENT_ID: SSO_A.id,
      SSO_CLIENT_SECRET: SSO_A.secret,
      SSO_REDIRECT_URIS: callback(STORE),
      CAFE24_CLIENT_ID: 'cafe24-app',
      CAFE24_CLIENT_SECRET: 'cafe24-app-secret',
      KAKAO_JS_KEY: 'env-kakao-js-key',
      LOG_LEVEL: 'silent',
    });
    stub = stubFetch();
    fakeNaverApps(stub, naverClients);
    app = createApp(config, {
      storage,
      fetch: stub.fetch,
      rateLimit: false,
      mallsTtlMs: 0,
      logger: createLogger({
        level: 'warn',
        sink: (_, line) => warnings.push(JSON.parse(line).msg),
      }),
    });
    const registry = mallRegistry(config, storage.sql);
    await registry.put(MALL_B);
    await registry.put(MALL_C);
  }, 60_000);

  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  const exchange = (origin: string, redirectUri = page(origin)) =>
    app.request('/api/exchange', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'naver', code: 'naver-code', state: STATE, redirectUri }),
    });

  const ticketAt = async (origin: string): Promise<string> => {
    const res = await exchange(origin);
    expect(res.status).toBe(200);
    const { ticket } = await res.json();
    expect(ticket).toEqual(expect.any(String));
    return ticket;
  };

  const handoff = (ticket: string, origin: string) =>
    app.request('/sso/handoff', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ticket, back: page(origin) }).toString(),
    });

  const cookieOf = (res: Response) => res.headers.get('set-cookie')?.match(/sl_sso=([^;]+)/)?.[1];

  const sessionAt = async (origin: string): Promise<string> => {
    const cookie = cookieOf(await handoff(await ticketAt(origin), origin));
    if (!cookie) throw new Error('no hand-off cookie');
    return cookie;
  };

  const authorize = (cookie: string, clientId: string, redirectUri: string) =>
    app.request(
      `/sso/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', state: 's' })}`,
      { headers: { cookie: `sl_sso=${cookie}` } },
    );

  const codeAt = async (origin: string, client: { id: string }): Promise<string> => {
    const res = await authorize(await sessionAt(origin), client.id, callback(origin));
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
    if (!code) throw new Error(`no code: ${res.headers.get('location')}`);
    return code;
  };

  const token = (code: string, client: { id: string; secret: string }, redirectUri: string) =>
    app.request('/sso/token', {
      method: 'POST',
      headers: {
        authorization: basic(client),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
      }).toString(),
    });

  const accessTokenAt = async (origin: string, client: typeof SSO_A): Promise<string> => {
    const res = await token(await codeAt(origin, client), client, callback(origin));
    expect(res.status).toBe(200);
    return (await res.json()).access_token;
  };

  it("logs a shopper in at each mall with that mall's own Naver app", async () => {
    naverClients.length = 0;
    const a = await (await exchange(STORE)).json();
    const b = await (await exchange(STORE_B)).json();
    expect(naverClients).toEqual(['naver-client-id', 'naver-b']);
    expect([a.user.id, b.user.id]).toEqual([`naver:${NAVER_ID}`, `naver:${NAVER_ID}`]);
    // The store sees one member per store: B's app is another namespace.
    const [subjectA, subjectB] = await Promise.all(
      [STORE, STORE_B].map(async (origin) => {
        const access = await accessTokenAt(origin, origin === STORE ? SSO_A : SSO_B);
        const res = await app.request('/sso/userinfo', {
          headers: { authorization: `Bearer ${access}` },
        });
        return (await res.json()).sub;
      }),
    );
    expect(subjectA).toBe(subjectOf('naver', 'naver-client-id', NAVER_ID));
    expect(subjectB).toBe(subjectOf('naver', 'naver-b', NAVER_ID));
  });

  it("answers a registered mall's store pages with CORS, and no other page", async () => {
    const preflight = (origin: string) =>
      app.request('/api/exchange', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect((await preflight(STORE_B)).headers.get('access-control-allow-origin')).toBe(STORE_B);
    expect((await preflight(STORE)).headers.get('access-control-allow-origin')).toBe(STORE);
    expect(
      (await preflight('https://evil.example.com')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it("has the Cafe24 app's script tag hand each mall's widget that mall's public keys", async () => {
    const loader = async (mall: string) =>
      (await app.request(`/cafe24/widget.js?mall_id=${mall}`)).text();
    const b = await loader('shopb');
    expect(b).toContain('"naver-client-id":"naver-b"');
    expect(b).not.toContain('env-kakao-js-key');
    // A mall not registered gets the environment's keys.
    const other = await loader('othermall');
    expect(other).toContain('"naver-client-id":"naver-client-id"');
    expect(other).toContain('"kakao-js-key":"env-kakao-js-key"');
  });

  it("refuses an exchange whose redirect page is another mall's", async () => {
    const res = await exchange(STORE_B, page(STORE));
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('origin_not_allowed');
  });

  it('opens no browser session at mall B for a ticket mall A issued, and A keeps it', async () => {
    const ticket = await ticketAt(STORE);
    const atB = await handoff(ticket, STORE_B);
    expect(atB.status).toBe(303);
    expect(cookieOf(atB)).toBeUndefined();
    expect(cookieOf(await handoff(ticket, STORE))).toEqual(expect.any(String));
  });

  it("answers access_denied at mall B's /sso/authorize for a session made at mall A", async () => {
    const res = await authorize(await sessionAt(STORE), SSO_B.id, callback(STORE_B));
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(callback(STORE_B));
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it("answers invalid_grant at mall B's /sso/token for a code mall A issued", async () => {
    const code = await codeAt(STORE, SSO_A);
    const atB = await token(code, SSO_B, callback(STORE_B));
    expect(atB.status).toBe(400);
    expect((await atB.json()).error).toBe('invalid_grant');
    // Shown at the wrong mall, the code was not spent: the store it belongs to still trades it.
    expect((await token(code, SSO_A, callback(STORE))).status).toBe(200);
  });

  it("answers invalid_client for mall B's client id with mall A's secret", async () => {
    const code = await codeAt(STORE, SSO_A);
    const res = await token(code, { id: SSO_B.id, secret: SSO_A.secret }, callback(STORE));
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('answers invalid_token to mall B for an access token mall A issued', async () => {
    const access = await accessTokenAt(STORE, SSO_A);
    const asB = await app.request('/sso/userinfo', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${access}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ client_id: SSO_B.id }).toString(),
    });
    expect(asB.status).toBe(401);
    expect((await asB.json()).error).toBe('invalid_token');
    // Its own store reads it, naming itself or not.
    const asA = await app.request('/sso/userinfo', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${access}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ client_id: SSO_A.id }).toString(),
    });
    expect(asA.status).toBe(200);
  });

  it('keeps a deleted member refused only at the store that deleted them', async () => {
    // Mall C shares A's Naver app, so the shopper has the same subject at both stores.
    expect((await exchange(STORE_C)).status).toBe(200);
    const subject = subjectOf('naver', 'naver-client-id', NAVER_ID);
    const buried = await app.request('/sso/tombstones', {
      method: 'POST',
      headers: { authorization: basic(SSO_A), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ member_id: `${subject}@s` }).toString(),
    });
    expect(buried.status).toBe(204);
    const atA = await exchange(STORE);
    expect(atA.status).toBe(403);
    expect((await errorOf(atA)).code).toBe('login_blocked');
    const atC = await exchange(STORE_C);
    expect(atC.status).toBe(200);
    expect((await atC.json()).member.status).toBe('existing');
  });

  it('keeps every key and secret of a registered mall sealed in the database', async () => {
    const rows = await storage.sql.all(
      'SELECT mall_id, sso_client_id, settings FROM malls ORDER BY mall_id',
    );
    const stored = JSON.stringify(rows);
    for (const secret of ['naver-b-client-secret', SSO_B.secret, 'naver-b'])
      expect(stored).not.toContain(secret);
    // In the clear: only what requests are routed by.
    expect(rows.map((row) => [row.mall_id, row.sso_client_id])).toEqual([
      ['shopb', SSO_B.id],
      ['shopc', null],
    ]);
  });

  it('warns about a mall sealed with another SESSION_SECRET and serves it no longer', async () => {
    const other = testConfig({ SESSION_SECRET: 'another-session-secret-0123456789abcdef' });
    await mallRegistry(other, storage.sql).put({
      id: 'shopd',
      origins: ['https://shop-d.example.com'],
    });
    const res = await exchange('https://shop-d.example.com');
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('origin_not_allowed');
    expect(warnings).toContainEqual(expect.stringContaining('mall "shopd" cannot be read'));
    await mallRegistry(other, storage.sql).remove('shopd');
  });

  it('lets another instance see a mall registered elsewhere within five seconds', async () => {
    let clock = Date.now();
    const instance = createApp(config, {
      storage,
      fetch: stub.fetch,
      rateLimit: false,
      now: () => clock,
    });
    const STORE_G = 'https://shop-g.example.com';
    const allowed = async () =>
      (
        await instance.request('/api/exchange', {
          method: 'OPTIONS',
          headers: { origin: STORE_G, 'access-control-request-method': 'POST' },
        })
      ).headers.get('access-control-allow-origin');
    expect(await allowed()).toBeNull();
    await mallRegistry(config, storage.sql).put({ id: 'shopg', origins: [STORE_G] });
    clock += 4_000;
    expect(await allowed()).toBeNull();
    clock += 1_000;
    expect(await allowed()).toBe(STORE_G);
    await mallRegistry(config, storage.sql).remove('shopg');
  });

  it('refuses a second mall on an origin or SSO client another mall has', async () => {
    const registry = mallRegistry(config, storage.sql);
    await expect(registry.put({ ...MALL_C, id: 'shope' })).rejects.toThrow(
      'origin https://shop-c.example.com already belongs to mall "shopc"',
    );
    await expect(
      registry.put({ id: 'shopf', origins: ['https://shop-f.example.com'], sso: MALL_B.sso }),
    ).rejects.toThrow('"sso.clientId" is already the SSO client of mall "shopb"');
  });
});

describe.each(DATABASE_KINDS)('a database from before several malls (%s)', (kind) => {
  let database: FreshDatabase;
  afterAll(() => database?.drop());

  it("gives every earlier grant, link and tombstone to the environment's mall", async () => {
    database = await freshDatabase(kind);
    const old = openDatabase(database.url);
    await old.migrate([...GRANT_MIGRATIONS.slice(0, 1), ...MEMBER_MIGRATIONS.slice(0, 2)]);
    await old.run(
      `INSERT INTO member_links (subject, provider, app_id, provider_user_id, first_seen, last_seen,
         confirmed_at) VALUES ('nlinked', 'naver', 'app', 'u1', 1, 2, 3)`,
    );
    await old.run(`INSERT INTO member_tombstones (subject, deleted_at) VALUES ('nburied', 5)`);
    await old.close();

    const now = Date.parse('2026-11-22T09:00:00Z');
    const storage = await openStorage(database.url, { now: () => now });
    try {
      expect(STORAGE_MIGRATIONS.map((m) => m.id)).toContain('members-003-mall');
      expect(await storage.members.linkState('nlinked')).toBe('confirmed');
      expect(await storage.members.tombstone('nburied')).toEqual({
        subject: 'nburied',
        deletedAt: 5,
      });
      const other = storage.mall('shopb');
      expect(await other.members.linkState('nlinked')).toBe('none');
      expect(await other.members.tombstone('nburied')).toBeUndefined();
      // The same subject may now be linked at another mall too.
      expect(
        await other.members.link({
          subject: 'nlinked',
          provider: 'naver',
          appId: 'app',
          providerUserId: 'u1',
        }),
      ).toBe('new');
    } finally {
      await storage.close();
    }
  });
});

describe('a backend with the environment’s mall only', () => {
  it('answers its store without reading the mall registry', async () => {
    const storage = openSqliteStorage(':memory:');
    const statements: string[] = [];
    const sql: Database = {
      ...storage.sql,
      all: (statement, params) => {
        statements.push(statement);
        return storage.sql.all(statement, params);
      },
      migrate: (migrations) => {
        statements.push(...migrations.map((m) => m.id));
        return storage.sql.migrate(migrations);
      },
    };
    const stub = stubFetch();
    fakeNaverApps(stub, []);
    const app = createApp(testConfig({ LOG_LEVEL: 'silent' }), {
      storage: { ...storage, sql },
      fetch: stub.fetch,
      rateLimit: false,
    });
    const res = await app.request('/api/exchange', {
      method: 'POST',
      headers: { origin: STORE, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'naver',
        code: 'naver-code',
        state: STATE,
        redirectUri: page(STORE),
      }),
    });
    expect(res.status).toBe(200);
    expect(statements.filter((s) => /malls/.test(s))).toEqual([]);
    await storage.close();
  });
});
