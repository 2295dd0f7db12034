/**
 * Several backends on one PostgreSQL behind a load balancer, as a store runs them when one machine
 * is not enough or dies. Three backend processes share a fresh schema; a round-robin proxy
 * (fixtures/proxies.ts) sends each request to the next one; Kakao, Naver and Cafe24 are the
 * sandbox of one more backend in this process. What a shopper and the store must not notice: a
 * login whose steps each land on another instance, a single-use value replayed on every instance
 * at once, a Cafe24 refresh raced from two processes, an instance killed mid-burst, and the
 * database going away and coming back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server';
import { freePort } from '../../scripts/free-port';
import {
  CAFE24_SSO_CALLBACK_PATH,
  SANDBOX_SSO_CLIENT,
} from '../../src/sandbox/cafe24-store/defaults';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { tokenSealer } from '../../src/server/cafe24/sealed';
import { createTokenStore } from '../../src/server/cafe24/token-store';
import { subjectFor } from '../../src/server/members';
import { type Database, openDatabase } from '../../src/server/storage/index';
import { installApp, MALL, SESSION_SECRET, startCafe24Server } from './cafe24-helpers';
import { type FreshDatabase, freshDatabase, POSTGRES_URL } from './databases';
import { type RoundRobin, roundRobin, type TcpCut, tcpCut } from './fixtures/proxies';
import { NONCE, STATE } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const STORE = 'http://localhost:5173';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const CALLBACK = STORE + CAFE24_SSO_CALLBACK_PATH;
const REFRESH_CHILD = join(import.meta.dirname, 'fixtures', 'cafe24-refresh-child.ts');
const basic = `Basic ${Buffer.from(`${SANDBOX_SSO_CLIENT.clientId}:${SANDBOX_SSO_CLIENT.clientSecret}`).toString('base64')}`;

let database: FreshDatabase;
let db: Database;
let cutter: TcpCut;
let providers: DevServer;
let lb: RoundRobin;
const backends: { url: string; proc: ChildProcess }[] = [];
const children = new Set<ChildProcess>();

/** Prints its first stdout line, or rejects with its stderr when it exits first. */
function run(
  args: string[],
  env: Record<string, string>,
): { proc: ChildProcess; line: Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  let err = '';
  proc.stderr?.on('data', (chunk) => (err += chunk));
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
    });
    proc.on('exit', (code) => reject(new Error(`process exited ${code}: ${err}`)));
  });
  line.catch(() => {});
  return { proc, line };
}

async function startBackend(databaseUrl: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const kakao = providers.config.providers.kakao;
  const naver = providers.config.providers.naver;
  if (!kakao || !naver) throw new Error('the sandbox has no providers');
  const { proc, line } = run(['src/server/main.ts'], {
    PORT: String(port),
    PUBLIC_URL: lb.url,
    ALLOWED_ORIGINS: STORE,
    SESSION_SECRET,
    DATABASE_URL: databaseUrl,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'silent',
    SANDBOX: '0',
    KAKAO_REST_API_KEY: SANDBOX_CREDENTIALS.kakaoRestKey,
    KAKAO_CLIENT_SECRET: SANDBOX_CREDENTIALS.kakaoClientSecret,
    NAVER_CLIENT_ID: SANDBOX_CREDENTIALS.naverClientId,
    NAVER_CLIENT_SECRET: SANDBOX_CREDENTIALS.naverClientSecret,
    KAKAO_AUTH_URL: kakao.authUrl,
    KAKAO_API_URL: kakao.apiUrl,
    NAVER_AUTH_URL: naver.authUrl,
    NAVER_API_URL: naver.apiUrl,
    SSO_CLIENT_ID: SANDBOX_SSO_CLIENT.clientId,
    SSO_CLIENT_SECRET: SANDBOX_SSO_CLIENT.clientSecret,
    SSO_REDIRECT_URIS: CALLBACK,
  });
  expect(await line).toContain('listening');
  return { url: `http://127.0.0.1:${port}`, proc };
}

beforeAll(async () => {
  database = await freshDatabase('postgres');
  db = openDatabase(database.url);
  const server = new URL(POSTGRES_URL);
  cutter = await tcpCut(server.hostname, Number(server.port || 5432));
  const viaCut = new URL(database.url);
  viaCut.host = `127.0.0.1:${cutter.port}`;
  providers = await startCafe24Server({ databaseUrl: database.url });
  lb = await roundRobin(() => backends.map((b) => b.url));
  // Started together: the migrations run once under PostgreSQL's advisory lock.
  backends.push(...(await Promise.all([1, 2, 3].map(() => startBackend(viaCut.href)))));
}, 120_000);

