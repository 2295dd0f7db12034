/**
 * A Cafe24 store stand-in (issue 4, item 7): Cafe24's side of a store, mounted on the store's own
 * origin (`npm start`: the demo store's), that completes a login the way Cafe24's Single Sign-On
 * does (serviceguide.cafe24.com SH.OP.SS; support.cafe24.com.ph "How do I set up Single Sign-on
 * with other services?"), against our backend as its identity provider:
 *
 *   MemberAction.snsLogin('sso', returnUrl)                  (/cafe24-store.js)
 *     → GET  /Api/Member/Oauth2ClientLogin/sso/        the store's server: state, then 302 to
 *     → GET  {IdP}/sso/authorize?response_type=code&client_id&redirect_uri&state
 *     → GET  /Api/Member/Oauth2ClientCallback/sso/?code&state   the store's server:
 *            POST {IdP}/sso/token (code → access token), POST {IdP}/sso/userinfo (→ id, profile),
 *            member `<id>@s` found or created, store session cookie, 302 to returnUrl.
 *
 * The store's members are the Admin API stand-in's customers of the same mall (one model of the
 * mall: what the store signs up, the app reads), and a new member gets the mall's signup benefit.
 * `CAFE24API.getCustomerIDInfo` reports the session's member. Deleting the member ("회원 탈퇴")
 * removes the customer and reports it to the backend's /sso/tombstones, as a member-deletion
 * webhook relay would on a live store. The skin's pages are the host's (demo/server.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import {
  type Cafe24Api,
  type Customer,
  createCafe24Api,
  SANDBOX_CAFE24,
} from '../cafe24-api/index';
import { kstDate } from '../cafe24-api/state';
import {
  CAFE24_SSO_CALLBACK_PATH,
  SANDBOX_SIGNUP_BENEFIT,
  SANDBOX_SSO_CLIENT,
  type SignupBenefit,
} from './defaults';

export type { SignupBenefit, SignupCoupon } from './defaults';
export { CAFE24_SSO_CALLBACK_PATH, SANDBOX_SIGNUP_BENEFIT, SANDBOX_SSO_CLIENT } from './defaults';

export interface Cafe24StoreOptions {
  /** The identity provider's root (our backend): /sso/authorize, /sso/token, /sso/userinfo. */
  idpUrl: string;
  client?: { clientId: string; clientSecret: string };
  /** How the store's server sends its calls: form + HTTP Basic (default) or JSON bodies. */
  requestFormat?: 'form' | 'json';
  /** The Admin API stand-in whose customers are this store's members (default: a fresh one). */
  cafe24Api?: Cafe24Api;
  /** Default SANDBOX_CAFE24.mallId ('demomall'). */
  mallId?: string;
  /** Given to every member who joins; null for none. Default SANDBOX_SIGNUP_BENEFIT. */
  signupBenefit?: SignupBenefit | null;
  /** The store's home: where logout and withdrawal land. Default /index.html. */
  homePath?: string;
  /** The login page a failed SSO comes back to, with `sso_error`. Default /member/login.html. */
  loginPath?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface Cafe24Store {
  /** /cafe24-store.js, the store's half of the SSO, the front API and the member actions. */
  app: Hono;
  /** The member the request's store session holds (a member still in the mall). */
  memberOf(c: Context): string | undefined;
  /** The mall's members: the Admin API stand-in's customers, by member id (`…@s`). */
  readonly members: ReadonlyMap<string, Customer>;
}

const STORE_SCRIPT = readFile(new URL('./public/cafe24-store.js', import.meta.url));
const SESSION = 'ECSESSID';
const SSO_STATE = 'store_sso_state';
const DAY_MS = 24 * 3600_000;

const TokenBody = z.object({ access_token: z.string().min(1), token_type: z.string() });
const UserInfo = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
});
const OAuthErrorBody = z.object({ error: z.string(), error_description: z.string().optional() });

/** Only a path on this store: never an open redirect. */
function safePath(value: string | undefined, fallback: string): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : fallback;
}

