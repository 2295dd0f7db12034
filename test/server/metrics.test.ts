/**
 * What an operator sees (docs/operations.md): GET /metrics over real HTTP in Prometheus' text
 * format, behind METRICS_TOKEN, moving as shoppers log in through the sandbox; and the log lines,
 * one JSON object each with no secret in them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, devConfig, startDevServer } from '../../scripts/dev-server';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { createApp } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { NONCE, STATE } from './helpers';

const STORE = 'http://localhost:5173';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';
const SESSION_SECRET = 'session-secret-for-metrics-tests-0123456789';

let server: DevServer;
const logs: string[] = [];
const codes: string[] = [];

beforeAll(async () => {
  const config = devConfig(
    { SANDBOX: '1', PORT: '0', ALLOWED_ORIGINS: STORE, METRICS_TOKEN, SESSION_SECRET },
    () => {},
  );
  server = await startDevServer(config, {
    port: 0,
    deps: {
      rateLimit: { perMinute: 6000, burst: 1000 },
      logger: createLogger({
        level: 'debug',
        secrets: [METRICS_TOKEN, SESSION_SECRET],
        sink: (_, line) => logs.push(line),
      }),
    },
    sandbox: {
      kakao: { redirectUris: [LOGIN_PAGE] },
      naver: { callbackUrls: [LOGIN_PAGE] },
    },
  });
}, 60_000);

afterAll(() => server?.close());

const scrape = (token: string | null = METRICS_TOKEN) =>
  fetch(`${server.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

async function login(provider: 'kakao' | 'naver'): Promise<Response> {
  if (!server.sandbox) throw new Error('the sandbox is not mounted');
  const code = await server.sandbox.issueCode(provider, {
    redirectUri: LOGIN_PAGE,
    state: STATE,
    nonce: NONCE,
    shopper: {},
  });
  codes.push(code);
  return exchange({ provider, code, state: STATE, redirectUri: LOGIN_PAGE, nonce: NONCE });
}

const exchange = (body: unknown) =>
  fetch(`${server.url}/api/exchange`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text format, strictly: every line a comment (HELP, TYPE) or `name{labels} value`. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    const type =
      /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type?.[1] && type[2]) {
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|\+Inf|NaN)$/.exec(line);
    expect(sample, `a sample line: ${line}`).not.toBeNull();
    if (!sample?.[1] || !sample[3]) continue;
    const labels: Record<string, string> = {};
    const pairs = sample[2] ?? '';
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;
    for (let match = pair.exec(pairs); match; match = pair.exec(pairs))
      if (match[1]) labels[match[1]] = (match[2] ?? '').replace(/\\(.)/g, '$1');
    expect(pair.lastIndex === 0 || pair.lastIndex === pairs.length).toBe(true);
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { samples, types };
}

async function metricsNow() {
  const res = await scrape();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await res.text());
}

const sumOf = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples
    .filter((s) => s.name === name)
    .filter((s) => Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);

describe('GET /metrics', () => {
  it('asks for the bearer token: none or a wrong one is 401 with WWW-Authenticate', async () => {
    for (const res of [
      await scrape(null),
      await scrape('not-the-token'),
      await scrape(`${METRICS_TOKEN}x`),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await res.text()).not.toContain(METRICS_TOKEN);
    }
  });

  it('does not exist without METRICS_TOKEN', async () => {
    const app = createApp(
      devConfig({ SANDBOX: '1', ALLOWED_ORIGINS: STORE }, () => {}),
      {
        logger: createLogger({ level: 'silent' }),
      },
    );
    const res = await app.request('/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('counts logins by provider and outcome, errors, upstream calls and requests', async () => {
    const before = (await metricsNow()).samples;
    expect((await login('kakao')).status).toBe(200);
    expect((await login('naver')).status).toBe(200);
    expect((await exchange({ provider: 'kakao' })).status).toBe(400);
    const replayed = await exchange({
      provider: 'naver',
      code: codes.at(-1),
      state: STATE,
      redirectUri: LOGIN_PAGE,
    });
    expect(replayed.status).toBe(400);

    const { samples, types } = await metricsNow();
    const moved = (name: string, labels: Record<string, string>) =>
      sumOf(samples, name, labels) - sumOf(before, name, labels);
    expect(moved('social_login_logins_total', { provider: 'kakao', outcome: 'success' })).toBe(1);
    expect(moved('social_login_logins_total', { provider: 'naver', outcome: 'success' })).toBe(1);
    expect(
      // A body that does not parse names no provider it can be counted under.
      moved('social_login_logins_total', { provider: 'unknown', outcome: 'invalid_request' }),
    ).toBe(1);
    expect(
      moved('social_login_logins_total', { provider: 'naver', outcome: 'invalid_grant' }),
    ).toBe(1);
    expect(moved('social_login_errors_total', { code: 'invalid_request' })).toBe(1);
    expect(moved('social_login_errors_total', { code: 'invalid_grant' })).toBe(1);
    expect(
      moved('social_login_http_requests_total', { route: '/api/exchange', status: '200' }),
    ).toBe(2);
    // Kakao: token then profile; Naver: token, profile, then the replayed code's token call.
    for (const [provider, endpoint, calls] of [
      ['kakao', 'token', 1],
      ['kakao', 'profile', 1],
      ['naver', 'token', 2],
      ['naver', 'profile', 1],
    ] as const)
      expect(
        moved('social_login_upstream_duration_seconds_count', { provider, endpoint }),
        `${provider} ${endpoint}`,
      ).toBe(calls);
    expect(types.get('social_login_upstream_duration_seconds')).toBe('histogram');
    expect(types.get('social_login_logins_total')).toBe('counter');
    // Buckets are cumulative and end with +Inf, equal to the count.
    const buckets = samples.filter(
      (s) =>
        s.name === 'social_login_upstream_duration_seconds_bucket' &&
        s.labels.provider === 'kakao' &&
        s.labels.endpoint === 'token',
    );
    const counts = buckets.map((s) => s.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(buckets.at(-1)?.labels.le).toBe('+Inf');
    expect(buckets.at(-1)?.value).toBe(
      sumOf(samples, 'social_login_upstream_duration_seconds_count', {
        provider: 'kakao',
        endpoint: 'token',
      }),
    );
  });

  it('counts rate-limit refusals by route', async () => {
    const app = createApp(
      devConfig({ SANDBOX: '1', ALLOWED_ORIGINS: STORE, METRICS_TOKEN }, () => {}),
      {
        logger: createLogger({ level: 'silent' }),
        rateLimit: { perMinute: 1, burst: 1 },
      },
    );
    const post = () =>
      app.request('/api/exchange', {
        method: 'POST',
        headers: { origin: STORE, 'content-type': 'application/json' },
        body: '{}',
      });
    expect((await post()).status).toBe(400);
    expect((await post()).status).toBe(429);
    const res = await app.request('/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const { samples } = parseExposition(await res.text());
    expect(sumOf(samples, 'social_login_rate_limited_total', { route: '/api/exchange' })).toBe(1);
    expect(
      sumOf(samples, 'social_login_logins_total', {
        provider: 'unknown',
        outcome: 'rate_limited',
      }),
    ).toBe(1);
  });
});

describe('log lines', () => {
  it('are one JSON object each, with stable fields and no secret, token or code', async () => {
    await login('kakao');
    expect(logs.length).toBeGreaterThan(3);
    const entries = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(typeof entry.time).toBe('string');
      expect(Number.isNaN(Date.parse(String(entry.time)))).toBe(false);
      expect(['debug', 'info', 'warn', 'error']).toContain(entry.level);
      expect(typeof entry.msg).toBe('string');
    }
    const requests = entries.filter((entry) => entry.msg === 'request');
    expect(requests).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        route: '/api/exchange',
        status: 200,
        provider: 'kakao',
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        durationMs: expect.any(Number),
      }),
    );
    expect(requests).toContainEqual(
      expect.objectContaining({ route: '/api/exchange', status: 400, code: 'invalid_request' }),
    );
    const everything = logs.join('\n');
    for (const secret of [
      METRICS_TOKEN,
      SESSION_SECRET,
      SANDBOX_CREDENTIALS.kakaoClientSecret,
      SANDBOX_CREDENTIALS.naverClientSecret,
      ...codes,
    ])
      expect(everything).not.toContain(secret);
  });

  it("keeps a proxy's request id", async () => {
    await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'lb-4f2a9c' } });
    await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'not a "safe" id' } });
    const requests = logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.route === '/healthz');
    expect(requests.map((entry) => entry.requestId)).toContain('lb-4f2a9c');
    expect(requests.map((entry) => entry.requestId)).not.toContain('not a "safe" id');
  });
});
