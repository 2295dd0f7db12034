/**
 * The Cafe24 hand-off (`POST /sso/handoff`) under every referrer policy a store's skin may set.
 * Browsers name the page behind a form POST in `Origin`, except when its policy withholds it: they
 * send `Origin: null` (`no-referrer`; `same-origin` to another origin; `strict-origin*` and
 * `no-referrer-when-downgrade` from https to http), or, in older browsers, no Origin at all. The
 * hand-off works with each, and still refuses a foreign page, a ticket from another store origin, a
 * replay, and a ticket an attacker's page slips into a shopper's browser (login CSRF).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DevServer, devConfig, startDevServer } from '../../scripts/dev-server';
import { SANDBOX_SSO_CLIENT } from '../../src/sandbox/cafe24-store/defaults';
import { createApp } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { subjectOf } from '../../src/server/sso/subject';
import { openSqliteStorage, type Storage } from '../../src/server/storage/index';
import {
  NONCE,
  PATIENT_EXCHANGE_DEADLINE_MS,
  PATIENT_UPSTREAM_TIMEOUT_MS,
  STATE,
  STORE,
  testConfig,
} from './helpers';

const MOBILE = 'https://m.shop.example.com';
const CLIENT_ID = 'cafe24-store';
const CALLBACK = `${STORE}/Api/Member/Oauth2ClientCallback/sso/`;
const LOGIN_PAGE = `${STORE}/member/login.html`;
/** The widget's per-hand-off nonce, kept in the tab's sessionStorage. */
const TAB_NONCE = 'dGFiLW5vbmNlLXRhYi1ub24';
const SUBJECT = subjectOf('kakao', 'kakao-rest-key', '4000000001');

let clock: number;
let storage: Storage;
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  clock = Date.parse('2026-11-22T09:00:00Z');
  storage = openSqliteStorage(':memory:', { now: () => clock });
  const config = testConfig({
    SSO_CLIENT_ID: CLIENT_ID,
    SSO_CLIENT_SECRET: 'sso-client-secret-0123456789abcdef0123456789',
    SSO_REDIRECT_URIS: CALLBACK,
    LOG_LEVEL: 'silent',
  });
  app = createApp(config, { storage, now: () => clock, rateLimit: false });
});

/** A ticket as /api/exchange issues it to a page on `origin`. */
function ticketFor(origin = STORE): Promise<string> {
  return storage.grants.issue(
    'ticket',
    { subject: SUBJECT, provider: 'kakao', profile: { name: '김민지' }, origin },
    clock + 120_000,
  );
}

interface Handoff {
  ticket: string;
  /** The Origin header: a value, 'null', or undefined for none at all. */
  origin?: string | undefined;
  back?: string;
  nonce?: string;
}

function handoff({ ticket, origin, back = LOGIN_PAGE, nonce = TAB_NONCE }: Handoff) {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (origin !== undefined) headers.origin = origin;
  return app.request('/sso/handoff', {
    method: 'POST',
    headers,
    body: new URLSearchParams({ ticket, back, ...(nonce ? { nonce } : {}) }).toString(),
  });
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const confirmationOf = (res: Response) =>
  new URL(res.headers.get('location') ?? '').hash.replace('#sl_handoff=', '');

function confirm(body: Record<string, string>, origin = STORE) {
  return app.request('/api/handoff/confirm', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** What the store's SSO gets at /sso/authorize from the browser holding `cookie`. */
async function authorize(cookie: string): Promise<URLSearchParams> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    state: 'cafe24-state',
  });
  const res = await app.request(`/sso/authorize?${query}`, { headers: { cookie } });
  return new URL(res.headers.get('location') ?? '').searchParams;
}

