/**
 * One process under load, started by backend.ts (`fork`, so the load generator and the server do
 * not share an event loop; compiled first, compile.ts): `upstream` (Naver's token and profile
 * endpoints answering at once), `product` (the backend as `node dist/server/main.js` runs it, logging each request as in
 * production, rate limit off: every request comes from one address), or `bare` (a plain node:http
 * server doing the same work: check origin, parse and validate the JSON body, the same two
 * upstream calls, one SQLite insert, and answer the same JSON with the same headers). It sends
 * `{url}` once listening and answers `memory` with its memory after a full GC.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'libsql';
import { loadConfig } from '../../src/server/config.ts';
import { startServer } from '../../src/server/serve.ts';

export const BENCH_ORIGIN = 'http://shop.bench.test';
export const BENCH_CLIENT = { id: 'bench-client', secret: 'bench-secret-not-a-real-one' };

const mode = process.argv[2];
const upstreamUrl = process.env.BENCH_UPSTREAM_URL ?? '';

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

let served = 0;
const id = Math.random().toString(36).slice(2, 8);

/** Naver's endpoints (developers.naver.com/docs/login/api/api.md), answering at once. */
async function upstream(req: IncomingMessage, res: ServerResponse) {
  await readBody(req);
  if (req.url === '/oauth2.0/token')
    return json(res, 200, {
      access_token: `at-${++served}`,
      token_type: 'bearer',
      expires_in: '3600',
    });
  if (req.url === '/v1/nid/me')
    return json(res, 200, {
      resultcode: '00',
      message: 'success',
      response: { id: `${id}-${++served}`, name: 'Bench Shopper' },
    });
  json(res, 404, {});
}

const db = mode === 'bare' ? new Database(':memory:') : undefined;
db?.exec('CREATE TABLE members (subject TEXT PRIMARY KEY, provider TEXT, created_at INTEGER)');
const insert = db?.prepare('INSERT OR IGNORE INTO members VALUES (?, ?, ?)');

const isText = (value: unknown) => typeof value === 'string' && value.length > 0;

/** What the exchange requires, in the order the product names missing ones. */
const REQUIRED = ['provider', 'code', 'state', 'redirectUri'] as const;

/** The same work as the product's routes, by hand, answering the same JSON with the same headers. */
async function bare(req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'GET' && req.url === '/healthz') return json(res, 200, { ok: true });
  if (req.method !== 'POST' || req.url !== '/api/exchange') return json(res, 404, {});
  if (req.headers.origin !== BENCH_ORIGIN)
    return json(res, 403, { error: 'origin_not_allowed' }, { vary: 'Origin' });
  // The page of an allowed origin may read the answer (CORS), which varies with Origin.
  const cors = { 'access-control-allow-origin': BENCH_ORIGIN, vary: 'Origin' };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return json(
      res,
      400,
      { error: { code: 'invalid_request', message: 'body must be JSON' } },
      cors,
    );
  }
  const problems = REQUIRED.filter((field) => !isText(body[field])).map(
    (field) => `"${field}" ${field in body ? 'is invalid' : 'is required'}`,
  );
  const valid =
    (body.provider === 'naver' || body.provider === 'kakao') &&
    String(body.redirectUri).startsWith(`${BENCH_ORIGIN}/`);
  if (problems.length || !valid)
    return json(
      res,
      400,
      { error: { code: 'invalid_request', message: problems.join('; ') || 'invalid' } },
      cors,
    );
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: BENCH_CLIENT.id,
    client_secret: BENCH_CLIENT.secret,
    code: String(body.code),
    state: String(body.state),
  });
  const token = (await (
    await fetch(`${upstreamUrl}/oauth2.0/token`, { method: 'POST', body: form })
  ).json()) as { access_token: string };
  const me = (await (
    await fetch(`${upstreamUrl}/v1/nid/me`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    })
  ).json()) as { response: { id: string; name: string } };
  const changes = insert?.run(`naver:${me.response.id}`, 'naver', Date.now()).changes;
  json(
    res,
    200,
    {
      provider: 'naver',
      user: {
        id: `naver:${me.response.id}`,
        providerUserId: me.response.id,
        name: me.response.name,
      },
      member: { status: changes ? 'new' : 'existing' },
    },
    { ...cors, 'cache-control': 'no-store' },
  );
}

async function listen(handler: typeof bare): Promise<string> {
  const server = createServer((req, res) => {
    handler(req, res).catch(() => json(res, 502, { error: 'upstream_error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function product(): Promise<string> {
  const config = loadConfig({
    PORT: '0',
    SANDBOX: '0',
    ALLOWED_ORIGINS: BENCH_ORIGIN,
    SESSION_SECRET: 'bench-session-secret-of-at-least-32-bytes',
    NAVER_CLIENT_ID: BENCH_CLIENT.id,
    NAVER_CLIENT_SECRET: BENCH_CLIENT.secret,
    NAVER_AUTH_URL: upstreamUrl,
    NAVER_API_URL: upstreamUrl,
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? ':memory:',
    // As in production: one JSON line per request (to /dev/null here, processes.ts).
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  });
  const server = await startServer(config, { port: 0, deps: { rateLimit: false } });
  return server.url;
}

async function main() {
  const url =
    mode === 'upstream'
      ? await listen(upstream)
      : mode === 'bare'
        ? await listen(bare)
        : await product();
  process.on('message', (message) => {
    if (message !== 'memory') return;
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ rss, heapUsed });
  });
  process.send?.({ url });
}

main().catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
