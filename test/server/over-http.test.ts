/**
 * The backend and the sandbox on one real listening server (startServer on port 0), called with
 * fetch and an Origin header exactly as the widget does: both providers end to end, and the error
 * rows that depend on the providers' real behaviour (single-use, expiring codes; signed ID tokens;
 * faults).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, devConfig, startDevServer } from '../../scripts/dev-server';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import type { SandboxFault, SandboxFaultTarget } from '../../src/sandbox/index';
import { createLogger } from '../../src/server/logger';
import { errorOf, NONCE, STATE } from './helpers';

const STORE = 'http://localhost:5173';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const OTHER_PAGE = `${STORE}/member/other.html`;
const OTHER_NONCE = 'b3RoZXItbm9uY2Utb3RoZXI';

let server: DevServer;
let clock = Date.now();
const logs: string[] = [];
const bodies: string[] = [];
const codes: string[] = [];

async function start(): Promise<DevServer> {
  const config = devConfig(
    { SANDBOX: '1', PORT: '0', ALLOWED_ORIGINS: STORE, UPSTREAM_TIMEOUT_MS: '1000' },
    () => {},
  );
  const running = await startDevServer(config, {
    port: 0,
    deps: {
      now: () => clock,
      rateLimit: { perMinute: 6000, burst: 1000 },
      logger: createLogger({
        level: 'debug',
        sink: (level, line) => logs.push(`${level} ${line}`),
      }),
    },
    sandbox: {
      kakao: { redirectUris: [LOGIN_PAGE, OTHER_PAGE] },
      naver: { callbackUrls: [LOGIN_PAGE, OTHER_PAGE] },
      now: () => clock,
    },
  });
  // The sandbox makes its RSA signing key on first use; make it now, not inside a timed call.
  await fetch(`${running.url}/sandbox/kauth/.well-known/jwks.json`);
  return running;
}

function sandboxOf(running: DevServer) {
  if (!running.sandbox) throw new Error('the sandbox is not mounted');
  return running.sandbox;
}

async function issue(
  provider: 'kakao' | 'naver',
  options: { nonce?: string; kakaoId?: number; naverId?: string; running?: DevServer } = {},
) {
  const { running = server, kakaoId, naverId, nonce = NONCE } = options;
  const code = await sandboxOf(running).issueCode(provider, {
    redirectUri: LOGIN_PAGE,
    state: STATE,
    nonce,
    shopper: { ...(kakaoId ? { kakaoId } : {}), ...(naverId ? { naverId } : {}) },
  });
  codes.push(code);
  return code;
}

async function exchange(
  body: Record<string, unknown>,
  options: { origin?: string; running?: DevServer } = {},
): Promise<Response> {
  const { running = server, origin = STORE } = options;
  const res = await fetch(`${running.url}/api/exchange`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ state: STATE, redirectUri: LOGIN_PAGE, nonce: NONCE, ...body }),
  });
  bodies.push(await res.clone().text());
  return res;
}

beforeAll(async () => {
  server = await start();
});

afterEach(() => {
  sandboxOf(server).reset();
  clock = Date.now();
});

afterAll(async () => {
  await server?.close();
});

describe('the backend with its sandbox over real HTTP', () => {
  it('listens on the port it got and serves /healthz and the sandbox on the same origin', async () => {
    expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(server.url).not.toBe('http://localhost:0');
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
    const discovery = await fetch(`${server.url}/sandbox/kauth/.well-known/openid-configuration`);
    expect((await discovery.json()).issuer).toBe(`${server.url}/sandbox/kauth`);
  });

  it('signs a Kakao shopper in with a verified ID token: new member, then existing', async () => {
    const first = await exchange({
      provider: 'kakao',
      code: await issue('kakao', { kakaoId: 4000000101 }),
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe(STORE);
    const body = await first.json();
    expect(body).toMatchObject({
      provider: 'kakao',
      user: { id: 'kakao:4000000101', providerUserId: '4000000101', name: '김민지' },
      member: { status: 'new' },
    });
    const again = await exchange({
      provider: 'kakao',
      code: await issue('kakao', { kakaoId: 4000000101 }),
    });
    expect((await again.json()).member).toEqual({ status: 'existing' });
  });

  it('signs a Naver shopper in: new member, then existing', async () => {
    const naverId = 'over-http-naver-shopper';
    const first = await exchange({
      provider: 'naver',
      code: await issue('naver', { naverId }),
      nonce: undefined,
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      provider: 'naver',
      user: { id: `naver:${naverId}`, providerUserId: naverId },
      member: { status: 'new' },
    });
    const again = await exchange({ provider: 'naver', code: await issue('naver', { naverId }) });
    expect((await again.json()).member).toEqual({ status: 'existing' });
  });

  it('answers a preflight from the store, and not from elsewhere', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/exchange`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    expect((await preflight(STORE)).headers.get('access-control-allow-origin')).toBe(STORE);
    expect(
      (await preflight('http://evil.localhost:5173')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('answers 403 origin_not_allowed to a page on another origin', async () => {
    const res = await exchange(
      { provider: 'kakao', code: await issue('kakao') },
      { origin: 'http://localhost:6666' },
    );
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('origin_not_allowed');
  });
});

describe('400 invalid_grant from the providers', () => {
  it.each(['kakao', 'naver'] as const)('answers when a %s code is used twice', async (provider) => {
    const code = await issue(provider);
    expect((await exchange({ provider, code })).status).toBe(200);
    const reused = await exchange({ provider, code });
    expect(reused.status).toBe(400);
    expect((await errorOf(reused)).code).toBe('invalid_grant');
  });

  it.each(['kakao', 'naver'] as const)('answers when a %s code has expired', async (provider) => {
    const code = await issue(provider);
    clock += 11 * 60_000; // codes live 10 minutes
    const res = await exchange({ provider, code });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_grant');
  });

  it('answers when the Kakao code was issued for another redirect URI (KOE303)', async () => {
    const res = await exchange({
      provider: 'kakao',
      code: await issue('kakao'),
      redirectUri: OTHER_PAGE,
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_grant');
    expect(error.message).toContain('KOE303');
  });

  it('answers for a code the provider never issued', async () => {
    const res = await exchange({ provider: 'kakao', code: 'never-issued' });
    expect((await errorOf(res)).code).toBe('invalid_grant');
  });
});

describe("401 id_token_invalid with the sandbox's signed ID tokens", () => {
  it('answers when the ID token carries the nonce of another login', async () => {
    const res = await exchange({
      provider: 'kakao',
      code: await issue('kakao', { nonce: OTHER_NONCE }),
    });
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toEqual({
      code: 'id_token_invalid',
      message: 'Kakao ID token rejected: nonce does not match the one sent at login',
    });
  });

  it('answers when the request brings no nonce but Kakao issued an ID token', async () => {
    const res = await exchange({ provider: 'kakao', code: await issue('kakao'), nonce: undefined });
    expect(res.status).toBe(401);
  });
});

describe('upstream faults', () => {
  const rows: [SandboxFaultTarget, SandboxFault, number, string][] = [
    ['kakao.token', 'http500', 502, 'upstream_error'],
    ['kakao.token', 'html', 502, 'upstream_error'],
    ['kakao.token', 'malformed_json', 502, 'upstream_error'],
    ['kakao.token', 'hang', 504, 'upstream_timeout'],
    ['kakao.me', 'http500', 502, 'upstream_error'],
    ['kakao.me', 'hang', 504, 'upstream_timeout'],
    ['naver.token', 'html', 502, 'upstream_error'],
    ['naver.token', 'malformed_json', 502, 'upstream_error'],
    ['naver.me', 'http500', 502, 'upstream_error'],
    ['naver.me', 'hang', 504, 'upstream_timeout'],
  ];
  it.each(rows)('answers %s %s with %i %s', async (target, fault, status, code) => {
    const provider = target.startsWith('kakao') ? 'kakao' : 'naver';
    const issued = await issue(provider);
    sandboxOf(server).injectFault(target, fault);
    const res = await exchange({ provider, code: issued });
    expect(res.status).toBe(status);
    expect((await errorOf(res)).code).toBe(code);
  });

  it.each([
    ['http500', 502, 'upstream_error'],
    ['hang', 504, 'upstream_timeout'],
  ] as const)('answers a Kakao JWKS %s with %i %s', async (fault, status, code) => {
    const fresh = await start(); // its JWKS cache is empty
    try {
      const issued = await issue('kakao', { running: fresh });
      sandboxOf(fresh).injectFault('kakao.jwks', fault);
      const res = await exchange({ provider: 'kakao', code: issued }, { running: fresh });
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
    } finally {
      await fresh.close();
    }
  });
});

describe('the refusals that need no provider, over real HTTP', () => {
  it('answers 400 invalid_request naming the field when the body fails the schema', async () => {
    const res = await exchange({ provider: 'kakao', code: '' });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/"code"/),
    });
  });

  it('answers 403 origin_not_allowed when the redirect URI is on another origin', async () => {
    const res = await exchange({
      provider: 'naver',
      code: await issue('naver'),
      redirectUri: 'https://shop.example.com.evil.example/member/login.html',
      nonce: undefined,
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('origin_not_allowed');
  });

  it('answers 400 unsupported_provider for a provider the backend has no keys for', async () => {
    const config = devConfig(
      {
        PORT: '0',
        ALLOWED_ORIGINS: STORE,
        SESSION_SECRET: 'x'.repeat(32),
        KAKAO_REST_API_KEY: 'rest-key',
        DATABASE_URL: ':memory:',
        LOG_LEVEL: 'silent',
      },
      () => {},
    );
    const kakaoOnly = await startDevServer(config, { port: 0 });
    try {
      const res = await exchange(
        { provider: 'naver', code: 'c', nonce: undefined },
        { running: kakaoOnly },
      );
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('unsupported_provider');
    } finally {
      await kakaoOnly.close();
    }
  });

  it('answers 429 rate_limited with Retry-After per client address, and TRUST_PROXY reads the proxy’s X-Forwarded-For', async () => {
    const limited = async (trustProxy: string) => {
      const config = devConfig(
        {
          SANDBOX: '1',
          PORT: '0',
          ALLOWED_ORIGINS: STORE,
          TRUST_PROXY: trustProxy,
          LOG_LEVEL: 'silent',
        },
        () => {},
      );
      return startDevServer(config, { port: 0, deps: { rateLimit: { perMinute: 1, burst: 2 } } });
    };
    const direct = await limited('0');
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await exchange({ provider: 'kakao', code: '' }, { running: direct })).status,
        );
      expect(statuses).toEqual([400, 400, 429]);
      const refused = await exchange({ provider: 'kakao', code: '' }, { running: direct });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await errorOf(refused)).code).toBe('rate_limited');
    } finally {
      await direct.close();
    }

    const proxied = await limited('1');
    try {
      const from = (client: string) =>
        fetch(`${proxied.url}/api/exchange`, {
          method: 'POST',
          headers: {
            origin: STORE,
            'content-type': 'application/json',
            'x-forwarded-for': `203.0.113.9, ${client}`,
          },
          body: '{}',
        }).then((r) => r.status);
      expect([
        await from('198.51.100.1'),
        await from('198.51.100.1'),
        await from('198.51.100.1'),
      ]).toEqual([400, 400, 429]);
      // Another shopper behind the same proxy has a bucket of their own.
      expect(await from('198.51.100.2')).toBe(400);
    } finally {
      await proxied.close();
    }
  });
});

describe('what never leaves the backend', () => {
  it('keeps client secrets, the session secret and codes out of every answer and log line', () => {
    const sensitive = [
      SANDBOX_CREDENTIALS.kakaoClientSecret,
      SANDBOX_CREDENTIALS.naverClientSecret,
      server.config.sessionSecret,
      ...codes,
    ];
    expect(bodies.length).toBeGreaterThan(10);
    expect(logs.length).toBeGreaterThan(10);
    const everything = [...bodies, ...logs].join('\n');
    for (const value of sensitive) expect.soft(everything).not.toContain(value);
    expect(logs.join('\n')).not.toMatch(/[?&](code|state|nonce)=/);
  });
});
