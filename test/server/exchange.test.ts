/**
 * POST /api/exchange and the app around it, in-process (`app.request`) with Kakao and Naver played
 * by a stubbed fetch: every error-table row that applies (docs/backend.md "HTTP API", docs/troubleshooting.md).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '../../src/server/schemas';
import {
  errorOf,
  exchangeBody,
  fakeKakao,
  fakeNaver,
  harness,
  json,
  KAKAO_AUTH,
  KAKAO_USER,
  NAVER_AUTH,
  never,
  post,
  REDIRECT,
  SECRETS,
  STORE,
  type TestKeys,
  testKeys,
} from './helpers';

let keys: TestKeys;
beforeAll(async () => {
  keys = await testKeys();
});

describe('GET /healthz and unknown routes', () => {
  it('answers {ok:true}', async () => {
    const res = await harness().app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 404 not_found in the error shape', async () => {
    const res = await harness().app.request('/nope?code=secret-code');
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ code: 'not_found', message: 'no route for GET /nope' });
  });
});

describe('a successful exchange', () => {
  it('signs a Kakao shopper in: new member first, existing the second time', async () => {
    const h = harness();
    await fakeKakao(h.stub, keys);
    const first = await h.request(exchangeBody());
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      provider: 'kakao',
      user: {
        id: 'kakao:4000000001',
        providerUserId: '4000000001',
        name: '김민지',
        email: 'minji@example.com',
        phone: '+82 10-1234-5678',
        image: 'https://img.test/p.jpg',
      },
      member: { status: 'new' },
    });
    const second = await h.request(exchangeBody());
    expect((await second.json()).member).toEqual({ status: 'existing' });
    expect(first.headers.get('access-control-allow-origin')).toBe(STORE);
    // A profile, a one-time ticket: no browser or proxy cache may keep the answer.
    expect(first.headers.get('cache-control')).toBe('no-store');
  });

  it('signs a Naver shopper in', async () => {
    const h = harness();
    fakeNaver(h.stub);
    const res = await h.request(exchangeBody({ provider: 'naver', nonce: undefined }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      provider: 'naver',
      user: { id: 'naver:naver-opaque-id', providerUserId: 'naver-opaque-id' },
      member: { status: 'new' },
    });
  });

  it('accepts a Kakao answer without an ID token (OpenID Connect off)', async () => {
    const h = harness();
    await fakeKakao(h.stub, keys);
    h.stub.on(`POST ${KAKAO_AUTH}/oauth/token`, () =>
      json({ access_token: 'at', token_type: 'bearer' }),
    );
    const res = await h.request(exchangeBody({ nonce: undefined }));
    expect(res.status).toBe(200);
  });
});

describe('400 invalid_request names the field', () => {
  it.each([
    [{ provider: undefined }, '"provider" is required'],
    [{ provider: 'google' }, '"provider" must be one of kakao, naver'],
    [{ provider: 1 }, '"provider" must be one of kakao, naver'],
    [{ code: undefined }, '"code" is required'],
    [{ code: '' }, '"code" must not be empty'],
    [{ code: 7 }, '"code" must be a string'],
    [{ code: 'c'.repeat(2049) }, '"code" must be at most 2048 characters'],
    [{ state: undefined }, '"state" is required'],
    [{ state: 'short' }, '"state" must be at least 16 characters'],
    [{ state: 'has spaces in it, 1234' }, '"state" must be base64url characters'],
    [{ redirectUri: undefined }, '"redirectUri" is required'],
    [{ redirectUri: 'not a url' }, '"redirectUri" must be an http(s) URL'],
    [{ redirectUri: 'javascript:alert(1)' }, '"redirectUri" must be an http(s) URL'],
    [{ nonce: 'x' }, '"nonce" must be at least 16 characters'],
    [
      { codeVerifier: 'too-short' },
      '"codeVerifier" must be 43 to 128 unreserved characters (RFC 7636)',
    ],
    [
      { provider: 'line', state: undefined },
      '"provider" must be one of kakao, naver; "state" is required',
    ],
  ])('%o → %s', async (override, message) => {
    const res = await harness().request(exchangeBody(override));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: 'invalid_request', message });
  });

  it.each([
    ['not JSON', '{"provider":', 'body must be a JSON object'],
    ['a JSON array', '[1,2]', 'body must be a JSON object'],
    ['JSON null', 'null', 'body must be a JSON object'],
    ['empty', '', 'body must be a JSON object'],
  ])('answers for a body that is %s', async (_, body, message) => {
    const res = await harness().request(body);
    expect(await errorOf(res)).toEqual({ code: 'invalid_request', message });
  });

  it('refuses other content types, naming the expected one', async () => {
    const res = await harness().request(JSON.stringify(exchangeBody()), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_request',
      message: '"Content-Type" must be application/json',
    });
  });

  it('refuses a body over 8 KB', async () => {
    const res = await harness().request(exchangeBody({ code: 'c'.repeat(9000) }));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_request',
      message: 'body too large: at most 8192 bytes',
    });
  });

  it('never answers 500 to any body (property)', async () => {
    const h = harness(); // no provider stubbed: valid bodies end in a 502 from the "network"
    const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.webUrl());
    const body = fc.oneof(
      fc.anything(),
      fc.record(
        {
          provider: fc.oneof(fc.constantFrom('kakao', 'naver'), field),
          code: field,
          state: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/), field),
          redirectUri: fc.oneof(fc.constant(REDIRECT), field),
          nonce: field,
          codeVerifier: field,
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const text = JSON.stringify(value) ?? 'undefined';
        const res = await h.request(text);
        expect(res.status).not.toBe(500);
        expect(ErrorBodySchema.safeParse(await res.json()).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('400 unsupported_provider', () => {
  it('answers when the provider has no keys on this backend', async () => {
    const h = harness({ env: { NAVER_CLIENT_ID: undefined, NAVER_CLIENT_SECRET: undefined } });
    const res = await h.request(exchangeBody({ provider: 'naver' }));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'unsupported_provider',
      message: '"naver" login is not configured on this backend',
    });
  });
});

describe('403 origin_not_allowed', () => {
  it.each([
    ['no Origin header', undefined, 'the request has no Origin header'],
    [
      'a foreign Origin',
      'https://evil.example',
      'origin "https://evil.example" is not in ALLOWED_ORIGINS',
    ],
    [
      'an allowed host on another port',
      'https://shop.example.com:8443',
      'is not in ALLOWED_ORIGINS',
    ],
    ['an allowed host over http', 'http://shop.example.com', 'is not in ALLOWED_ORIGINS'],
    ['the opaque origin "null"', 'null', 'origin "null" is not in ALLOWED_ORIGINS'],
  ])('answers for %s', async (_, origin, message) => {
    const [path, init] = post(exchangeBody());
    const headers = new Headers(init.headers);
    if (origin === undefined) headers.delete('origin');
    else headers.set('origin', origin);
    const res = await harness().app.request(path, { ...init, headers });
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe('origin_not_allowed');
    expect(error.message).toContain(message);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each([
    'https://evil.example/member/login.html',
    'https://shop.example.com.evil.example/member/login.html',
    'https://shop.example.com:444/member/login.html',
    'https://user:pass@shop.example.com/member/login.html',
  ])('answers for the redirect URI %s', async (redirectUri) => {
    const res = await harness().request(exchangeBody({ redirectUri }));
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toEqual({
      code: 'origin_not_allowed',
      message: '"redirectUri" must be on one of ALLOWED_ORIGINS',
    });
  });

  it('accepts a redirect URI on another allowed origin (mobile store)', async () => {
    const h = harness();
    await fakeKakao(h.stub, keys);
    const res = await h.request(
      exchangeBody({ redirectUri: 'https://m.shop.example.com/member/login.html' }),
    );
    expect(res.status).toBe(200);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    harness().app.request('/api/exchange', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('answers a preflight from an allowed origin with that origin and no credentials', async () => {
    const res = await preflight(STORE);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(STORE);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a preflight from any other origin without Access-Control-Allow-Origin', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the store read error answers too', async () => {
    const res = await harness().request(exchangeBody({ code: '' }));
    expect(res.headers.get('access-control-allow-origin')).toBe(STORE);
  });
});

describe('429 rate_limited', () => {
  it('answers with Retry-After once a client has used its burst', async () => {
    let now = 1_000_000;
    const h = harness({ deps: { now: () => now, rateLimit: { perMinute: 20, burst: 2 } } });
    const bad = exchangeBody({ code: '' });
    expect((await h.request(bad)).status).toBe(400);
    expect((await h.request(bad)).status).toBe(400);
    const limited = await h.request(bad);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await errorOf(limited)).toEqual({
      code: 'rate_limited',
      message: 'too many login attempts; retry in 3 s',
    });
    now += 3000;
    expect((await h.request(bad)).status).toBe(400);
  });

  it('counts each client on its own', async () => {
    let client = 'a';
    const h = harness({ deps: { rateLimit: { perMinute: 1, burst: 1, key: () => client } } });
    expect((await h.request(exchangeBody({ code: '' }))).status).toBe(400);
    expect((await h.request(exchangeBody({ code: '' }))).status).toBe(429);
    client = 'b';
    expect((await h.request(exchangeBody({ code: '' }))).status).toBe(400);
  });
});

describe('provider refusals', () => {
  it.each([
    [{ error: 'invalid_grant', error_code: 'KOE320' }, 400, 'invalid_grant'],
    [{ error: 'access_denied', error_description: 'User denied access' }, 400, 'access_denied'],
    [{ error: 'consent_required' }, 400, 'consent_required'],
    [{ error: 'invalid_client', error_code: 'KOE010' }, 502, 'upstream_error'],
  ])('passes Kakao %o on as %i %s', async (body, status, code) => {
    const h = harness();
    h.stub.on(`POST ${KAKAO_AUTH}/oauth/token`, () => json(body, 400));
    const res = await h.request(exchangeBody());
    expect(res.status).toBe(status);
    expect((await errorOf(res)).code).toBe(code);
  });

  it('answers 400 invalid_grant for a Naver code used twice (HTTP 200 error body)', async () => {
    const h = harness();
    h.stub.on(`POST ${NAVER_AUTH}/oauth2.0/token`, () =>
      json({ error: 'invalid_request', error_description: 'no valid data in session' }),
    );
    const res = await h.request(exchangeBody({ provider: 'naver' }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_grant');
  });
});

describe('401 id_token_invalid', () => {
  it.each([
    ['a nonce from another login', { nonce: 'b3RoZXItbm9uY2Utb3RoZXI' }, 'nonce does not match'],
    ["another app's audience", { aud: 'other' }, 'audience'],
    [
      "a subject other than the profile's user",
      { sub: '999' },
      "its subject is not the profile's user",
    ],
  ])('answers for %s', async (_, claims, message) => {
    const h = harness();
    await fakeKakao(h.stub, keys, claims);
    const res = await h.request(exchangeBody());
    expect(res.status).toBe(401);
    const error = await errorOf(res);
    expect(error.code).toBe('id_token_invalid');
    expect(error.message).toContain(message);
  });

  it('answers when Kakao issued an ID token but the request had no nonce', async () => {
    const h = harness();
    await fakeKakao(h.stub, keys);
    const res = await h.request(exchangeBody({ nonce: undefined }));
    expect(res.status).toBe(401);
  });
});

describe('upstream failures', () => {
  it.each([
    ['a 500', () => new Response('oops', { status: 500 }), 502, 'upstream_error'],
    [
      'an HTML page',
      () =>
        new Response('<!doctype html><p>점검 중</p>', { headers: { 'content-type': 'text/html' } }),
      502,
      'upstream_error',
    ],
    [
      'malformed JSON',
      () => new Response('{"access_token', { headers: { 'content-type': 'application/json' } }),
      502,
      'upstream_error',
    ],
    ['nothing (hang)', never, 504, 'upstream_timeout'],
  ])('answers %s from the token endpoint with %i %s', async (_, answer, status, code) => {
    const h = harness();
    h.stub.on(`POST ${KAKAO_AUTH}/oauth/token`, answer);
    const res = await h.request(exchangeBody());
    expect(res.status).toBe(status);
    expect((await errorOf(res)).code).toBe(code);
  });

  it('answers 500 internal_error with a generic message when our own code fails', async () => {
    const h = harness({
      deps: {
        memberStore: {
          resolve: () => Promise.reject(new Error(`db down at ${SECRETS.SESSION_SECRET}`)),
        },
      },
    });
    await fakeKakao(h.stub, keys);
    const res = await h.request(exchangeBody());
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal_error', message: 'the login backend failed; try again' },
    });
    expect(text).not.toContain('db down');
    expect(
      h.logs.some((line) => line.startsWith('error {') && line.includes('"msg":"unhandled error"')),
    ).toBe(true);
    expect(h.logs.join('\n')).not.toMatch(/\n\s+at /); // no stack
  });
});

describe('what the backend never reveals', () => {
  it('keeps secrets, codes and tokens out of every answer and log line', async () => {
    const h = harness();
    await fakeKakao(h.stub, keys);
    fakeNaver(h.stub);
    const bodies: string[] = [];
    const send = async (body: unknown, headers?: Record<string, string>) =>
      bodies.push(await (await h.request(body, headers)).text());
    await send(exchangeBody({ code: 'kakao-code-SENSITIVE' }));
    await send(exchangeBody({ provider: 'naver', code: 'naver-code-SENSITIVE' }));
    h.stub.on(`POST ${KAKAO_AUTH}/oauth/token`, () =>
      json({ error: 'invalid_client', error_code: 'KOE010' }, 401),
    );
    await send(exchangeBody({ code: 'bad-code-SENSITIVE' }));
    await send(exchangeBody({ code: 'from-evil-SENSITIVE' }), { origin: 'https://evil.example' });

    const everything = [...bodies, ...h.logs].join('\n');
    for (const secret of [
      ...Object.values(SECRETS),
      'SENSITIVE',
      'kakao-access-token',
      'naver-access-token',
      String(KAKAO_USER.kakao_account.email),
    ]) {
      expect.soft(h.logs.join('\n')).not.toContain(secret);
      if (secret !== KAKAO_USER.kakao_account.email) expect.soft(everything).not.toContain(secret);
    }
    // One JSON object per line, its level repeated inside (logger.ts).
    const entries = h.logs.map((line) => {
      const [level, ...json] = line.split(' ');
      const entry = JSON.parse(json.join(' '));
      expect(entry.level).toBe(level);
      return entry;
    });
    expect(entries).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        method: 'POST',
        route: '/api/exchange',
        status: 200,
      }),
    );
  });
});
