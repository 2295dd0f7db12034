/**
 * Rotation-safe refresh, for real: Cafe24 rotates the refresh token on every use and keeps only
 * the newest valid (Cafe24's OAuth 2.0 guide), so a refresh that is done twice, or whose answer is lost, strands
 * the mall. N concurrent calls with a stale token → one refresh; several processes at once → one
 * refresh; a process SIGKILLed before the request or after the commit → the next process still
 * works; SIGKILLed after Cafe24 rotated but before the answer was persisted → the next process
 * reports "needs re-authorisation", and opening the app from the store admin installs it again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { tokenSealer } from '../../src/server/cafe24/sealed';
import { createTokenStore } from '../../src/server/cafe24/token-store';
import { subjectFor } from '../../src/server/members';
import { openDatabase } from '../../src/server/storage/index';
import {
  installApp,
  MALL,
  SESSION_SECRET,
  STORE,
  startCafe24Server,
  tempDatabase,
} from './cafe24-helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(import.meta.dirname, 'fixtures', 'cafe24-refresh-child.ts');

let server: DevServer;
const started = new Set<ChildProcess>();
const database = tempDatabase();
const db = openDatabase(database.url);
const store = createTokenStore(db, tokenSealer(SESSION_SECRET));

const standIn = () => {
  if (!server.sandbox) throw new Error('no sandbox');
  return server.sandbox.cafe24Api;
};
const refreshes = () => standIn().mall(MALL).stats.refreshGrants;

/** Both sides agree the access token is dead: Cafe24 expired it, our row says so too. */
async function makeStale(): Promise<void> {
  standIn().expireAccessTokens(MALL);
  await db.run('UPDATE cafe24_tokens SET access_expires_at = 0 WHERE mall_id = ?', [MALL]);
}

type Pause = 'none' | 'afterLease' | 'afterResponse' | 'afterCommit';

function child(pause: Pause): {
  proc: ChildProcess;
  line: Promise<string>;
} {
  // One process (node with tsx's loader), so its pid is the one in the lease and SIGKILL hits it.
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CHILD,
      database.url,
      server.config.cafe24.apiUrl,
      MALL,
      pause,
      SESSION_SECRET,
    ],
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

async function killAt(pause: Exclude<Pause, 'none'>): Promise<number | undefined> {
  const { proc, line } = child(pause);
  expect(await line).toBe('PAUSED');
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
  return proc.pid;
}

const welcome = (pass: string) =>
  fetch(`${server.url}/api/welcome`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify({ pass }),
  });

/** A login of the same shopper: each answers a fresh welcome pass (a pass is traded once). */
async function mint(): Promise<string> {
  const redirectUri = `${STORE}/member/login.html`;
  const code = await server.sandbox?.issueCode('naver', { redirectUri });
  const body = await fetch(`${server.url}/api/exchange`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'naver', code, state: 'c3RhdGUtc3RhdGUtc3RhdA', redirectUri }),
  }).then((r) => r.json());
  return body.welcome;
}

beforeAll(async () => {
  server = await startCafe24Server({ databaseUrl: database.url });
  expect((await installApp(server)).status).toBe(200);
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
});
afterAll(async () => {
  for (const proc of started) if (proc.exitCode === null) proc.kill('SIGKILL');
  await db.close();
  await server?.close();
});

describe('refreshing a stale access token', () => {
  it('makes exactly one refresh for ten concurrent welcome requests', async () => {
    const passes: string[] = [];
    for (let i = 0; i < 10; i++) passes.push(await mint());
    await makeStale();
    const before = refreshes();

    const answers = await Promise.all(passes.map((pass) => welcome(pass).then((r) => r.json())));
    expect(answers.map((a) => [a.points, a.coupons])).toEqual(Array(10).fill([700, []]));
    expect(refreshes() - before).toBe(1);
    expect((await store.read(MALL))?.accessExpiresAt).toBeGreaterThan(Date.now());
  });

  it('makes exactly one refresh when three processes find the token stale at once', async () => {
    await makeStale();
    const before = refreshes();
    const lines = await Promise.all(
      [child('none'), child('none'), child('none')].map((c) => c.line),
    );
    expect(lines).toEqual(['OK 1', 'OK 1', 'OK 1']);
    expect(refreshes() - before).toBe(1);
  });
});

describe('a process killed in the middle of a refresh', () => {
  it('loses nothing when killed right after the rotated tokens were committed', async () => {
    await makeStale();
    const before = refreshes();
    const version = (await store.read(MALL))?.version ?? 0;
    await killAt('afterCommit');
    // Cafe24 rotated once and the newest refresh token is on disk, not in the dead process.
    expect(refreshes() - before).toBe(1);
    expect((await store.read(MALL))?.version).toBe(version + 1);

    const next = child('none');
    expect(await next.line).toBe('OK 1');
    expect(refreshes() - before).toBe(1); // the committed access token was simply used
  });

  it('loses nothing when killed after the in-flight marker was written, before the request', async () => {
    await makeStale();
    const before = refreshes();
    const pid = await killAt('afterLease');
    expect((await store.read(MALL))?.leaseOwner).toContain(`:${pid}:`); // still held, by a dead process
    expect((await store.read(MALL))?.refreshStartedAt).not.toBeNull(); // "a refresh is in flight"
    expect(refreshes() - before).toBe(0);

    const next = child('none');
    expect(await next.line).toBe('OK 1');
    expect(refreshes() - before).toBe(1); // the old refresh token still worked: it never left
    expect((await store.read(MALL))?.leaseOwner).toBeNull();
    expect((await store.read(MALL))?.refreshStartedAt).toBeNull();
  });

  it('reports "needs re-authorisation" when killed after Cafe24 rotated but before the new token was persisted; opening the app installs it again', async () => {
    await makeStale();
    const before = refreshes();
    await killAt('afterResponse');
    expect(refreshes() - before).toBe(1); // Cafe24 rotated: the only valid token died with the process
    expect((await store.read(MALL))?.refreshToken).not.toBe(standIn().mall(MALL).refresh?.token);

    const next = child('none');
    expect(await next.line).toBe(
      `ERR the Cafe24 app on mall "${MALL}" needs re-authorisation: Cafe24 no longer accepts its tokens. Open the app from the store admin (Apps › My apps) to authorise it again`,
    );
    expect((await store.read(MALL))?.needsReauth).toBe(true);
    // The server process refuses too, with the same message, and without calling Cafe24 again.
    const pass = await mint(); // a login still works: the deleted-member check fails open
    const refused = await welcome(pass);
    expect(refused.status).toBe(502);
    expect((await refused.json()).error.message).toMatch(/needs re-authorisation/);

    // The merchant opens the app from the store admin: launch runs OAuth again.
    expect((await installApp(server)).status).toBe(200);
    expect((await store.read(MALL))?.needsReauth).toBe(false);
    const res = await welcome(pass); // the refused trade did not use the pass up
    expect(res.status).toBe(200);
    expect((await res.json()).points).toBe(700);
    expect(standIn().mall(MALL).scripttags).toHaveLength(1);
  });

  it('keeps working in the server process after all of that', async () => {
    await makeStale();
    const res = await fetch(`${server.url}/cafe24/widget.js?mall_id=${MALL}`);
    expect(res.status).toBe(200);
    const row = await store.read(MALL);
    expect(row?.refreshToken).toBe(standIn().mall(MALL).refresh?.token);
  });
});
