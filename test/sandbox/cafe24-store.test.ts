/**
 * The Cafe24 store stand-in over real HTTP, driven as a browser would (redirects followed by hand,
 * cookies kept per origin): its Single Sign-On against our backend as identity provider, its
 * pages, and its refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port';
import { type RunningStore, startCafe24Store } from '../../src/sandbox/cafe24-store/serve';
import { loadConfig } from '../../src/server/config';
import { type RunningServer, startServer } from '../../src/server/serve';

const STATE = 'c3RhdGUtc3RhdGUtc3RhdA';
const NONCE = 'bm9uY2Utbm9uY2Utbm9uY2';

let backend: RunningServer;
let stores: Record<'form' | 'json', RunningStore>;

beforeAll(async () => {
  const ports = { form: await freePort(), json: await freePort() };
  const origins = Object.values(ports).map((port) => `http://localhost:${port}`);
  backend = await startServer(
    loadConfig(
      { SANDBOX: '1', PORT: '0', ALLOWED_ORIGINS: origins.join(','), LOG_LEVEL: 'silent' },
      () => {},
    ),
    { port: 0, deps: { rateLimit: false } },
  );
  const widget = { 'data-backend': backend.url, 'data-kakao-js-key': 'sandbox-kakao-js-key' };
  stores = {
    form: await startCafe24Store({ idpUrl: backend.url, widget }, ports.form),
    json: await startCafe24Store(
      { idpUrl: backend.url, widget, requestFormat: 'json' },
      ports.json,
    ),
  };
});

afterAll(async () => {
  await Promise.all([backend?.close(), stores?.form.close(), stores?.json.close()]);
});

/** A tiny browser: one cookie jar per origin, redirects followed one by one. */
function browser() {
  const jars = new Map<string, Map<string, string>>();
  const jar = (url: string) => {
    const origin = new URL(url).origin;
    if (!jars.has(origin)) jars.set(origin, new Map());
    return jars.get(origin) as Map<string, string>;
  };
  const request = async (url: string, init: RequestInit = {}) => {
    const cookies = [...jar(url)].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookies) headers.set('cookie', cookies);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/Max-Age=0/i.test(line) || value === '') jar(url).delete(name);
      else jar(url).set(name, value);
    }
    return res;
  };
  /** GET `url` and follow redirects; the last response and the URLs visited. */
  const visit = async (url: string) => {
    const visited = [url];
    let res = await request(url);
    while (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location') ?? '', visited.at(-1)).href;
      visited.push(next);
      res = await request(next);
    }
    return { res, visited, url: visited.at(-1) ?? url };
  };
  return { request, visit };
}

async function ticketFor(store: RunningStore, kakaoId: number): Promise<string> {
  if (!backend.sandbox) throw new Error('no sandbox');
  const redirectUri = `${store.url}/member/login.html`;
  const code = await backend.sandbox.issueCode('kakao', {
    redirectUri,
    state: STATE,
    nonce: NONCE,
    shopper: { kakaoId },
  });
  const res = await fetch(`${backend.url}/api/exchange`, {
    method: 'POST',
    headers: { origin: store.url, 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'kakao', code, state: STATE, redirectUri, nonce: NONCE }),
  });
  const body = await res.json();
  expect(body.ticket).toMatch(/^[\w-]{43}$/);
  return body.ticket;
}

describe('the Cafe24 store stand-in', () => {
  it('serves a Cafe24-like login page with the MemberAction and CAFE24API stand-ins and the tag', async () => {
    const page = await (await fetch(`${stores.form.url}/member/login.html`)).text();
    expect(page).toContain('<script src="/cafe24-store.js"></script>');
    expect(page).toContain('xans-member-login');
    expect(page).toContain('<div data-social-login></div>');
    expect(page).toContain(`data-backend="${backend.url}"`);
    const script = await (await fetch(`${stores.form.url}/cafe24-store.js`)).text();
    expect(script).toContain('snsLogin');
    expect(script).toContain('getCustomerIDInfo');
  });

  for (const format of ['form', 'json'] as const) {
    it(`completes the store session through its SSO (${format} requests): member id <id>@s`, async () => {
      const store = stores[format];
      const b = browser();
      const handoff = await b.request(`${backend.url}/sso/handoff`, {
        method: 'POST',
        headers: { origin: store.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ticket: await ticketFor(store, 4000000501),
          back: `${store.url}/member/login.html`,
        }).toString(),
      });
      expect(handoff.status).toBe(303);

      // What MemberAction.snsLogin('sso', '%2Fmyshop%2Findex.html') navigates to.
      const { visited, url } = await b.visit(
        `${store.url}/Api/Member/Oauth2ClientLogin/sso/?returnUrl=%2Fmyshop%2Findex.html`,
      );
      const authorize = new URL(visited[1] ?? '');
      expect(authorize.origin + authorize.pathname).toBe(`${backend.url}/sso/authorize`);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
        response_type: 'code',
        client_id: 'sandbox-cafe24-sso',
        redirect_uri: `${store.url}/Api/Member/Oauth2ClientCallback/sso/`,
      });
      expect(url).toBe(`${store.url}/myshop/index.html`);
      const who = await (await b.request(`${store.url}/exec/front/member/customer-id`)).json();
      expect(who).toEqual({
        member_id: expect.stringMatching(/^k[a-z2-7]{15}@s$/),
        guest_id: null,
      });
      expect(store.store.members.get(who.member_id)).toMatchObject({ name: '김민지' });
    });
  }

  it('shows the IdP refusal on its login page when nobody verified (no hand-off)', async () => {
    const { url, res } = await browser().visit(
      `${stores.form.url}/Api/Member/Oauth2ClientLogin/sso/?returnUrl=%2F`,
    );
    expect(new URL(url).pathname).toBe('/member/login.html');
    expect(new URL(url).searchParams.get('sso_error')).toBe('access_denied');
    expect(await res.text()).toContain('role="alert"');
  });

  it('refuses a callback whose state it did not issue', async () => {
    const res = await fetch(
      `${stores.form.url}/Api/Member/Oauth2ClientCallback/sso/?code=x&state=forged`,
      { redirect: 'manual' },
    );
    expect(
      new URL(res.headers.get('location') ?? '', stores.form.url).searchParams.get('sso_error'),
    ).toBe('state_mismatch');
  });

  it('never redirects off the store after login (returnUrl is a path on the store)', async () => {
    const res = await fetch(
      `${stores.form.url}/Api/Member/Oauth2ClientLogin/sso/?returnUrl=%2F%2Fevil.example`,
      { redirect: 'manual' },
    );
    const cookie = decodeURIComponent(decodeURIComponent(res.headers.getSetCookie()[0] ?? ''));
    expect(cookie).toContain('/index.html');
    expect(cookie).not.toContain('evil');
  });
});
