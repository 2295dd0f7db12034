/**
 * `npm run bench:storage`: what the storage costs a login, on SQLite (file, WAL, synchronous=FULL)
 * and on PostgreSQL, and what a rate-limit check costs in memory, SQLite, PostgreSQL and Redis.
 * A login's storage work is: link the member, issue the ticket, take it at /sso/handoff, issue
 * and take the browser grant and the code, issue the access token, read it at /sso/userinfo.
 * 20 logins run at once, as from 20 shoppers. Numbers are printed, never asserted.
 * BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) and BENCH_REDIS
 * (default 127.0.0.1:6379); a backend that is not running is skipped with a note.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStorage, type Storage } from '../src/server/storage/index';
import { type BucketStore, memoryBuckets, sqlBuckets } from '../src/server/storage/rate';

const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const [REDIS_HOST = '127.0.0.1', REDIS_PORT = '6379'] = (
  process.env.BENCH_REDIS ?? '127.0.0.1:6379'
).split(':');
const LOGINS = 400;
const CHECKS = 2000;
const CONCURRENCY = 20;

async function pool(count: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await fn(next++);
    }),
  );
  return performance.now() - started;
}

async function login(storage: Storage, i: number): Promise<void> {
  const expires = Date.now() + 120_000;
  const subject = `bench${i}`;
  await storage.members.tombstone(subject);
  await storage.members.link({
    subject,
    provider: 'kakao',
    appId: 'bench',
    providerUserId: `${i}`,
  });
  const ticket = await storage.grants.issue('ticket', { subject }, expires);
  await storage.grants.take('ticket', ticket);
  const browser = await storage.grants.issue('browser', { subject }, expires);
  await storage.grants.take('browser', browser);
  const code = await storage.grants.issue('code', { subject }, expires);
  await storage.grants.take('code', code);
  const access = await storage.grants.issue('access', { subject }, expires);
  await storage.grants.peek('access', access);
}

const rate = (count: number, ms: number) => `${Math.round((count / ms) * 1000)}/s`;

/** The Redis side: a token bucket in one Lua script over RESP, no client library. */
function redisBuckets(socket: Socket): BucketStore {
  const script = `local b = redis.call('HMGET', KEYS[1], 't', 'a')
local burst, now, ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = tonumber(b[1]) or burst
local a = tonumber(b[2]) or now
t = math.min(burst, t + math.max(0, now - a) / ms)
if t < 1 then return 0 end
redis.call('HSET', KEYS[1], 't', t - 1, 'a', math.max(now, a))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * ms))
return 1`;
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      waiting.shift()?.(line);
    }
  });
  const command = (...args: string[]) =>
    new Promise<string>((resolve) => {
      waiting.push(resolve);
      socket.write(
        `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
      );
    });
  return {
    async take(limiter, client, at, rule) {
      const ms = String(60_000 / rule.perMinute);
      const reply = await command(
        'EVAL',
        script,
        '1',
        `rl:${limiter}:${client}`,
        String(rule.burst),
        String(at),
        ms,
      );
      return reply === ':1' ? { ok: true } : { ok: false, retryAfter: 1 };
    },
  };
}

async function reachable(check: () => Promise<unknown>, what: string): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    console.log(`${what}: skipped (${error instanceof Error ? error.message : error})`);
    return false;
  }
}

async function benchBuckets(name: string, store: BucketStore): Promise<void> {
  const rule = { perMinute: 1e9, burst: 1e9 };
  const ms = await pool(CHECKS, (i) =>
    store.take('bench', `client-${i % 200}`, Date.now(), rule).then(() => {}),
  );
  console.log(
    `rate-limit check, ${name}: ${rate(CHECKS, ms)} (${(ms / CHECKS).toFixed(3)} ms each at ${CONCURRENCY} at once)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'bench-storage-'));
const schema = `bench_${process.pid}`;
const admin = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 3000 });
const postgres = await reachable(() => admin.connect(), 'PostgreSQL');
if (postgres) await admin.query(`CREATE SCHEMA ${schema}`);
const pgUrl = `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

try {
  const backends: [string, string][] = [
    ['SQLite (file, WAL, FULL)', `file:${join(dir, 'bench.sqlite')}`],
  ];
  if (postgres) backends.push(['PostgreSQL', pgUrl]);
  for (const [name, url] of backends) {
    const storage = await openStorage(url);
    await pool(40, (i) => login(storage, 1e6 + i)); // warm up
    const ms = await pool(LOGINS, (i) => login(storage, i));
    console.log(
      `logins' storage work, ${name}: ${rate(LOGINS, ms)} (${(ms / LOGINS).toFixed(2)} ms each at ${CONCURRENCY} at once)`,
    );
    await benchBuckets(name, sqlBuckets(storage.sql));
    await storage.close();
  }
  await benchBuckets('memory (one process)', memoryBuckets());
  const socket = connect(Number(REDIS_PORT), REDIS_HOST);
  if (
    await reachable(
      () => new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject)),
      'Redis',
    )
  ) {
    await benchBuckets('Redis (EVAL, one connection)', redisBuckets(socket));
  }
  socket.destroy();
} finally {
  if (postgres) {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
  rmSync(dir, { recursive: true, force: true });
}
