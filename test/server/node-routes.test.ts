/**
 * On Node, `GET /healthz` and `POST /api/exchange` are answered before the Hono app's adapter
 * (node-routes.ts); any other target reaches the same endpoint through the app. Whichever way a
 * request goes, the shopper's browser and the operator see the same thing: status, body, headers,
 * the log line and the metrics. Each request below is sent twice over a real socket, once to
 * `/api/exchange` (the Node route) and once to `/api/exchange?via=app` (the app: the query is
 * not part of the route).
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { createMetrics, type Metrics } from '../../src/server/metrics';
import { nodeRoutes } from '../../src/server/node-routes';
import { type RunningServer, startServer } from '../../src/server/serve';
import { exchangeBody, fakeNaver, REDIRECT, STORE, stubFetch, TEST_ENV } from './helpers';

let server: RunningServer;
let metrics: Metrics;
const logs: string[] = [];

beforeAll(async () => {
  const stub = stubFetch();
  fakeNaver(stub);
  metrics = createMetrics();
  server = await startServer(loadConfig({ ...TEST_ENV, PORT: '0', UPSTREAM_TIMEOUT_MS: '60000' }), {
    port: 0,
    hostname: '127.0.0.1',
    deps: {
      fetch: stub.fetch,
      metrics,
      rateLimit: { perMinute: 60_000, burst: 10_000 },
      logger: createLogger({ level: 'info', sink: (_, line) => logs.push(line) }),
    },
  });
});
afterAll(() => server?.close());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request over a raw socket (Connection: close), its answer parsed. */
function send(target: string, lines: string[], payload = ''): Promise<Answer> {
  const { port } = new URL(server.url);
  const head = [
    `${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Connection: close',
    ...lines,
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(head + payload));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [top = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = top.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

/** What a client can tell apart: everything but the date. */
const seen = ({ status, headers, body }: Answer) => {
  const { date: _, ...rest } = headers;
  return { status, headers: rest, body };
};

/** The last log line, without what differs between any two requests (its id, its time). */
function lastRequestLine() {
  const line = logs.findLast((entry) => entry.includes('"msg":"request"')) ?? '{}';
  const { time: _t, requestId: _r, durationMs: _d, ...rest } = JSON.parse(line);
  return rest;
}

const metricsText = () =>
  metrics
    .render()
    .split('\n')
    .filter((line) => !line.startsWith('process_start_time'));

/** Sends the request both ways: the answers, log lines and metric increments must be equal. */
async function bothWays(method: string, path: string, lines: string[], payload = '') {
  const before = metricsText();
  const viaNode = await send(`${method} ${path}`, lines, payload);
  const nodeLine = lastRequestLine();
  const afterNode = metricsText();
  const viaApp = await send(`${method} ${path}?via=app`, lines, payload);
  const appLine = lastRequestLine();
  const afterApp = metricsText();
  return { viaNode, viaApp, nodeLine, appLine, before, afterNode, afterApp };
}

/** Each counter's rise over one request, by series. */
function rise(before: string[], after: string[]) {
  const value = (lines: string[]) =>
    new Map(
      lines
        .filter((line) => !line.startsWith('#') && line.trim())
        .map((line) => {
          const at = line.lastIndexOf(' ');
          return [line.slice(0, at), Number(line.slice(at + 1))] as const;
        }),
    );
  const was = value(before);
  const rises: Record<string, number> = {};
  for (const [series, now] of value(after)) {
    const by = now - (was.get(series) ?? 0);
    if (by && !series.includes('upstream_duration')) rises[series] = by;
  }
  return rises;
}

function expectSame(result: Awaited<ReturnType<typeof bothWays>>) {
  expect(seen(result.viaNode)).toEqual(seen(result.viaApp));
  expect(result.nodeLine).toEqual(result.appLine);
  expect(rise(result.before, result.afterNode)).toEqual(rise(result.afterNode, result.afterApp));
}

const json = 'Content-Type: application/json';
const origin = `Origin: ${STORE}`;

describe('GET /healthz', () => {
  it('answers {ok:true} the same way, logged and counted the same', async () => {
    expectSame(await bothWays('GET', '/healthz', []));
  });
});

describe('POST /api/exchange through the Node route and through the app', () => {
  it('answers a login the same: 200, no-store, CORS for the store', async () => {
    const body = JSON.stringify(exchangeBody({ provider: 'naver', nonce: undefined }));
    const result = await bothWays(
      'POST',
      '/api/exchange',
      [origin, json, `Content-Length: ${Buffer.byteLength(body)}`],
      body,
    );
    expect(result.viaNode.status).toBe(200);
    expect(result.viaNode.headers['cache-control']).toBe('no-store');
    expect(result.viaNode.headers['access-control-allow-origin']).toBe(STORE);
    // The second login of the same shopper finds the member the first one made.
    const first = JSON.parse(result.viaNode.body);
    const second = JSON.parse(result.viaApp.body);
    expect(second).toEqual({ ...first, member: { status: 'existing' } });
    const { 'content-length': _n, ...nodeHeaders } = seen(result.viaNode).headers;
    const { 'content-length': _a, ...appHeaders } = seen(result.viaApp).headers;
    expect(nodeHeaders).toEqual(appHeaders);
    expect(result.nodeLine).toEqual(result.appLine);
  });

  it('refuses every malformed, foreign or oversized request the same way', async () => {
    const origins = fc.constantFrom(
      origin,
      'Origin: https://elsewhere.example',
      'Origin: null',
      undefined,
    );
    const contentTypes = fc.constantFrom(
      json,
      'Content-Type: application/json; charset=utf-8',
      'Content-Type: text/plain',
      undefined,
    );
    const bodies = fc.oneof(
      fc.constant(JSON.stringify({ provider: 'naver' })),
      fc.constant(`\uFEFF${JSON.stringify({ provider: 'kakao', code: 'c' })}`),
      fc.constant('{"provider":'),
      fc.constant('[]'),
      fc.constant(''),
      fc.constant(JSON.stringify(exchangeBody({ provider: 'line' }))),
      fc.constant(JSON.stringify(exchangeBody({ redirectUri: 'https://elsewhere.example/' }))),
      fc.constant(JSON.stringify({ ...exchangeBody(), code: 'x'.repeat(9000) })),
      fc.json({ maxDepth: 2 }),
    );
    const framings = fc.constantFrom('length', 'chunked', 'none');
    const requestIds = fc.constantFrom(undefined, 'X-Request-ID: lb-1234', 'X-Request-ID: not ok!');
    await fc.assert(
      fc.asyncProperty(
        origins,
        contentTypes,
        bodies,
        framings,
        requestIds,
        async (from, type, body, framing, requestId) => {
          const bytes = Buffer.byteLength(body);
          const framingLines =
            framing === 'length'
              ? [`Content-Length: ${bytes}`]
              : framing === 'chunked'
                ? ['Transfer-Encoding: chunked']
                : [];
          const payload =
            framing === 'length'
              ? body
              : framing === 'chunked'
                ? `${bytes ? `${bytes.toString(16)}\r\n${body}\r\n` : ''}0\r\n\r\n`
                : '';
          const lines = [from, type, requestId, ...framingLines].filter(
            (line): line is string => line !== undefined,
          );
          const result = await bothWays('POST', '/api/exchange', lines, payload);
          expect(result.viaNode.status).toBeGreaterThanOrEqual(400);
          expectSame(result);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('leaves anything else to the app: another method, a target or Host it does not know', async () => {
    const other = await send('PUT /api/exchange', [origin]);
    expect(other.status).toBe(404);
    const head = await send('HEAD /healthz', []);
    expect(head.status).toBe(200);
    // A redirect page's address is not a target the route knows; the app answers it.
    const absolute = await send(`POST ${REDIRECT}`, [origin, json, 'Content-Length: 2'], '{}');
    expect(absolute.status).toBe(404);
  });

  it('leaves a request with no Host or a Host it does not take to the app, whatever came before', () => {
    const routes = nodeRoutes({
      exchange: () => Promise.reject(new Error('not for these requests')),
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
    });
    const answered: number[] = [];
    const res = { writeHead: (status: number) => answered.push(status), end: () => {} };
    const probe = (host: string | undefined) =>
      routes(
        {
          url: '/healthz',
          method: 'GET',
          headers: host === undefined ? {} : { host },
          rawHeaders: host === undefined ? [] : ['Host', host],
        } as never,
        res as never,
      );
    const hosts = [undefined, 'shop.example.com', undefined, 'Shop.Example.com', 'a b'];
    expect(hosts.map(probe)).toEqual([false, true, false, false, false]);
    expect(probe('shop.example.com')).toBe(true);
    expect(answered).toEqual([200, 200]);
  });
});
