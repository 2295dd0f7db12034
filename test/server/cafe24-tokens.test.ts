/**
 * Rotation-safe refresh, for real: Cafe24 rotates the refresh token on every use and keeps only
 * the newest valid (seed 003), so a refresh that is done twice, or whose answer is lost, strands
 * the mall. N concurrent calls with a stale token → one refresh; several processes at once → one
 * refresh; a process SIGKILLed mid-refresh → the next process still works.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { CAFE24_MIGRATIONS, createTokenStore } from '../../src/server/cafe24/token-store';
import { subjectFor } from '../../src/server/members';
import type { RunningServer } from '../../src/server/serve';
import { migrate, openDatabase } from '../../src/server/storage/database';
import { installApp, MALL, STORE, startCafe24Server, tempDatabase } from './cafe24-helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(import.meta.dirname, 'fixtures', 'cafe24-refresh-child.ts');

let server: RunningServer;
const started = new Set<ChildProcess>();
const database = tempDatabase();
const db = openDatabase(database.url);
migrate(db, CAFE24_MIGRATIONS);
const store = createTokenStore(db);

const standIn = () => {
  if (!server.sandbox) throw new Error('no sandbox');
  return server.sandbox.cafe24Api;
};
const refreshes = () => standIn().mall(MALL).stats.refreshGrants;

/** Both sides agree the access token is dead: Cafe24 expired it, our row says so too. */
function makeStale(): void {
  standIn().expireAccessTokens(MALL);
  db.prepare('UPDATE cafe24_tokens SET access_expires_at = 0 WHERE mall_id = ?').run(MALL);
}

function child(pause: 'none' | 'afterLease' | 'afterCommit'): {
  proc: ChildProcess;
  line: Promise<string>;
} {
  // One process (node with tsx's loader), so its pid is the one in the lease and SIGKILL hits it.
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, database.url, server.config.cafe24.apiUrl, MALL, pause],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started.add(proc);
  let err = '';
  proc.stderr?.on('data', (chunk) => (err += chunk));
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk) => {
      out += chunk;
      const first = out.split('\n')[0];
      if (out.includes('\n') && first) resolve(first);
    });
    proc.on('exit', (code) =>
      out.includes('\n') ? undefined : reject(new Error(`child exited ${code}: ${err}`)),
    );
  });
  return { proc, line };
}

async function killAt(pause: 'afterLease' | 'afterCommit'): Promise<number | undefined> {
  const { proc, line } = child(pause);
  expect(await line).toBe('PAUSED');
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
  return proc.pid;
}

beforeAll(async () => {
  server = await startCafe24Server({ databaseUrl: database.url });
  expect((await installApp(server)).status).toBe(200);
}, 30_000);
afterAll(async () => {
  for (const proc of started) if (proc.exitCode === null) proc.kill('SIGKILL');
  db.close();
  await server?.close();
});

describe('refreshing a stale access token', () => {
  it('makes exactly one refresh for ten concurrent welcome requests', async () => {
    const code = await server.sandbox?.issueCode('naver', {
      redirectUri: `${STORE}/member/login.html`,
    });
    const exchanged = await fetch(`${server.url}/api/exchange`, {
      method: 'POST',
      headers: { origin: STORE, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'naver',
        code,
        state: 'c3RhdGUtc3RhdGUtc3RhdA',
        redirectUri: `${STORE}/member/login.html`,
      }),
    }).then((r) => r.json());
    const memberId = `${subjectFor({ naver: SANDBOX_CREDENTIALS.naverClientId }, exchanged.user)}@s`;
    standIn().seedMember(MALL, { member_id: memberId, name: '박지우', available_points: 700 });
    makeStale();
    const before = refreshes();

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${server.url}/api/welcome`, {
          method: 'POST',
          headers: { origin: STORE, 'content-type': 'application/json' },
          body: JSON.stringify({ pass: exchanged.welcome }),
        }).then((r) => r.json()),
      ),
    );
    expect(answers.map((a) => [a.points, a.coupons])).toEqual(Array(10).fill([700, []]));
    expect(refreshes() - before).toBe(1);
    expect(store.read(MALL)?.accessExpiresAt).toBeGreaterThan(Date.now());
  });

  it('makes exactly one refresh when three processes find the token stale at once', async () => {
    makeStale();
    const before = refreshes();
    const lines = await Promise.all(
      [child('none'), child('none'), child('none')].map((c) => c.line),
    );
    expect(lines).toEqual(['OK 1', 'OK 1', 'OK 1']);
    expect(refreshes() - before).toBe(1);
  }, 30_000);
});

describe('a process killed in the middle of a refresh', () => {
  it('loses nothing when killed right after the rotated tokens were committed', async () => {
    makeStale();
    const before = refreshes();
    const version = store.read(MALL)?.version ?? 0;
    await killAt('afterCommit');
    // Cafe24 rotated once and the newest refresh token is on disk, not in the dead process.
    expect(refreshes() - before).toBe(1);
    expect(store.read(MALL)?.version).toBe(version + 1);

    const next = child('none');
    expect(await next.line).toBe('OK 1');
    expect(refreshes() - before).toBe(1); // the committed access token was simply used
  }, 30_000);

  it('lets the next process take over a lease whose owner died before refreshing', async () => {
    makeStale();
    const before = refreshes();
    const pid = await killAt('afterLease');
    expect(store.read(MALL)?.leaseOwner).toContain(`:${pid}:`); // still held, by a dead process
    expect(refreshes() - before).toBe(0);

    const next = child('none');
    expect(await next.line).toBe('OK 1');
    expect(refreshes() - before).toBe(1);
    expect(store.read(MALL)?.leaseOwner).toBeNull();
  }, 30_000);

  it('keeps working in the server process after all of that', async () => {
    makeStale();
    const res = await fetch(`${server.url}/cafe24/widget.js?mall_id=${MALL}`);
    expect(res.status).toBe(200);
    const row = store.read(MALL);
    expect(row?.refreshToken).toBe(standIn().mall(MALL).refresh?.token);
  });
});
