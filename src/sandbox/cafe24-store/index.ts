/**
 * A Cafe24 store stand-in (issue 4, item 7): a store on its own origin that completes a login the
 * way Cafe24's Single Sign-On does (serviceguide.cafe24.com SH.OP.SS; support.cafe24.com.ph "How
 * do I set up Single Sign-on with other services?"), against our backend as its identity provider:
 *
 *   MemberAction.snsLogin('sso', returnUrl)
 *     → GET  /Api/Member/Oauth2ClientLogin/sso/        the store's server: state, then 302 to
 *     → GET  {IdP}/sso/authorize?response_type=code&client_id&redirect_uri&state
 *     → GET  /Api/Member/Oauth2ClientCallback/sso/?code&state   the store's server:
 *            POST {IdP}/sso/token (code → access token), POST {IdP}/sso/userinfo (→ id, profile),
 *            member `<id>@s` found or created, store session cookie, 302 to returnUrl.
 *
 * `CAFE24API.getCustomerIDInfo` then reports that member. Deleting the member ("회원 탈퇴" on
 * /myshop/index.html) reports it to the backend's /sso/tombstones, as a member-deletion webhook
 * relay would on a live store.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { CAFE24_SSO_CALLBACK_PATH, SANDBOX_SSO_CLIENT } from './defaults';
import { escapeHtml, homePage, loginPage, myshopPage } from './pages';

export { CAFE24_SSO_CALLBACK_PATH, SANDBOX_SSO_CLIENT } from './defaults';

export interface Cafe24StoreOptions {
  /** The identity provider's root (our backend): /sso/authorize, /sso/token, /sso/userinfo. */
  idpUrl: string;
  client?: { clientId: string; clientSecret: string };
  /** How the store's server sends its calls: form + HTTP Basic (default) or JSON bodies. */
  requestFormat?: 'form' | 'json';
  /** The widget's tag attributes (data-backend, keys, data-sandbox), as a merchant pastes them. */
  widget: Record<string, string | undefined>;
  /** The built bundle served at /social-login.js. */
  widgetFile?: URL;
  fetch?: typeof fetch;
}

export interface StoreMember {
  memberId: string;
  name?: string;
  email?: string;
  phone?: string;
}

export interface Cafe24Store {
  app: Hono;
  /** Members who joined through SSO, by member id (`…@s`). */
  members: ReadonlyMap<string, StoreMember>;
}

const STORE_SCRIPT = readFile(new URL('./public/cafe24-store.js', import.meta.url));
const DEFAULT_WIDGET = new URL('../../../dist/social-login.js', import.meta.url);
const SESSION = 'ECSESSID';
const SSO_STATE = 'store_sso_state';

const TokenBody = z.object({ access_token: z.string().min(1), token_type: z.string() });
const UserInfo = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
});
const OAuthErrorBody = z.object({ error: z.string(), error_description: z.string().optional() });

/** Only a path on this store: never an open redirect. */
function safePath(value: string | undefined): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/index.html';
}

export function createCafe24Store(options: Cafe24StoreOptions): Cafe24Store {
  const idp = options.idpUrl.replace(/\/+$/, '');
  const client = options.client ?? SANDBOX_SSO_CLIENT;
  const fetchUpstream = options.fetch ?? globalThis.fetch;
  const members = new Map<string, StoreMember>();
  const deleted = new Set<string>();
  const sessions = new Map<string, string>();
  const app = new Hono();

  const memberOf = (sessionId: string | undefined) =>
    sessionId ? sessions.get(sessionId) : undefined;

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
  app.get('/social-login.js', async (c) => {
    const body = await readFile(options.widgetFile ?? DEFAULT_WIDGET, 'utf8').catch(
      () => undefined,
    );
    if (body === undefined) return c.text('Run `npm run build` first.', 503);
    return c.body(body, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));

  /** The widget's tag as the app's script tag puts it on every page. */
  const scriptTag = (url: string) => {
    const origin = new URL(url).origin;
    const attrs = Object.entries(options.widget)
      .filter((pair): pair is [string, string] => typeof pair[1] === 'string')
      .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
      .join('');
    return `<script async src="${escapeHtml(`${origin}/social-login.js`)}"${attrs}></script>`;
  };
  const home = (c: Context) =>
    c.html(homePage(scriptTag(c.req.url), memberOf(getCookie(c, SESSION))));
  app.get('/', home);
  app.get('/index.html', home);
  app.get('/myshop/index.html', (c) =>
    c.html(myshopPage(scriptTag(c.req.url), memberOf(getCookie(c, SESSION)))),
  );
  app.get('/member/login.html', (c) => {
    if (memberOf(getCookie(c, SESSION))) return c.redirect(safePath(c.req.query('returnUrl')));
    const tag = scriptTag(c.req.url);
    const error = c.req.query('sso_error');
    const notice = error
      ? `SSO 로그인에 실패했습니다 (${error}): ${c.req.query('sso_error_description') ?? ''}`
      : undefined;
    return c.html(loginPage(tag, notice));
  });

  // The store's half of the SSO: start.
  app.get('/Api/Member/Oauth2ClientLogin/sso/', (c) => {
    const origin = new URL(c.req.url).origin;
    const state = randomBytes(16).toString('base64url');
    const returnUrl = safePath(c.req.query('returnUrl'));
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
        `/member/login.html?${new URLSearchParams({ sso_error: error, sso_error_description: description })}`,
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
    // Cafe24's own rule (seed 000): a deleted social member cannot join again with that account.
    if (deleted.has(memberId)) return fail('member_deleted', 'this account was deleted');
    if (!members.has(memberId))
      members.set(memberId, { memberId, name: info.name, email: info.email, phone: info.phone });
    const session = randomBytes(16).toString('base64url');
    sessions.set(session, memberId);
    setCookie(c, SESSION, session, { path: '/', httpOnly: true, sameSite: 'Lax' });
    return c.redirect(safePath(encodedReturn ? decodeURIComponent(encodedReturn) : undefined));
  });

  app.get('/exec/front/member/customer-id', (c) => {
    const memberId = memberOf(getCookie(c, SESSION));
    return c.json({ member_id: memberId ?? null, guest_id: memberId ? null : 'sandbox-guest' });
  });

  app.post('/exec/front/member/logout', (c) => {
    const session = getCookie(c, SESSION);
    if (session) sessions.delete(session);
    deleteCookie(c, SESSION, { path: '/' });
    return c.redirect('/index.html', 303);
  });

  app.post('/exec/front/member/withdraw', async (c) => {
    const session = getCookie(c, SESSION);
    const memberId = memberOf(session);
    if (!session || !memberId) return c.redirect('/member/login.html', 303);
    members.delete(memberId);
    deleted.add(memberId);
    for (const [id, member] of sessions) if (member === memberId) sessions.delete(id);
    deleteCookie(c, SESSION, { path: '/' });
    await call('/sso/tombstones', { member_id: memberId }, true).catch(() => undefined);
    return c.redirect('/index.html', 303);
  });

  return { app, members };
}