afterAll(async () => {
  for (const proc of children) proc.kill('SIGKILL');
  await lb?.close();
  await providers?.close();
  await cutter?.close();
  await db?.close();
  await database?.drop();
});

/** A shopper back from Kakao on the store's login page: the widget's POST /api/exchange. */
async function exchange(kakaoId: number, client = `198.51.100.${kakaoId % 250}`) {
  const code = await providers.sandbox?.issueCode('kakao', {
    redirectUri: LOGIN_PAGE,
    state: STATE,
    nonce: NONCE,
    shopper: { kakaoId },
  });
  return fetch(`${lb.url}/api/exchange`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json', 'x-test-client': client },
    body: JSON.stringify({
      provider: 'kakao',
      code,
      state: STATE,
      redirectUri: LOGIN_PAGE,
      nonce: NONCE,
    }),
  });
}

/** A different shopper each call: the shared rate limit is not what these tests are about. */
let shoppers = 0;
const shopper = () => ({ 'x-test-client': `shopper-${++shoppers}` });

const handoff = (ticket: string, backend?: number) =>
  fetch(`${lb.url}/sso/handoff`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: STORE,
      'content-type': 'application/x-www-form-urlencoded',
      ...shopper(),
      ...(backend === undefined ? {} : { 'x-test-backend': String(backend) }),
    },
    body: new URLSearchParams({ ticket, back: LOGIN_PAGE }).toString(),
  });

const cookieOf = (res: Response) => res.headers.get('set-cookie')?.match(/sl_sso=([^;]+)/)?.[1];

