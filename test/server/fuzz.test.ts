/**
 * Every endpoint of the backend, fuzzed (fast-check, a bounded number of runs each): malformed and
 * wrong-typed JSON and forms, repeated and prototype keys (`__proto__`, `constructor`), oversized
 * and slowly streamed bodies, odd content types, origins, credentials, cookies and other headers.
 * Whatever comes in:
 *   - no 5xx: bad input is the client's problem, answered as such;
 *   - every answer in its documented shape: `{error: {code, message}}` on the widget's /api and
 *     the Cafe24 app's routes, RFC 6749 `{error, error_description}` on the identity provider's
 *     back-channel routes, a protected HTML page (or a redirect carrying `iss`) where a browser is
 *     sent;
 *   - no secret, and no stack trace, in any answer or any log line; nothing logged as an error;
 *   - Object.prototype untouched.
 * Upstreams answer as Kakao and Naver do for a code they never issued (the network is off).
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDeps, createApp } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { ErrorBodySchema } from '../../src/server/schemas';
import { type RunningServer, startServer } from '../../src/server/serve';
import { openSqliteStorage } from '../../src/server/storage/index';
import { KAKAO_AUTH, NAVER_AUTH, REDIRECT, SECRETS, STORE, TEST_ENV, testConfig } from './helpers';

const ISSUER = 'https://auth.example.com';
const SSO_CLIENT_ID = 'cafe24-store';
const SSO_CLIENT_SECRET = 'sso-client-secret-0123456789abcdef0123456789';
const SSO_CALLBACK = 'https://shop.example.com/Api/Member/Oauth2ClientCallback/sso/';
const CAFE24_CLIENT_ID = 'cafe24-app-client-id';
const CAFE24_CLIENT_SECRET = 'cafe24-app-client-secret-ABCDEF123456';

/** Everything that must never be seen outside. */
const SECRET_VALUES = [...Object.values(SECRETS), SSO_CLIENT_SECRET, CAFE24_CLIENT_SECRET];
/** A V8 stack frame: `at fn (file.ts:12:3)` or `at file.ts:12:3`. */
const STACK_FRAME = /\bat\s+(?:\S+\s+\()?[^\s()]+:\d+:\d+\)?/;

type Shape = 'api' | 'oauth' | 'page' | 'any';

interface Endpoint {
  method: 'GET' | 'POST' | 'OPTIONS';
  path: string;
  shape: Shape;
  /** Parameter names the route reads: the fuzzer fills them with good and bad values. */
  fields: readonly string[];
}

const ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/healthz', shape: 'api', fields: [] },
  { method: 'GET', path: '/metrics', shape: 'any', fields: [] },
  { method: 'GET', path: '/api/store-rules', shape: 'api', fields: [] },
  {
    method: 'POST',
    path: '/api/exchange',
    shape: 'api',
    fields: ['provider', 'code', 'state', 'redirectUri', 'nonce', 'codeVerifier'],
  },
  { method: 'OPTIONS', path: '/api/exchange', shape: 'api', fields: [] },
  { method: 'POST', path: '/api/handoff/confirm', shape: 'api', fields: ['confirmation', 'nonce'] },
  { method: 'POST', path: '/api/welcome', shape: 'api', fields: ['pass', 'lang'] },
  { method: 'GET', path: '/social-login.js', shape: 'api', fields: [] },
  { method: 'GET', path: '/social-login.0123456789ab.js', shape: 'api', fields: [] },
  {
    method: 'GET',
    path: '/cafe24/launch',
    shape: 'api',
    fields: ['mall_id', 'timestamp', 'user_id', 'shop_no', 'lang', 'is_multi_shop', 'hmac'],
  },
  { method: 'GET', path: '/cafe24/callback', shape: 'api', fields: ['code', 'state', 'error'] },
  { method: 'GET', path: '/cafe24/widget.js', shape: 'api', fields: ['mall_id'] },
  { method: 'POST', path: '/sso/handoff', shape: 'page', fields: ['ticket', 'back', 'nonce'] },
  {
    method: 'GET',
    path: '/sso/authorize',
    shape: 'page',
    fields: [
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
      'code_challenge',
      'code_challenge_method',
    ],
  },
  {
    method: 'POST',
    path: '/sso/token',
    shape: 'oauth',
    fields: ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'client_id', 'client_secret'],
  },
  { method: 'POST', path: '/sso/userinfo', shape: 'oauth', fields: ['access_token'] },
  { method: 'GET', path: '/sso/userinfo', shape: 'oauth', fields: ['access_token'] },
  {
    method: 'POST',
    path: '/sso/tombstones',
    shape: 'oauth',
    fields: ['member_id', 'sub', 'client_id', 'client_secret'],
  },
];

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

