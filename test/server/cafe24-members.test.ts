/**
 * Deleted members on a live store, through the Admin API (Cafe24's rule, serviceguide.cafe24.com/en_US/PM.SN.LI.html: a
 * social member who deleted their store account cannot join again with the same social account). A returning shopper whose
 * link was confirmed as a store member and whom `GET /customers?member_id=<subject>@s` no longer
 * finds is refused with `login_blocked`; a link never confirmed is left alone; an Admin API that
 * cannot answer never blocks a login.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { createLogger } from '../../src/server/logger';
import { DELETED_MEMBER_MESSAGE, subjectFor } from '../../src/server/members';
import { installApp, MALL, STORE, startCafe24Server } from './cafe24-helpers';

let server: DevServer;
const warnings: string[] = [];
const standIn = () => {
  if (!server.sandbox) throw new Error('no sandbox');
  return server.sandbox.cafe24Api;
};
const redirectUri = `${STORE}/member/login.html`;

interface ExchangeBody {
  welcome?: string;
  user?: { id: string; providerUserId: string };
  member?: unknown;
  error?: unknown;
}

async function login(
  key: string,
): Promise<{ status: number; body: ExchangeBody; memberId: string }> {
  const code = await server.sandbox?.issueCode('naver', { redirectUri, shopper: { key } });
  const res = await fetch(`${server.url}/api/exchange`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'naver', code, state: 'c3RhdGUtc3RhdGUtc3RhdA', redirectUri }),
  });
  const body: ExchangeBody = await res.json();
  const user = body.user ?? { id: 'naver:x', providerUserId: 'x' };
  const subject = subjectFor({ naver: SANDBOX_CREDENTIALS.naverClientId }, user);
  return { status: res.status, body, memberId: `${subject}@s` };
}

const welcome = (pass: string) =>
  fetch(`${server.url}/api/welcome`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify({ pass }),
  });

/** What the Admin API's customer search answers next: as it is, a 404, or nothing for 10 s. */
let customersAnswer: 'real' | '404' | 'slow' = 'real';
const upstream: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.pathname.endsWith('/api/v2/admin/customers') && customersAnswer !== 'real') {
    if (customersAnswer === '404')
      return Response.json({ error: { code: 404, message: 'Not Found' } }, { status: 404 });
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
  return fetch(input, init);
};

beforeAll(async () => {
  server = await startCafe24Server({
    deps: {
      fetch: upstream,
      logger: createLogger({
        level: 'warn',
        sink: (_, line) => warnings.push(JSON.parse(line).msg),
      }),
    },
  });
  expect((await installApp(server)).status).toBe(200);
});
afterAll(() => server?.close());

describe('a shopper the store deleted', () => {
  it('is refused with login_blocked once the store no longer has the member the welcome confirmed', async () => {
    const first = await login('junho');
    expect(first.status).toBe(200);
    standIn().seedMember(MALL, { member_id: first.memberId, name: '정준호', available_points: 0 });
    expect((await welcome(first.body.welcome ?? '')).status).toBe(200); // confirms the link

    standIn().mall(MALL).customers.delete(first.memberId); // the shopper deleted their account
    const again = await login('junho');
    expect(again.status).toBe(403);
    expect(again.body.error).toEqual({
      code: 'login_blocked',
      message: DELETED_MEMBER_MESSAGE,
      reason: 'member_deleted',
    });
    // A tombstone now: refused without asking Cafe24, even if the member id showed up again.
    standIn().seedMember(MALL, { member_id: first.memberId, name: '정준호', available_points: 0 });
    expect((await login('junho')).status).toBe(403);
  });

  it('is not refused when the link was never confirmed (the store’s signup was abandoned)', async () => {
    expect((await login('seoyeon')).status).toBe(200);
    expect((await login('seoyeon')).status).toBe(200);
    expect((await login('seoyeon')).body.member).toEqual({ status: 'existing' });
  });
});

describe('when the Admin API cannot answer', () => {
  it('lets the login through and logs why, then blocks once Cafe24 answers again', async () => {
    const first = await login('dohyun');
    standIn().seedMember(MALL, { member_id: first.memberId, name: '최도현', available_points: 0 });
    expect((await login('dohyun')).status).toBe(200); // the exchange's check confirms the link

    standIn().revokeTokens(MALL); // the app's grant is gone: the check cannot ask
    standIn().mall(MALL).customers.delete(first.memberId);
    expect((await login('dohyun')).status).toBe(200);
    expect(warnings.join('\n')).toMatch(
      /deleted-member check skipped for mall "demomall" \(upstream_error: the Cafe24 app on mall "demomall" needs re-authorisation/,
    );

    expect((await installApp(server)).status).toBe(200);
    expect((await login('dohyun')).status).toBe(403);
  });
});

describe('an Admin API answer that is not "no such member"', () => {
  it('never takes a 404 (a wrong path, a closed mall) for a deleted member', async () => {
    const first = await login('minji');
    standIn().seedMember(MALL, { member_id: first.memberId, name: '김민지', available_points: 0 });
    expect((await login('minji')).status).toBe(200); // confirmed
    customersAnswer = '404';
    try {
      expect((await login('minji')).status).toBe(200);
      expect((await login('minji')).status).toBe(200);
    } finally {
      customersAnswer = 'real';
    }
    expect((await login('minji')).status).toBe(200); // no tombstone was written
  });

  it('does not keep a shopper waiting on a slow Admin API: the login goes on within the deadline', async () => {
    const first = await login('hana');
    standIn().seedMember(MALL, { member_id: first.memberId, name: '한하나', available_points: 0 });
    expect((await login('hana')).status).toBe(200);
    customersAnswer = 'slow';
    try {
      // The stand-in holds the answer for 10 s, longer than this test may run.
      expect((await login('hana')).status).toBe(200);
      expect(warnings.join('\n')).toMatch(
        /deleted-member check skipped .*no answer within 2000 ms/,
      );
    } finally {
      customersAnswer = 'real';
    }
  });
});