async function authorize(cookie: string): Promise<string> {
  const query = new URLSearchParams({
    client_id: SANDBOX_SSO_CLIENT.clientId,
    redirect_uri: CALLBACK,
    response_type: 'code',
    state: 'store-state',
  });
  const res = await fetch(`${lb.url}/sso/authorize?${query}`, {
    redirect: 'manual',
    headers: { cookie: `sl_sso=${cookie}`, ...shopper() },
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

const token = (code: string, backend?: number) =>
  fetch(`${lb.url}/sso/token`, {
    method: 'POST',
    headers: {
      authorization: basic,
      'content-type': 'application/x-www-form-urlencoded',
      ...(backend === undefined ? {} : { 'x-test-backend': String(backend) }),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
    }).toString(),
  });

/** Exchange → hand-off → authorize: the code the store's server receives. */
async function codeFor(kakaoId: number): Promise<string> {
  const { ticket } = await (await exchange(kakaoId)).json();
  const cookie = cookieOf(await handoff(ticket));
  if (!cookie) throw new Error('no hand-off cookie');
  return authorize(cookie);
}

describe('three instances on one PostgreSQL behind a round-robin load balancer', () => {
  it('completes a login whose every step lands on another instance', async () => {
    const from = lb.served.length;
    const exchanged = await exchange(4100000001);
    expect(exchanged.status).toBe(200);
    const body = await exchanged.json();
    expect(body.member).toEqual({ status: 'new' });
    const cookie = cookieOf(await handoff(body.ticket));
    expect(cookie).toBeTruthy();
    const code = await authorize(cookie ?? '');
    const issued = await token(code);
    expect(issued.status).toBe(200);
    const { access_token } = await issued.json();
    const info = await fetch(`${lb.url}/sso/userinfo`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(info.status).toBe(200);
    expect((await info.json()).id).toBe(
      subjectFor({ kakao: SANDBOX_CREDENTIALS.kakaoRestKey }, body.user),
    );
    const steps = lb.served.slice(from);
    expect(steps.map((s) => s.path)).toEqual([
      '/api/exchange',
      '/sso/handoff',
      '/sso/authorize',
      '/sso/token',
      '/sso/userinfo',
    ]);
    for (let i = 1; i < steps.length; i += 1)
      expect(steps[i]?.backend).not.toBe(steps[i - 1]?.backend);
    expect(new Set(steps.map((s) => s.backend)).size).toBe(3);
  });

  it('redeems a ticket replayed on every instance at the same moment exactly once', async () => {
    const { ticket } = await (await exchange(4100000002)).json();
    const answers = await Promise.all([0, 1, 2].map((backend) => handoff(ticket, backend)));
    expect(answers.map((res) => res.status)).toEqual([303, 303, 303]);
    expect(answers.filter((res) => cookieOf(res))).toHaveLength(1);
  });

  it('leaves no working token for a code replayed on every instance at the same moment', async () => {
    const code = await codeFor(4100000003);
    const answers = await Promise.all([0, 1, 2].map((backend) => token(code, backend)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThanOrEqual(2);
    // Whichever instance won, the others saw replays: the token it bought is revoked everywhere.
    for (const res of answers.filter((answer) => answer.status === 200)) {
      const { access_token } = await res.json();
      for (const backend of [0, 1, 2]) {
        const info = await fetch(`${lb.url}/sso/userinfo`, {
          headers: { authorization: `Bearer ${access_token}`, 'x-test-backend': String(backend) },
        });
        expect(info.status).toBe(401);
      }
    }
  });

  it('rotates a Cafe24 refresh token once when two processes find it stale together, and loses nothing', async () => {
    expect((await installApp(providers)).status).toBe(200);
    const standIn = providers.sandbox?.cafe24Api;
    if (!standIn) throw new Error('no Cafe24 stand-in');
    standIn.expireAccessTokens(MALL);
    await db.run('UPDATE cafe24_tokens SET access_expires_at = 0 WHERE mall_id = ?', [MALL]);
    const before = standIn.mall(MALL).stats.refreshGrants;
    const racers = [1, 2].map(
      () =>
        run(
          [
            REFRESH_CHILD,
            database.url,
            providers.config.cafe24.apiUrl,
            MALL,
            'none',
            SESSION_SECRET,
          ],
          {},
        ).line,
    );
    expect(await Promise.all(racers)).toEqual([
      expect.stringMatching(/^OK /),
      expect.stringMatching(/^OK /),
    ]);
    expect(standIn.mall(MALL).stats.refreshGrants).toBe(before + 1);
    const row = await createTokenStore(db, tokenSealer(SESSION_SECRET)).read(MALL);
    expect(row?.refreshToken).toBe(standIn.mall(MALL).refresh?.token);
    expect(row?.leaseOwner).toBeNull();
  });

  it('loses no acknowledged login when an instance is SIGKILLed mid-burst, and the others keep serving', async () => {
    const victim = backends[2];
    if (!victim) throw new Error('no third backend');
    const acknowledged: { ticket: string; user: { providerUserId: string } }[] = [];
    let sent = 0;
    let killed = false;
    const worker = async () => {
      while (sent < 36) {
        const id = 4200000000 + sent++;
        if (sent === 12 && !killed) {
          killed = true;
          victim.proc.kill('SIGKILL');
        }
        const res = await exchange(id);
        // In flight on the killed instance: not acknowledged, the widget shows a retry.
        if (res.status === 200) acknowledged.push(await res.json());
        else expect(res.status).toBe(502);
      }
    };
    await Promise.all([1, 2, 3, 4].map(worker));
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    // Every acknowledged login was written: its member link exists and its ticket still works.
    for (const login of acknowledged) {
      const subject = subjectFor(
        { kakao: SANDBOX_CREDENTIALS.kakaoRestKey },
        {
          id: `kakao:${login.user.providerUserId}`,
          providerUserId: login.user.providerUserId,
        },
      );
      expect(
        await db.get('SELECT subject FROM member_links WHERE subject = ?', [subject ?? '']),
      ).toBeDefined();
      expect(cookieOf(await handoff(login.ticket))).toBeTruthy();
    }
    // After the kill, every request is served by the two left.
    for (let i = 0; i < 4; i += 1) expect((await exchange(4300000000 + i)).status).toBe(200);
  }, 120_000);

  it('answers 503 while PostgreSQL is away, then serves again without a restart', async () => {
    cutter.cut();
    for (let i = 0; i < 3; i += 1) {
      const res = await exchange(4400000000 + i);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await res.json()).error).toEqual({
        code: 'service_unavailable',
        message: 'the login backend cannot reach its database; try again in a few seconds',
      });
    }
    cutter.restore();
    // The pools drop their broken connections and open new ones: within a few requests.
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt += 1) {
      status = (await exchange(4400000100 + attempt)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
    const code = await codeFor(4400000200);
    expect((await token(code)).status).toBe(200);
  }, 120_000);
});
