/**
 * The identity provider against the security review's findings, each as the store (or an attacker)
 * would meet it: PKCE held to RFC 9700 §2.1.1, a replayed code revoking what it bought (RFC 6749
 * §4.1.2), `iss` in every authorization response (RFC 9207), RFC 6749 errors for oversized bodies
 * and rate limits, and error pages that cannot be framed or load anything.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { subjectOf } from '../../src/server/sso/subject';
import { openSqliteStorage, type Storage } from '../../src/server/storage/index';
import { STORE, testConfig } from './helpers';

const ISSUER = 'https://auth.example.com';
const CLIENT_ID = 'cafe24-store';
const CLIENT_SECRET = 'sso-client-secret-0123456789abcdef0123456789';
const CALLBACK = 'https://shop.example.com/Api/Member/Oauth2ClientCallback/sso/';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'; // RFC 7636 Appendix B
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

let clock: number;
let storage: Storage;
let app: ReturnType<typeof createApp>;

function build(rateLimit: false | { perMinute: number; burst: number } = false) {
  clock = Date.parse('2026-11-22T09:00:00Z');
  storage = openSqliteStorage(':memory:', { now: () => clock });
  const config = testConfig({
    PUBLIC_URL: ISSUER,
    SSO_CLIENT_ID: CLIENT_ID,
    SSO_CLIENT_SECRET: CLIENT_SECRET,
    SSO_REDIRECT_URIS: CALLBACK,
    LOG_LEVEL: 'silent',
  });
  app = createApp(config, { storage, now: () => clock, rateLimit });
}
beforeEach(() => build());

const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

async function sessionCookie(): Promise<string> {
  const ticket = await storage.grants.issue(
    'ticket',
    {
      subject: subjectOf('kakao', 'kakao-rest-key', '4000000001'),
      provider: 'kakao',
      profile: { name: '김민지' },
      origin: STORE,
    },
    clock + 120_000,
  );
  const res = await app.request('/sso/handoff', {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ticket, back: LOGIN_PAGE }).toString(),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function authorize(
  params: Record<string, string> = {},
  cookie?: string,
): Promise<{ res: Response; location: URL }> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    state: 'cafe24-state-1',
    ...params,
  });
  const res = await app.request(`/sso/authorize?${query}`, {
    headers: { cookie: cookie ?? (await sessionCookie()) },
  });
  return { res, location: new URL(res.headers.get('location') ?? 'about:blank') };
}

async function codeFor(params: Record<string, string> = {}): Promise<string> {
  const { location } = await authorize(params);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location.href}`);
  return code;
}

function token(params: Record<string, string>): Promise<Response> {
  return Promise.resolve(
    app.request('/sso/token', {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        redirect_uri: CALLBACK,
        ...params,
      }).toString(),
    }),
  );
}

const userinfo = (accessToken: string) =>
  app.request('/sso/userinfo', { headers: { authorization: `Bearer ${accessToken}` } });

describe('PKCE at /sso/token (RFC 7636, RFC 9700 §2.1.1)', () => {
  it('trades a code requested with an S256 challenge for its verifier', async () => {
    const code = await codeFor({ code_challenge: CHALLENGE, code_challenge_method: 'S256' });
    const res = await token({ code, code_verifier: VERIFIER });
    expect(res.status).toBe(200);
  });

  it.each([
    [
      'without code_verifier',
      {},
      'code_verifier is required: the authorization request had a code_challenge',
    ],
    [
      'with another verifier',
      { code_verifier: `${VERIFIER.slice(0, -1)}A` },
      'code_verifier does not match the code_challenge',
    ],
    [
      'with a malformed verifier',
      { code_verifier: 'short' },
      'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~',
    ],
  ])(
    'refuses a code requested with a challenge %s: invalid_grant',
    async (_, extra, description) => {
      const code = await codeFor({ code_challenge: CHALLENGE, code_challenge_method: 'S256' });
      const res = await token({ code, ...extra });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: description });
      // The code was spent on the refused attempt: the right verifier comes too late.
      expect((await token({ code, code_verifier: VERIFIER })).status).toBe(400);
    },
  );

  it('refuses a code_verifier for a code requested without a challenge (a PKCE downgrade)', async () => {
    const res = await token({ code: await codeFor(), code_verifier: VERIFIER });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description:
        'code_verifier was sent, but the authorization request had no code_challenge',
    });
  });

  it.each([
    [{ code_challenge: CHALLENGE }, 'code_challenge_method must be S256 (plain is not accepted)'],
    [
      { code_challenge: VERIFIER, code_challenge_method: 'plain' },
      'code_challenge_method must be S256 (plain is not accepted)',
    ],
    [
      { code_challenge: 'too-short', code_challenge_method: 'S256' },
      'code_challenge must be 43 base64url characters (SHA-256 of the verifier)',
    ],
    [{ code_challenge_method: 'S256' }, 'code_challenge_method was sent without code_challenge'],
  ])(
    'redirects %j back with invalid_request, leaving the shopper’s session unspent',
    async (params, description) => {
      const cookie = await sessionCookie();
      const { res, location } = await authorize(params, cookie);
      expect(res.status).toBe(302);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toBe(description);
      expect(location.searchParams.get('state')).toBe('cafe24-state-1');
      // A corrected request from the same browser still signs the shopper in.
      const retry = await authorize(
        { code_challenge: CHALLENGE, code_challenge_method: 'S256' },
        cookie,
      );
      expect(retry.location.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
    },
  );

  it('matches the RFC 7636 Appendix B pair the tests use', () => {
    expect(createHash('sha256').update(VERIFIER).digest('base64url')).toBe(CHALLENGE);
  });
});

describe('a replayed code (RFC 6749 §4.1.2)', () => {
  it('is refused, and the token its first use bought stops working', async () => {
    const code = await codeFor();
    const first = await token({ code });
    expect(first.status).toBe(200);
    const { access_token } = await first.json();
    expect((await userinfo(access_token)).status).toBe(200);

    const replay = await token({ code });
    expect(replay.status).toBe(400);
    expect((await replay.json()).error).toBe('invalid_grant');
    const after = await userinfo(access_token);
    expect(after.status).toBe(401);
    expect((await after.json()).error).toBe('invalid_token');
  });

  it('revokes even when the replay comes after the code’s own 60 seconds', async () => {
    const code = await codeFor();
    const { access_token } = await (await token({ code })).json();
    clock += 61_000;
    expect((await token({ code })).status).toBe(400);
    expect((await userinfo(access_token)).status).toBe(401);
  });

  it('keeps the database free of the code and the token it bought', async () => {
    const code = await codeFor();
    const { access_token } = await (await token({ code })).json();
    const rows = await storage.sql.all('SELECT kind, hash, data FROM sso_grants', []);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(access_token);
  });

  it('leaves another code’s token alone', async () => {
    const mine = await codeFor();
    const other = await codeFor();
    const { access_token } = await (await token({ code: other })).json();
    await token({ code: mine });
    await token({ code: mine });
    expect((await userinfo(access_token)).status).toBe(200);
  });
});

describe('iss in authorization responses (RFC 9207)', () => {
  it('names this server beside the code', async () => {
    const { location } = await authorize();
    expect(location.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get('iss')).toBe(ISSUER);
  });

  it('names this server beside an error', async () => {
    const { location } = await authorize({}, 'sl_sso=made-up');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('iss')).toBe(ISSUER);
  });
});

describe('errors in the identity provider’s own shapes', () => {
  const big = 'x'.repeat(20_000);

  it.each([
    ['/sso/token', { authorization: basic }],
    ['/sso/userinfo', {}],
    ['/sso/tombstones', { authorization: basic }],
  ])('answers an oversized body on %s with an RFC 6749 error', async (path, headers) => {
    const res = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: `grant_type=${big}`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(/^the body is larger than \d+ bytes$/);
  });

  it('answers an oversized hand-off with a page, the browser being on the other end', async () => {
    const res = await app.request('/sso/handoff', {
      method: 'POST',
      headers: { origin: STORE, 'content-type': 'application/x-www-form-urlencoded' },
      body: `ticket=${big}`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('the body is larger than 4096 bytes');
  });

  it('answers a rate-limited token request with temporarily_unavailable and Retry-After', async () => {
    build({ perMinute: 1, burst: 1 });
    await token({ code: 'a' });
    const res = await token({ code: 'b' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: expect.stringMatching(/^too many login attempts; retry in \d+ s$/),
    });
  });
});

describe('error pages under /sso', () => {
  const protectedPage = (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; /);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  };

  it('cannot be framed nor load anything: unknown client, unregistered redirect URI', async () => {
    for (const query of [
      'client_id=nobody',
      `client_id=${CLIENT_ID}&redirect_uri=https://evil.example/`,
    ]) {
      const res = await app.request(`/sso/authorize?${query}`);
      expect(res.status).toBe(400);
      protectedPage(res);
    }
  });

  it('cannot be framed nor load anything: a refused hand-off', async () => {
    const res = await app.request('/sso/handoff', {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'ticket=x&back=https://evil.example/',
    });
    expect(res.status).toBe(403);
    protectedPage(res);
  });

  it('allows the page’s one stylesheet by its hash', async () => {
    const res = await app.request('/sso/authorize?client_id=nobody');
    const html = await res.text();
    const style = /<style>(.*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(res.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
  });
});