// ---- arbitraries ---------------------------------------------------------------------------

/** Values a field might get: plausible ones, near misses, wrong types' text, huge, odd Unicode. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    'kakao',
    'naver',
    'authorization_code',
    'code',
    'S256',
    'plain',
    SSO_CLIENT_ID,
    SSO_CALLBACK,
    REDIRECT,
    STORE,
    'demomall',
    'ko',
    'null',
    'undefined',
    '[object Object]',
    '%zz',
    '\u0000',
    'k'.repeat(16),
    'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  ),
  fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
  fc.integer({ min: 1, max: 5000 }).map((n) => 'x'.repeat(n)),
);

/** JSON values of every type, prototype-shaped objects included. */
const jsonValue = fc.oneof(
  { depthSize: 'small' },
  text,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    { polluted: 'yes' },
    { prototype: { polluted: 'yes' } },
    [],
    null,
    Number.MAX_VALUE,
  ),
);

const entries = (fields: readonly string[]) =>
  fc.array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fields.length ? fc.constantFrom(...fields) : fc.string() },
        { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
      jsonValue,
    ),
    { maxLength: 8 },
  );

/** JSON text written by hand, so `__proto__` and repeated keys reach the server as sent. */
const jsonObjectText = (fields: readonly string[]) =>
  entries(fields).map(
    (pairs) =>
      `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`,
  );

const formText = (fields: readonly string[]) =>
  fc
    .tuple(entries(fields), fc.constantFrom('', '&', '&%E0%A4%A', '&a=%zz', '&&=&'))
    .map(
      ([pairs, tail]) =>
        pairs
          .map(
            ([k, v]) =>
              `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`,
          )
          .join('&') + tail,
    );

const bodyText = (fields: readonly string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: jsonObjectText(fields) },
    { weight: 3, arbitrary: formText(fields) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    // Malformed: random text, and JSON cut short.
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: jsonObjectText(fields).chain((json) =>
        fc.nat({ max: Math.max(0, json.length - 1) }).map((n) => json.slice(0, n)),
      ),
    },
    // Oversized: past every route's limit (4 to 8 KB), up to 200 KB; built when sent, so a
    // counterexample prints as its recipe rather than 200 000 characters.
    {
      weight: 1,
      arbitrary: fc.record({
        start: fc.constantFrom('a', '{"code":"', 'grant_type='),
        repeat: fc.integer({ min: 8_200, max: 200_000 }),
      }),
    },
  );

const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded;charset=UTF-8',
      'text/plain',
      'text/xml',
      'multipart/form-data; boundary=x',
      '',
      ';;;',
    ),
    fc.string({ maxLength: 40 }),
  ),
  { nil: undefined },
);

