/**
 * Test doubles for the backend: a config built from a test environment, a stub `fetch` that plays
 * Kakao and Naver with the network off, ID tokens signed with a test key, and a captured log.
 */
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { type AppDeps, createApp } from '../../src/server/app';
import { type Config, loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';

export const STORE = 'https://shop.example.com';
export const REDIRECT = `${STORE}/member/login.html`;
export const KAKAO_AUTH = 'https://kauth.test';
export const KAKAO_API = 'https://kapi.test';
export const NAVER_AUTH = 'https://nid.test';
export const NAVER_API = 'https://openapi.test';

export const SECRETS = {
  SESSION_SECRET: 'session-secret-0123456789abcdef0123456789',
  KAKAO_CLIENT_SECRET: 'kakao-client-secret-XYZ123',
  NAVER_CLIENT_SECRET: 'naver-client-secret-ABC789',
} as const;

export const TEST_ENV = {
  ALLOWED_ORIGINS: `${STORE},https://m.shop.example.com`,
  ...SECRETS,
  KAKAO_REST_API_KEY: 'kakao-rest-key',
  NAVER_CLIENT_ID: 'naver-client-id',
  KAKAO_AUTH_URL: KAKAO_AUTH,
  KAKAO_API_URL: KAKAO_API,
  NAVER_AUTH_URL: NAVER_AUTH,
  NAVER_API_URL: NAVER_API,
  UPSTREAM_TIMEOUT_MS: '200',
  LOG_LEVEL: 'debug',
};

/**
 * UPSTREAM_TIMEOUT_MS and the whole exchange's deadline (AppDeps.exchangeDeadlineMs) for a backend
 * whose Kakao and Naver are its own sandbox over real HTTP, in a test that never waits for either
 * limit: a cold backend's first exchange (the sandbox makes its RSA signing key, code is compiled)
 * has taken more than the default 5 s on a busy 2-core machine. Tests of a provider that does not
 * answer set short limits of their own.
 */
export const PATIENT_UPSTREAM_TIMEOUT_MS = '60000';
export const PATIENT_EXCHANGE_DEADLINE_MS = 60_000;

export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({ ...TEST_ENV, ...env });
}

/** 22 base64url characters: a 128-bit state or nonce like the widget's. */
export const STATE = 'c3RhdGUtc3RhdGUtc3RhdA';
export const NONCE = 'bm9uY2Utbm9uY2Utbm9uY2';

export function exchangeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: 'kakao',
    code: 'code-123',
    state: STATE,
    redirectUri: REDIRECT,
    nonce: NONCE,
    ...overrides,
  };
}

export function post(body: unknown, headers: Record<string, string> = {}): [string, RequestInit] {
  return [
    '/api/exchange',
    {
      method: 'POST',
      headers: { origin: STORE, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
  ];
}

type Handler = (request: Request) => Response | Promise<Response>;

export interface StubFetch {
  fetch: typeof fetch;
  /** Every request the backend made, bodies read as text. */
  calls: { method: string; url: string; body: string; headers: Headers }[];
  /** `METHOD https://host/path` (no query) → handler; later calls replace earlier ones. */
  on(route: string, handler: Handler): void;
}

/** The network is off: a call nobody stubbed fails the way an unreachable host does. */
export function stubFetch(): StubFetch {
  const routes = new Map<string, Handler>();
  const calls: StubFetch['calls'] = [];
  const fetchStub = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = await request.clone().text();
    calls.push({ method: request.method, url: request.url, body, headers: request.headers });
    const handler = routes.get(`${request.method} ${url.origin}${url.pathname}`);
    if (!handler) throw new TypeError(`fetch failed: no stub for ${request.method} ${url.href}`);
    const answer = handler(request);
    // Honour the caller's timeout like a real fetch does.
    return await new Promise<Response>((resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      Promise.resolve(answer).then(resolve, reject);
    });
  };
  return {
    fetch: fetchStub as typeof fetch,
    calls,
    on: (route, handler) => routes.set(route, handler),
  };
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8' },
  });

