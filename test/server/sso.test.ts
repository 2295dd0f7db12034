/**
 * The identity provider a Cafe24 store registers under [Store setup › Single Sign-On], spoken to
 * as the store would (RFC 6749 §4.1, §5): the hand-off that recognises the shopper, then code,
 * token and user info, and every refusal with its RFC error.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { devConfig } from '../../scripts/dev-server';
import { createApp } from '../../src/server/app';
import { ConfigError, loadConfig } from '../../src/server/config';
import { subjectOf } from '../../src/server/sso/subject';
import { openSqliteStorage, type Storage } from '../../src/server/storage/index';
import { STORE, TEST_ENV, testConfig } from './helpers';

const CLIENT_ID = 'cafe24-store';
const CLIENT_SECRET = 'sso-client-secret-0123456789abcdef0123456789';
const CALLBACK = 'https://shop.example.com/Api/Member/Oauth2ClientCallback/sso/';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const SUBJECT = subjectOf('kakao', 'kakao-rest-key', '4000000001');

let clock: number;
let storage: Storage;
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  clock = Date.parse('2026-11-22T09:00:00Z');
  storage = openSqliteStorage(':memory:', { now: () => clock });
  const config = testConfig({
    SSO_CLIENT_ID: CLIENT_ID,
    SSO_CLIENT_SECRET: CLIENT_SECRET,
    SSO_REDIRECT_URIS: CALLBACK,
    LOG_LEVEL: 'silent',
  });
  app = createApp(config, { storage, now: () => clock, rateLimit: false });
});

const basic = (id = CLIENT_ID, secret = CLIENT_SECRET) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function issueTicket(): Promise<string> {
  return storage.grants.issue(
    'ticket',
    {
      subject: SUBJECT,
      provider: 'kakao',
      profile: { name: '김민지', email: 'minji.kim@sandbox.example', phone: '010-1234-5678' },
      origin: STORE,
    },
    clock + 120_000,
  );
}

async function handoff(ticket: string, origin = STORE): Promise<Response> {
  return app.request('/sso/handoff', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ticket, back: LOGIN_PAGE }).toString(),
  });
}

function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0] ?? '';
}

function authorizeUrl(overrides: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  const all = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    state: 'cafe24-state-1',
    ...overrides,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) params.set(key, value);
  return `/sso/authorize?${params}`;
}

async function codeFor(): Promise<string> {
  const cookie = cookieOf(await handoff(await issueTicket()));
  const res = await app.request(authorizeUrl(), { headers: { cookie } });
  const location = new URL(res.headers.get('location') ?? '');
  return location.searchParams.get('code') ?? '';
}

async function token(
  params: Record<string, string>,
  headers: Record<string, string> = { authorization: basic() },
  json = false,
): Promise<Response> {
  return app.request('/sso/token', {
    method: 'POST',
    headers: {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
  });
}

const grant = (code: string) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: CALLBACK,
});

describe('the hand-off and /sso/authorize', () => {
  it('recognises the shopper who just verified and redirects to the store with a code and its state', async () => {
    const res = await handoff(await issueTicket());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(LOGIN_PAGE);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^sl_sso=[\w-]{43}; Max-Age=120; Path=\/sso; HttpOnly; SameSite=Lax/);

    const authorize = await app.request(authorizeUrl(), { headers: { cookie: cookieOf(res) } });
    expect(authorize.status).toBe(302);
    const location = new URL(authorize.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('cafe24-state-1');
    expect(location.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
    expect(authorize.headers.get('cache-control')).toBe('no-store');
    // The browser session is single use: the cookie is cleared and a replay is refused.
    expect(authorize.headers.get('set-cookie')).toMatch(/^sl_sso=; Max-Age=0/);
    const replay = await app.request(authorizeUrl(), { headers: { cookie: cookieOf(res) } });
    expect(new URL(replay.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'access_denied',
    );
  });

  it('redeems a ticket only once', async () => {
    const ticket = await issueTicket();
    expect(cookieOf(await handoff(ticket))).toMatch(/^sl_sso=./);
    expect((await handoff(ticket)).headers.get('set-cookie')).toBeNull();
  });

  it('refuses a ticket older than 2 minutes', async () => {
    const ticket = await issueTicket();
    clock += 120_001;
    const res = await handoff(ticket);
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a hand-off from a page outside ALLOWED_ORIGINS', async () => {
    const res = await handoff(await issueTicket(), 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('sends access_denied to the store when no shopper verified here (no cookie)', async () => {
    const res = await app.request(authorizeUrl());
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('cafe24-state-1');
  });

  it.each([
    ['an unknown client', { client_id: 'someone-else' }, 'Unknown client'],
    ['a missing client_id', { client_id: undefined }, 'Unknown client'],
    [
      'an unregistered redirect URI',
      { redirect_uri: `${CALLBACK}x` },
      'Redirect URI not registered',
    ],
    ['a missing redirect URI', { redirect_uri: undefined }, 'Redirect URI not registered'],
  ])('never redirects for %s: it shows a page instead', async (_, overrides, title) => {
    const res = await app.request(authorizeUrl(overrides));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain(title);
  });

  it('takes a request without response_type as the code flow (Cafe24 documents its request only as an image)', async () => {
    const cookie = cookieOf(await handoff(await issueTicket()));
    const res = await app.request(authorizeUrl({ response_type: undefined }), {
      headers: { cookie },
    });
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('code')).toMatch(
      /^[\w-]{43}$/,
    );
  });

  it.each([
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
    ['response_type=code token', { response_type: 'code token' }, 'unsupported_response_type'],
  ])('redirects %s to the registered URI with the RFC error', async (_, overrides, error) => {
    const res = await app.request(authorizeUrl(overrides));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('cafe24-state-1');
  });
});

describe('/sso/token', () => {
  it('trades a code for a bearer token with HTTP Basic client authentication', async () => {
    const res = await token(grant(await codeFor()));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(await res.json()).toEqual({
      access_token: expect.stringMatching(/^[\w-]{43}$/),
      token_type: 'Bearer',
      expires_in: 300,
    });
  });

  it('accepts the client credentials in a JSON body too', async () => {
    const res = await token(
      { ...grant(await codeFor()), client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
      {},
      true,
    );
    expect(res.status).toBe(200);
  });

  it('answers invalid_grant for a code used twice', async () => {
    const code = await codeFor();
    expect((await token(grant(code))).status).toBe(200);
    const again = await token(grant(code));
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the code is unknown, expired or already used',
    });
  });

  it('leaves no working token when several token requests race for one code', async () => {
    const code = await codeFor();
    const answers = await Promise.all([token(grant(code)), token(grant(code)), token(grant(code))]);
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThanOrEqual(2);
    // Whichever request won, the others were replays: what the code bought is revoked (§4.1.2).
    for (const res of answers.filter((answer) => answer.status === 200)) {
      const { access_token } = await res.json();
      const info = await app.request('/sso/userinfo', {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(info.status).toBe(401);
    }
  });

  it('answers invalid_grant for a code older than 60 seconds', async () => {
    const code = await codeFor();
    clock += 60_001;
    const res = await token(grant(code));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('accepts a token request without redirect_uri, the code being bound to the client', async () => {
    const res = await token({ grant_type: 'authorization_code', code: await codeFor() });
    expect(res.status).toBe(200);
  });

  it('answers invalid_grant when redirect_uri differs from the authorization request', async () => {
    const res = await token({ ...grant(await codeFor()), redirect_uri: `${CALLBACK}?x=1` });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'redirect_uri does not match the authorization request',
    });
  });

  it.each([
    ['a wrong secret (Basic)', { authorization: basic(CLIENT_ID, 'wrong') }, {}],
    ['an unknown client (Basic)', { authorization: basic('nobody', CLIENT_SECRET) }, {}],
    ['a wrong secret (body)', {}, { client_id: CLIENT_ID, client_secret: 'wrong' }],
    ['no client authentication', {}, {}],
    ['a malformed Authorization header', { authorization: 'Basic !!!' }, {}],
  ])('answers 401 invalid_client with a Basic challenge for %s', async (_, headers, body) => {
    const res = await token({ ...grant(await codeFor()), ...body }, headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="sso", charset="UTF-8"');
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('answers invalid_request when the client authenticates two ways at once', async () => {
    const res = await token({ ...grant(await codeFor()), client_secret: CLIENT_SECRET });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it.each([
    [{ grant_type: 'refresh_token', refresh_token: 'x' }, 'unauthorized_client'],
    [{ grant_type: 'urn:example:magic' }, 'unsupported_grant_type'],
    [{ code: 'x', redirect_uri: CALLBACK }, 'invalid_request'],
    [{ grant_type: 'authorization_code', redirect_uri: CALLBACK }, 'invalid_request'],
  ])('answers 400 %j with %s', async (params, error) => {
    const res = await token(params);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(error);
  });

  it('answers invalid_request for a repeated parameter or an unknown body type', async () => {
    const repeated = await app.request('/sso/token', {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=a&code=b',
    });
    expect((await repeated.json()).error).toBe('invalid_request');
    const xml = await app.request('/sso/token', {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'text/xml' },
      body: '<x/>',
    });
    expect(xml.status).toBe(400);
    expect((await xml.json()).error).toBe('invalid_request');
  });
});

describe('/sso/userinfo', () => {
  async function accessToken(): Promise<string> {
    const res = await token(grant(await codeFor()));
    return (await res.json()).access_token;
  }

  it('answers the stable id and the profile the store signup needs, for a token in the body', async () => {
    const res = await app.request('/sso/userinfo', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: await accessToken() }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: SUBJECT,
      sub: SUBJECT,
      provider: 'kakao',
      name: '김민지',
      email: 'minji.kim@sandbox.example',
      phone: '010-1234-5678',
      phone_number: '010-1234-5678',
    });
    expect(SUBJECT).toMatch(/^k[a-z2-7]{15}$/);
  });

  it('accepts the token as a Bearer header and in a JSON body', async () => {
    const bearer = await app.request('/sso/userinfo', {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessToken()}` },
    });
    expect(bearer.status).toBe(200);
    const json = await app.request('/sso/userinfo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: await accessToken() }),
    });
    expect(json.status).toBe(200);
  });

  it('answers 401 invalid_token for an unknown or expired token', async () => {
    const stale = await accessToken();
    clock += 300_001;
    for (const value of [stale, 'made-up']) {
      const res = await app.request('/sso/userinfo', {
        method: 'POST',
        headers: { authorization: `Bearer ${value}` },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect((await res.json()).error).toBe('invalid_token');
    }
  });
});

describe('stable ids', () => {
  it('gives one id per provider, provider app and provider user, so a new App ID never collides', () => {
    const ids = new Set([
      subjectOf('kakao', 'app-1', '42'),
      subjectOf('kakao', 'app-2', '42'),
      subjectOf('naver', 'app-1', '42'),
      subjectOf('kakao', 'app-1', '43'),
    ]);
    expect(ids.size).toBe(4);
    expect(subjectOf('kakao', 'app-1', '42')).toBe(subjectOf('kakao', 'app-1', '42'));
    for (const id of ids) expect(id).toMatch(/^[kn][a-z2-7]{15}$/);
  });
});

describe('SSO configuration', () => {
  const quiet = () => {};
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...TEST_ENV, ...env });
      return [];
    } catch (error) {
      return error instanceof ConfigError ? error.problems : [];
    }
  };

  it('needs the secret and the redirect URIs with the client id, and names what is missing', () => {
    expect(problems({ SSO_CLIENT_ID: CLIENT_ID })).toEqual([
      { variable: 'SSO_CLIENT_SECRET', message: 'is required when SSO_CLIENT_ID is set' },
      {
        variable: 'SSO_REDIRECT_URIS',
        message:
          "is required when SSO_CLIENT_ID is set: the store's SSO callback, e.g. https://myshop.cafe24.com/Api/Member/Oauth2ClientCallback/sso/",
      },
    ]);
  });

  it('refuses a short secret and a plain-http redirect URI off localhost', () => {
    expect(
      problems({
        SSO_CLIENT_ID: CLIENT_ID,
        SSO_CLIENT_SECRET: 'short',
        SSO_REDIRECT_URIS: 'http://shop.example.com/cb',
      }).map((p) => p.variable),
    ).toEqual(['SSO_CLIENT_SECRET', 'SSO_REDIRECT_URIS']);
  });

  it('registers the store stand-in in the sandbox, on every allowed origin', () => {
    const config = devConfig({ SANDBOX: '1', ALLOWED_ORIGINS: 'http://localhost:4000' }, quiet);
    expect(config.sso).toEqual({
      clientId: 'sandbox-cafe24-sso',
      clientSecret: expect.any(String),
      redirectUris: ['http://localhost:4000/Api/Member/Oauth2ClientCallback/sso/'],
    });
    expect(config.databaseUrl).toBe(':memory:');
  });

  it('has no identity provider in production unless configured', async () => {
    const plain = createApp(testConfig({ LOG_LEVEL: 'silent' }));
    expect((await plain.request(authorizeUrl())).status).toBe(404);
  });
});