export function createCafe24Store(options: Cafe24StoreOptions): Cafe24Store {
  const idp = options.idpUrl.replace(/\/+$/, '');
  const client = options.client ?? SANDBOX_SSO_CLIENT;
  const fetchUpstream = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const api = options.cafe24Api ?? createCafe24Api({ now });
  const mallId = options.mallId ?? SANDBOX_CAFE24.mallId;
  const benefit =
    options.signupBenefit === undefined ? SANDBOX_SIGNUP_BENEFIT : options.signupBenefit;
  const home = options.homePath ?? '/index.html';
  const loginPath = options.loginPath ?? '/member/login.html';
  const customers = () => api.mall(mallId).customers;
  const deleted = new Set<string>();
  const sessions = new Map<string, string>();
  const app = new Hono();

  /** A session's member, while the mall still has them (a customer removed elsewhere is out). */
  const memberOf = (sessionId: string | undefined) => {
    const memberId = sessionId ? sessions.get(sessionId) : undefined;
    return memberId && customers().has(memberId) ? memberId : undefined;
  };

  /** Cafe24 signs a new SSO member up as a customer of the mall, with the mall's signup benefit. */
  const signUp = (memberId: string, info: z.infer<typeof UserInfo>) => {
    const at = now();
    api.seedMember(
      mallId,
      {
        member_id: memberId,
        name: info.name ?? '',
        ...(info.email ? { email: info.email } : {}),
        ...(info.phone ? { cellphone: info.phone } : {}),
        available_points: benefit?.points ?? 0,
      },
      (benefit?.coupons ?? []).map(({ validDays, ...coupon }) => ({
        ...coupon,
        available_end_datetime: kstDate(at + validDays * DAY_MS),
      })),
    );
  };

  const call = async (path: string, params: Record<string, string>, basic: boolean) => {
    const json = options.requestFormat === 'json';
    const headers: Record<string, string> = {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const body = { ...params };
    if (basic && !json) {
      const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else if (basic) {
      body.client_id = client.clientId;
      body.client_secret = client.clientSecret;
    }
    const response = await fetchUpstream(`${idp}${path}`, {
      method: 'POST',
      headers,
      body: json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
    });
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = OAuthErrorBody.safeParse(payload);
      throw new Error(error.success ? error.data.error : `HTTP ${response.status}`);
    }
    return payload;
  };

  app.get('/cafe24-store.js', async (c) =>
    c.body(await STORE_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );

  // The store's half of the SSO: start.
  app.get('/Api/Member/Oauth2ClientLogin/sso/', (c) => {
    const origin = new URL(c.req.url).origin;
    const state = randomBytes(16).toString('base64url');
    const returnUrl = safePath(c.req.query('returnUrl'), home);
    setCookie(c, SSO_STATE, `${state}.${encodeURIComponent(returnUrl)}`, {
      path: '/Api/Member/',
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: 600,
    });
    const authorize = new URL(`${idp}/sso/authorize`);
    authorize.searchParams.set('response_type', 'code');
    authorize.searchParams.set('client_id', client.clientId);
    authorize.searchParams.set('redirect_uri', origin + CAFE24_SSO_CALLBACK_PATH);
    authorize.searchParams.set('state', state);
    return c.redirect(authorize.href);
  });

  // The store's half of the SSO: callback, token, user info, member, session.
  app.get(CAFE24_SSO_CALLBACK_PATH, async (c) => {
    const origin = new URL(c.req.url).origin;
    const saved = getCookie(c, SSO_STATE) ?? '';
    const dot = saved.indexOf('.');
    const expected = dot > 0 ? saved.slice(0, dot) : undefined;
    const encodedReturn = dot > 0 ? saved.slice(dot + 1) : undefined;
    deleteCookie(c, SSO_STATE, { path: '/Api/Member/' });
    const fail = (error: string, description = '') =>
      c.redirect(
        `${loginPath}?${new URLSearchParams({ sso_error: error, sso_error_description: description })}`,
      );
    if (!expected || c.req.query('state') !== expected) return fail('state_mismatch');
    const error = c.req.query('error');
    if (error) return fail(error, c.req.query('error_description'));
    const code = c.req.query('code');
    if (!code) return fail('invalid_request', 'no code');
    let info: z.infer<typeof UserInfo>;
    try {
      const token = TokenBody.parse(
        await call(
          '/sso/token',
          {
            grant_type: 'authorization_code',
            code,
            redirect_uri: origin + CAFE24_SSO_CALLBACK_PATH,
          },
          true,
        ),
      );
      info = UserInfo.parse(
        await call('/sso/userinfo', { access_token: token.access_token }, false),
      );
    } catch (cause) {
      return fail('sso_failed', cause instanceof Error ? cause.message : 'unexpected answer');
    }
    const memberId = `${info.id}@s`;
    // Cafe24's own rule (serviceguide.cafe24.com/en_US/PM.SN.LI.html): a deleted social member
    // cannot join again with that account.
    if (deleted.has(memberId)) return fail('member_deleted', 'this account was deleted');
    if (!customers().has(memberId)) signUp(memberId, info);
    const session = randomBytes(16).toString('base64url');
    sessions.set(session, memberId);
    setCookie(c, SESSION, session, { path: '/', httpOnly: true, sameSite: 'Lax' });
    return c.redirect(
      safePath(encodedReturn ? decodeURIComponent(encodedReturn) : undefined, home),
    );
  });

  app.get('/exec/front/member/customer-id', (c) => {
    const memberId = memberOf(getCookie(c, SESSION));
    return c.json({ member_id: memberId ?? null, guest_id: memberId ? null : 'sandbox-guest' });
  });

  // The stand-in's own: back to `returnUrl` (a form field, a path on this store) or the home.
  app.post('/exec/front/member/logout', async (c) => {
    const session = getCookie(c, SESSION);
    if (session) sessions.delete(session);
    deleteCookie(c, SESSION, { path: '/' });
    const form = await c.req.parseBody().catch(() => ({}));
    const to = Reflect.get(form, 'returnUrl');
    return c.redirect(safePath(typeof to === 'string' ? to : undefined, home), 303);
  });

  app.post('/exec/front/member/withdraw', async (c) => {
    const session = getCookie(c, SESSION);
    const memberId = memberOf(session);
    if (!session || !memberId) return c.redirect(loginPath, 303);
    api.removeMember(mallId, memberId);
    deleted.add(memberId);
    for (const [id, member] of sessions) if (member === memberId) sessions.delete(id);
    deleteCookie(c, SESSION, { path: '/' });
    await call('/sso/tombstones', { member_id: memberId }, true).catch(() => undefined);
    return c.redirect(home, 303);
  });

  return {
    app,
    memberOf: (c) => memberOf(getCookie(c, SESSION)),
    get members() {
      return customers();
    },
  };
}