describe('a hand-off from a page whose referrer policy lets the browser name it', () => {
  it('opens the store session at once, as before: no fragment, nothing to confirm', async () => {
    const res = await handoff({ ticket: await ticketFor(), origin: STORE });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(LOGIN_PAGE);
    expect(cookieOf(res)).toMatch(/^sl_sso=[\w-]{43}$/);
    expect((await authorize(cookieOf(res))).get('code')).toMatch(/^[\w-]{43}$/);
  });

  it('refuses a foreign page with 403 and leaves the ticket for the store page', async () => {
    const ticket = await ticketFor();
    const foreign = await handoff({ ticket, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain('not one of the store pages in ALLOWED_ORIGINS');
    expect(foreign.headers.get('set-cookie')).toBeNull();
    expect(cookieOf(await handoff({ ticket, origin: STORE }))).toMatch(/^sl_sso=./);
  });

  it('refuses a ticket issued to another store origin, even one on ALLOWED_ORIGINS', async () => {
    const res = await handoff({ ticket: await ticketFor(MOBILE), origin: STORE });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('issued to another store page');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe.each([
  ['Origin: null (no-referrer, same-origin, or a downgrade)', 'null'],
  ['no Origin at all (older browsers)', undefined],
])('a hand-off with %s', (_, origin) => {
  it('sends the shopper back with a confirmation in the fragment, and opens the session once the tab confirms it', async () => {
    const res = await handoff({ ticket: await ticketFor(), origin });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.href.split('#')[0]).toBe(LOGIN_PAGE);
    expect(location.hash).toMatch(/^#sl_handoff=[\w-]{43}$/);
    const cookie = cookieOf(res);
    expect(res.headers.get('set-cookie')).toMatch(
      /^sl_sso=[\w-]{43}; Max-Age=120; Path=\/sso; HttpOnly; SameSite=Lax/,
    );

    const confirmed = await confirm({ confirmation: confirmationOf(res), nonce: TAB_NONCE });
    expect(confirmed.status).toBe(204);
    expect(confirmed.headers.get('access-control-allow-origin')).toBe(STORE);
    const store = await authorize(cookie);
    expect(store.get('code')).toMatch(/^[\w-]{43}$/);
    expect(store.get('state')).toBe('cafe24-state');
  });

  it('keeps the session closed until the tab confirms: the store gets access_denied', async () => {
    const res = await handoff({ ticket: await ticketFor(), origin });
    const store = await authorize(cookieOf(res));
    expect(store.get('error')).toBe('access_denied');
    expect(store.get('error_description')).toContain('not confirmed by the store page');
    // The cookie was spent on the way: a late confirmation opens nothing.
    expect((await confirm({ confirmation: confirmationOf(res), nonce: TAB_NONCE })).status).toBe(
      204,
    );
    expect((await authorize(cookieOf(res))).get('error')).toBe('access_denied');
  });

  it('refuses a `back` off ALLOWED_ORIGINS with 400', async () => {
    const res = await handoff({
      ticket: await ticketFor(),
      origin,
      back: 'https://evil.example/x',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('must be a page on one of ALLOWED_ORIGINS');
  });

  it('refuses a ticket issued to another store origin than the page it goes back to', async () => {
    const res = await handoff({ ticket: await ticketFor(MOBILE), origin, back: LOGIN_PAGE });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('issued to another store page');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a hand-off that carries no nonce to confirm it with', async () => {
    const res = await handoff({ ticket: await ticketFor(), origin, nonce: '' });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('redeems a ticket once: a replay goes back without a session', async () => {
    const ticket = await ticketFor();
    expect(cookieOf(await handoff({ ticket, origin }))).toMatch(/^sl_sso=./);
    const replay = await handoff({ ticket, origin });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('set-cookie')).toBeNull();
    expect(replay.headers.get('location')).toBe(LOGIN_PAGE);
  });
});

describe('confirming a hand-off (POST /api/handoff/confirm)', () => {
  async function pending() {
    const res = await handoff({ ticket: await ticketFor(), origin: 'null' });
    return { cookie: cookieOf(res), confirmation: confirmationOf(res) };
  }

  it('answers invalid_grant for a nonce the tab did not send, and the session stays closed', async () => {
    const { cookie, confirmation } = await pending();
    const res = await confirm({ confirmation, nonce: 'YW5vdGhlci10YWItbm9uY2U' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_grant', message: 'the hand-off was not started in this tab' },
    });
    expect((await authorize(cookie)).get('error')).toBe('access_denied');
  });

  it('answers invalid_grant for a confirmation used twice or older than 2 minutes', async () => {
    const first = await pending();
    expect((await confirm({ confirmation: first.confirmation, nonce: TAB_NONCE })).status).toBe(
      204,
    );
    const again = await confirm({ confirmation: first.confirmation, nonce: TAB_NONCE });
    expect((await again.json()).error).toEqual({
      code: 'invalid_grant',
      message: 'the hand-off confirmation is unknown, expired or already used',
    });
    const late = await pending();
    clock += 120_001;
    expect((await confirm({ confirmation: late.confirmation, nonce: TAB_NONCE })).status).toBe(400);
  });

  it('answers 403 to a page on another origin, allowed or not', async () => {
    const { confirmation } = await pending();
    const mobile = await confirm({ confirmation, nonce: TAB_NONCE }, MOBILE);
    expect(mobile.status).toBe(403);
    expect((await mobile.json()).error.message).toBe(
      'the hand-off was made for another store page',
    );
    const foreign = await confirm({ confirmation, nonce: TAB_NONCE }, 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers invalid_request saying what it expects for a malformed body', async () => {
    const res = await confirm({ confirmation: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_request',
        message:
          'body must be {"confirmation": the #sl_handoff value, "nonce": the hand-off\'s nonce}',
      },
    });
  });
});

describe('login CSRF: an attacker page posting its own ticket into a shopper’s browser', () => {
  it('cannot sign the shopper in as the attacker, with Origin: null and a nonce of its choosing', async () => {
    // The attacker read a ticket for their own account in their own browser (it names the store's
    // origin, as every ticket does), and knows the nonce they put in the form.
    const attackerNonce = 'YXR0YWNrZXItY2hvc2Utbm9u';
    const forged = await handoff({
      ticket: await ticketFor(),
      origin: 'null',
      nonce: attackerNonce,
    });
    // The shopper's browser now holds the cookie; the confirmation went to the store page in the
    // shopper's tab, which did not start a hand-off and confirms nothing. The attacker never saw it.
    const store = await authorize(cookieOf(forged));
    expect(store.get('code')).toBeNull();
    expect(store.get('error')).toBe('access_denied');
    // Guessing is hopeless (256 bits), and any wrong value is simply unknown.
    const guess = await confirm({ confirmation: 'A'.repeat(43), nonce: attackerNonce });
    expect((await guess.json()).error.code).toBe('invalid_grant');
  });
});

describe('the ticket over real HTTP: bound to the origin whose page asked /api/exchange', () => {
  const PAGE = 'http://localhost:5173/member/login.html';
  const PAGE_ORIGIN = 'http://localhost:5173';
  const OTHER_ORIGIN = 'http://127.0.0.1:5173';
  let server: DevServer;

  beforeAll(async () => {
    const config = devConfig(
      {
        SANDBOX: '1',
        PORT: '0',
        ALLOWED_ORIGINS: `${PAGE_ORIGIN},${OTHER_ORIGIN}`,
        UPSTREAM_TIMEOUT_MS: PATIENT_UPSTREAM_TIMEOUT_MS,
      },
      () => {},
    );
    server = await startDevServer(config, {
      port: 0,
      deps: {
        rateLimit: false,
        logger: createLogger({ level: 'silent' }),
        exchangeDeadlineMs: PATIENT_EXCHANGE_DEADLINE_MS,
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function ticketFrom(origin: string): Promise<string> {
    if (!server.sandbox) throw new Error('the sandbox is not mounted');
    const code = await server.sandbox.issueCode('kakao', {
      redirectUri: PAGE,
      state: STATE,
      nonce: NONCE,
      shopper: { kakaoId: 4000000301 },
    });
    const res = await fetch(`${server.url}/api/exchange`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'kakao',
        code,
        state: STATE,
        redirectUri: PAGE,
        nonce: NONCE,
      }),
    });
    const body: { ticket?: string } = await res.json();
    if (!body.ticket) throw new Error(`no ticket: ${JSON.stringify(body)}`);
    return body.ticket;
  }

  const post = (form: Record<string, string>, origin: string) =>
    fetch(`${server.url}/sso/handoff`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  it('completes the whole hand-off with Origin: null: exchange, hand-off, confirm, authorize', async () => {
    const ticket = await ticketFrom(PAGE_ORIGIN);
    const res = await post({ ticket, back: PAGE, nonce: TAB_NONCE }, 'null');
    expect(res.status).toBe(303);
    const confirmation = new URL(res.headers.get('location') ?? '').hash.slice(
      '#sl_handoff='.length,
    );
    const confirmed = await fetch(`${server.url}/api/handoff/confirm`, {
      method: 'POST',
      headers: { origin: PAGE_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ confirmation, nonce: TAB_NONCE }),
    });
    expect(confirmed.status).toBe(204);
    const authorize = await fetch(
      `${server.url}/sso/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: SANDBOX_SSO_CLIENT.clientId,
        redirect_uri: `${PAGE_ORIGIN}/Api/Member/Oauth2ClientCallback/sso/`,
        state: 's',
      })}`,
      { redirect: 'manual', headers: { cookie: cookieOf(res) } },
    );
    expect(new URL(authorize.headers.get('location') ?? '').searchParams.get('code')).toMatch(
      /^[\w-]{43}$/,
    );
  });

  it('refuses a ticket a page on one allowed origin got, handed off back to another', async () => {
    const ticket = await ticketFrom(OTHER_ORIGIN);
    const res = await post({ ticket, back: PAGE, nonce: TAB_NONCE }, 'null');
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