/** A header value as a client could send it (visible ASCII only, or the Headers class refuses it). */
const headerText = (max = 200) =>
  fc.string({ maxLength: max }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

const headers = fc.record(
  {
    origin: fc.oneof(
      fc.constantFrom(STORE, 'https://m.shop.example.com', 'null', 'https://evil.example', ''),
      headerText(60),
    ),
    authorization: fc.oneof(
      fc.constantFrom(
        basic(SSO_CLIENT_ID, SSO_CLIENT_SECRET),
        basic(SSO_CLIENT_ID, 'wrong'),
        'Basic !!!',
        'Basic ',
        'Bearer ',
        'Bearer made-up-token',
        `Basic ${Buffer.from('no-colon').toString('base64')}`,
      ),
      headerText(100).map((s) => `Bearer ${s}`),
      headerText(100),
    ),
    cookie: fc.oneof(
      headerText(80).map((s) => `sl_sso=${s}`),
      headerText(80),
    ),
    'accept-encoding': fc.oneof(
      fc.constantFrom('br', 'gzip;q=0', '*;q=0, identity;q=0', 'br;q=x'),
      headerText(40),
    ),
    'if-none-match': fc.oneof(fc.constant('*'), headerText(60)),
    'x-forwarded-for': fc.oneof(fc.constantFrom('1.2.3.4, 5.6.7.8', ',,,', '::1'), headerText(60)),
    accept: headerText(40),
    'accept-language': headerText(40),
    'access-control-request-method': fc.constantFrom('POST', 'GET', 'DELETE', 'x'),
    'access-control-request-headers': headerText(60),
  },
  { requiredKeys: [] },
);

/** A query string from the route's own names (and some others), sometimes with broken escapes. */
const queryOf = (fields: readonly string[]) =>
  fc
    .tuple(entries(fields), fc.constantFrom('', '&%zz', '&&', '&=x', '&a=%E0%A4%A'))
    .map(([pairs, tail]) => {
      const query = new URLSearchParams();
      for (const [k, v] of pairs)
        query.append(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
      return `${query}${tail}`;
    });

/** Cafe24's launch query, sometimes signed with the app's real secret so the route goes deeper. */
const launchQuery = fc
  .tuple(queryOf(ENDPOINTS.find((e) => e.path === '/cafe24/launch')?.fields ?? []), fc.boolean())
  .map(([query, sign]) => {
    if (!sign) return query;
    const signed = query.replace(/(^|&)hmac=[^&]*/g, '');
    const hmac = createHmac('sha256', CAFE24_CLIENT_SECRET).update(signed).digest('base64');
    return `${signed}&hmac=${encodeURIComponent(hmac)}`;
  });

/** A body delivered in small pieces with pauses between them, as a slow client sends it. */
function slowStream(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  let at = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (at >= bytes.length) return controller.close();
      const size = Math.max(1, Math.ceil(bytes.length / 5));
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}

// ---- the backend under test ---------------------------------------------------------------

/** Kakao and Naver as they answer a code they never issued; anything else is unreachable. */
const upstreams: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (request.method === 'POST' && `${url.origin}${url.pathname}` === `${KAKAO_AUTH}/oauth/token`)
    return Response.json(
      {
        error: 'invalid_grant',
        error_description: 'authorization code not found',
        error_code: 'KOE320',
      },
      { status: 400 },
    );
  if (`${url.origin}${url.pathname}` === `${NAVER_AUTH}/oauth2.0/token`)
    return Response.json({
      error: 'invalid_request',
      error_description: 'no valid data in session',
    });
  throw new TypeError(`fetch failed: ${request.method} ${url.origin}`);
};

let app: ReturnType<typeof createApp>;
/** The same backend on a real socket, for what only the HTTP layer sees (framing, raw headers). */
let server: RunningServer;
const logs: { level: string; line: string }[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-widget-'));
  const widget = join(dir, 'social-login.js');
  writeFileSync(widget, '(()=>{window.SocialLogin={}})();\n');
  const config = testConfig({
    ...TEST_ENV,
    PUBLIC_URL: ISSUER,
    SSO_CLIENT_ID,
    SSO_CLIENT_SECRET,
    SSO_REDIRECT_URIS: SSO_CALLBACK,
    CAFE24_CLIENT_ID,
    CAFE24_CLIENT_SECRET,
  });
  const deps = (): AppDeps => ({
    fetch: upstreams,
    storage: openSqliteStorage(':memory:'),
    widgetFile: widget,
    rateLimit: false,
    // Not redacted: what reaches the sink is what a log pipeline would get without the safety net.
    logger: createLogger({ level: 'debug', sink: (level, line) => logs.push({ level, line }) }),
  });
  app = createApp(config, deps());
  server = await startServer(config, { port: 0, hostname: '127.0.0.1', deps: deps() });
});
afterAll(() => server?.close());

interface Sent {
  query: string;
  headers: Record<string, string>;
  contentType: string | undefined;
  body: string | { start: string; repeat: number } | undefined;
  slow: boolean;
}

async function send(endpoint: Endpoint, sent: Sent): Promise<Response> {
  const headerList = new Headers(sent.headers);
  if (sent.contentType !== undefined) headerList.set('content-type', sent.contentType);
  const init: RequestInit & { duplex?: 'half' } = { method: endpoint.method, headers: headerList };
  if (sent.body !== undefined && endpoint.method === 'POST') {
    const body =
      typeof sent.body === 'string' ? sent.body : sent.body.start + 'a'.repeat(sent.body.repeat);
    if (sent.slow) {
      init.body = slowStream(body);
      init.duplex = 'half';
    } else init.body = body;
  }
  return app.request(`${endpoint.path}${sent.query ? `?${sent.query}` : ''}`, init);
}