export const never = () => new Promise<Response>(() => {});

export interface TestKeys {
  jwks: { keys: Record<string, unknown>[] };
  sign(claims: JWTPayload, options?: { kid?: string; key?: CryptoKey }): Promise<string>;
  otherKey: CryptoKey;
}

export async function testKeys(): Promise<TestKeys> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    otherKey: other.privateKey,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'test-key' })
        .sign(options.key ?? privateKey),
  };
}

export const KAKAO_USER = {
  id: 4000000001,
  connected_at: '2026-01-01T00:00:00Z',
  properties: { nickname: '민지', profile_image: 'https://img.test/p.jpg' },
  kakao_account: {
    name: '김민지',
    email: 'minji@example.com',
    is_email_valid: true,
    is_email_verified: true,
    phone_number: '+82 10-1234-5678',
    profile: {
      nickname: '민지',
      profile_image_url: 'https://img.test/p.jpg',
      is_default_image: false,
    },
  },
};

export const NAVER_USER = {
  resultcode: '00',
  message: 'success',
  response: {
    id: 'naver-opaque-id',
    name: '이준호',
    nickname: '준호',
    email: 'junho@example.com',
    mobile: '010-2345-6789',
    profile_image: 'https://img.test/n.jpg',
  },
};

/** A Kakao that issues tokens (with an ID token signed by `keys`) and knows KAKAO_USER. */
export async function fakeKakao(
  stub: StubFetch,
  keys: TestKeys,
  claims: JWTPayload = {},
): Promise<void> {
  stub.on(`GET ${KAKAO_AUTH}/.well-known/jwks.json`, () => json(keys.jwks));
  const now = Math.floor(Date.now() / 1000);
  const idToken = await keys.sign({
    iss: KAKAO_AUTH,
    aud: 'kakao-rest-key',
    sub: String(KAKAO_USER.id),
    iat: now,
    exp: now + 3600,
    nonce: NONCE,
    ...claims,
  });
  stub.on(`POST ${KAKAO_AUTH}/oauth/token`, () =>
    json({ token_type: 'bearer', access_token: 'kakao-access-token', id_token: idToken }),
  );
  stub.on(`GET ${KAKAO_API}/v2/user/me`, () => json(KAKAO_USER));
}

export function fakeNaver(stub: StubFetch): void {
  stub.on(`POST ${NAVER_AUTH}/oauth2.0/token`, () =>
    json({ access_token: 'naver-access-token', token_type: 'bearer', expires_in: '3600' }),
  );
  stub.on(`GET ${NAVER_API}/v1/nid/me`, () => json(NAVER_USER));
}

export interface Harness {
  app: ReturnType<typeof createApp>;
  stub: StubFetch;
  logs: string[];
  request(body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function harness(
  options: { env?: Record<string, string | undefined>; deps?: AppDeps } = {},
): Harness {
  const config = testConfig(options.env);
  const stub = stubFetch();
  const logs: string[] = [];
  // No redaction here: the tests prove nothing sensitive is logged in the first place.
  const logger = createLogger({
    level: 'debug',
    sink: (level, line) => logs.push(`${level} ${line}`),
  });
  const app = createApp(config, {
    fetch: stub.fetch,
    logger,
    rateLimit: { perMinute: 6000, burst: 1000 },
    ...options.deps,
  });
  return {
    app,
    stub,
    logs,
    request: (body, headers) => Promise.resolve(app.request(...post(body, headers))),
  };
}

export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body: unknown = await response.json();
  if (
    typeof body === 'object' &&
    body !== null &&
    'error' in body &&
    typeof body.error === 'object' &&
    body.error !== null &&
    'code' in body.error &&
    'message' in body.error
  ) {
    return { code: String(body.error.code), message: String(body.error.message) };
  }
  throw new Error(`not an error body: ${JSON.stringify(body)}`);
}