function expectShape(endpoint: Endpoint, res: Response, text: string): void {
  expect(res.status, text).toBeLessThan(500);
  for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
  for (const [, value] of res.headers) {
    for (const secret of SECRET_VALUES) expect(value).not.toContain(secret);
  }
  expect(text).not.toMatch(STACK_FRAME);
  if (endpoint.shape === 'any') return;

  if (endpoint.shape === 'page') {
    if (res.status >= 300 && res.status < 400) {
      const location = new URL(res.headers.get('location') ?? '', ISSUER);
      if (location.href.startsWith(SSO_CALLBACK))
        expect(location.searchParams.get('iss')).toBe(ISSUER);
      return;
    }
    if (res.status >= 400) {
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; /);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    return;
  }
  if (res.status < 400) return;
  const body: unknown = JSON.parse(text);
  if (endpoint.shape === 'api') {
    expect(ErrorBodySchema.safeParse(body).success, text).toBe(true);
    return;
  }
  expect(body).toEqual({ error: expect.any(String), error_description: expect.any(String) });
  expect((body as { error: string }).error).toMatch(
    /^(invalid_request|invalid_client|invalid_grant|unauthorized_client|unsupported_grant_type|invalid_token|temporarily_unavailable)$/,
  );
}

function expectCleanLogs(from: number): void {
  for (const { level, line } of logs.slice(from)) {
    expect(level, line).not.toBe('error');
    for (const secret of SECRET_VALUES) expect(line).not.toContain(secret);
    expect(line).not.toMatch(STACK_FRAME);
  }
}

const RUNS = 50;
// A hang guard for a whole property on a busy 2-core machine, not a timing assertion: the runs are
// counted (numRuns), never timed.
const PROPERTY_LIMIT_MS = 180_000;

describe('fuzzing every endpoint', () => {
  it('covers every route the backend registers', () => {
    const fuzzed = new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`));
    const registered = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) =>
          `${route.method} ${route.path}`.replace(
            /\/:name\{social-login.*\}$/,
            '/social-login.0123456789ab.js',
          ),
        ),
    );
    expect([...registered].filter((route) => !fuzzed.has(route))).toEqual([]);
  });

  for (const endpoint of ENDPOINTS) {
    it(
      `${endpoint.method} ${endpoint.path}: no 5xx, its own shape, nothing secret`,
      async () => {
        const query =
          endpoint.path === '/cafe24/launch'
            ? launchQuery
            : endpoint.method === 'GET'
              ? queryOf(endpoint.fields)
              : fc.constant('');
        const sent = fc.record({
          query,
          headers,
          contentType,
          body:
            endpoint.method === 'POST'
              ? fc.option(bodyText(endpoint.fields), { nil: undefined })
              : fc.constant(undefined),
          slow: fc.boolean(),
        });
        await fc.assert(
          fc.asyncProperty(sent, async (request) => {
            const before = logs.length;
            const res = await send(endpoint, request);
            expectShape(endpoint, res, await res.text());
            expectCleanLogs(before);
            expect(Object.prototype).not.toHaveProperty('polluted');
          }),
          { numRuns: RUNS },
        );
      },
      PROPERTY_LIMIT_MS,
    );
  }

  it('answers an unknown path or method in the /api error shape', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');
    const path = fc.oneof(
      fc.constantFrom(...ENDPOINTS.map((e) => e.path), '/sso', '/cafe24', '/api'),
      fc.webPath(),
    );
    await fc.assert(
      fc.asyncProperty(method, path, async (m, p) => {
        const known = ENDPOINTS.some((e) => e.method === m && e.path === p);
        fc.pre(!known);
        const res = await app.request(p.startsWith('/') ? p : `/${p}`, { method: m });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        expect(text).not.toMatch(STACK_FRAME);
        if (res.status === 404)
          expect(ErrorBodySchema.safeParse(JSON.parse(text)).success).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---- over a real socket ------------------------------------------------------------------

/** How the body is framed on the wire, the broken ways included. */
type Framing = 'length' | 'chunked' | 'bad-chunked' | 'short-length' | 'none';

const rawHeaderLines = fc.array(
  fc.oneof(
    headerText(60).map((value) => `X-Fuzz: ${value}`),
    fc.constantFrom(
      'bad header line',
      ': no name',
      'X-Bad\u007f: x',
      'Content-Length: 1',
      'Content-Length: -1',
      'Content-Length: 99999999999999999999',
      'Transfer-Encoding: gzip',
      'Expect: 100-continue',
      'Origin: null',
      'Authorization: Basic',
    ),
    fc.integer({ min: 8_000, max: 20_000 }).map((n) => `X-Long: ${'y'.repeat(n)}`),
  ),
  { maxLength: 3 },
);

function frame(framing: Framing, body: string): { headers: string[]; payload: string } {
  const length = Buffer.byteLength(body);
  switch (framing) {
    case 'length':
      return { headers: [`Content-Length: ${length}`], payload: body };
    case 'short-length':
      // The rest reaches the server as the start of a next request.
      return { headers: [`Content-Length: ${Math.floor(length / 2)}`], payload: body };
    case 'chunked': {
      const pieces = body
        ? [body.slice(0, Math.ceil(body.length / 2)), body.slice(Math.ceil(body.length / 2))]
        : [];
      const chunks = pieces
        .filter(Boolean)
        .map((piece) => `${Buffer.byteLength(piece).toString(16)}\r\n${piece}\r\n`);
      return { headers: ['Transfer-Encoding: chunked'], payload: `${chunks.join('')}0\r\n\r\n` };
    }
    case 'bad-chunked':
      return { headers: ['Transfer-Encoding: chunked'], payload: `zz\r\n${body}\r\n` };
    case 'none':
      return { headers: [], payload: '' };
  }
}

/** Writes the request (the body in pieces when `slow`) and reads until the server closes. */
function exchangeRaw(head: string, payload: string, slow: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    // PUBLIC_URL names the issuer, not where this test server listens.
    const socket = connect(server.config.port, '127.0.0.1');
    // A hang guard, not a timing assertion: a server that never answers or closes fails here.
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close for: ${head.slice(0, 200)}`));
    }, 20_000);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('close', () => {
      clearTimeout(guard);
      resolve(answer);
    });
    // The server may answer and close before the whole body is sent (a size limit).
    socket.on('error', () => {});
    socket.on('connect', async () => {
      socket.write(head);
      const pieces = slow ? 4 : 1;
      const size = Math.ceil(payload.length / pieces) || 1;
      for (let at = 0; at < payload.length; at += size) {
        if (socket.destroyed) return;
        socket.write(payload.slice(at, at + size));
        if (slow) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
  });
}

describe('fuzzing the HTTP layer over a real socket', () => {
  it(
    'never answers 5xx to broken framing, raw headers or slow bodies, and stays up',
    async () => {
      const request = fc.record({
        endpoint: fc.constantFrom(...ENDPOINTS),
        framing: fc.constantFrom<Framing>(
          'length',
          'chunked',
          'bad-chunked',
          'short-length',
          'none',
        ),
        lines: rawHeaderLines,
        contentType,
        body: bodyText(['code', 'grant_type', 'provider', 'access_token']),
        slow: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const before = logs.length;
          const body =
            typeof r.body === 'string' ? r.body : r.body.start + 'a'.repeat(r.body.repeat);
          const { headers: framingHeaders, payload } =
            r.endpoint.method === 'POST' ? frame(r.framing, body) : frame('none', '');
          const head = [
            `${r.endpoint.method} ${r.endpoint.path} HTTP/1.1`,
            'Host: 127.0.0.1',
            'Connection: close',
            `Origin: ${STORE}`,
            ...(r.contentType ? [`Content-Type: ${r.contentType}`] : []),
            ...r.lines,
            ...framingHeaders,
            '',
            '',
          ].join('\r\n');
          const answer = await exchangeRaw(head, payload, r.slow);
          expect(answer).toMatch(/^HTTP\/1\.1 \d{3} /);
          for (const [, status] of answer.matchAll(/HTTP\/1\.1 (\d{3})/g))
            expect(Number(status), answer.slice(0, 300)).toBeLessThan(500);
          for (const secret of SECRET_VALUES) expect(answer).not.toContain(secret);
          expect(answer).not.toMatch(STACK_FRAME);
          expectCleanLogs(before);
        }),
        { numRuns: 40 },
      );
      const health = await fetch(`http://127.0.0.1:${server.config.port}/healthz`);
      expect(health.status).toBe(200);
    },
    PROPERTY_LIMIT_MS,
  );
});
