/**
 * The Cafe24 store stand-in over real HTTP, mounted on the demo store's origin as `npm start` does,
 * driven as a browser would (redirects followed by hand, cookies kept per origin): its Single
 * Sign-On against our backend as identity provider, its members as the Admin API stand-in's
 * customers (with the mall's signup benefit), the store pages around it, and its refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../../demo/server';
import { type DevServer, devConfig, startDevServer } from '../../scripts/dev-server';
import { freePort } from '../../scripts/free-port';
import type { Cafe24Api } from '../../src/sandbox/cafe24-api/index';
import { type Cafe24Store, createCafe24Store } from '../../src/sandbox/cafe24-store/index';
import { PATIENT_EXCHANGE_DEADLINE_MS, PATIENT_UPSTREAM_TIMEOUT_MS } from '../server/helpers';

const STATE = 'c3RhdGUtc3RhdGUtc3RhdA';
const NONCE = 'bm9uY2Utbm9uY2Utbm9uY2';
/** The form store is mall 'demomall' with the default benefit; the JSON one a mall of its own. */
const MALLS = { form: 'demomall', json: 'jsonmall' } as const;

interface RunningStore {
  url: string;
  store: Cafe24Store;
  close(): Promise<void>;
}

let backend: DevServer;
let stores: Record<'form' | 'json', RunningStore>;
const api = (): Cafe24Api => {
  if (!backend.sandbox) throw new Error('no sandbox');
  return backend.sandbox.cafe24Api;
};

beforeAll(async () => {
  const ports = { form: await freePort(), json: await freePort() };
  const origins = Object.values(ports).map((port) => `http://localhost:${port}`);
  backend = await startDevServer(
    devConfig(
      {
        SANDBOX: '1',
        PORT: '0',
        ALLOWED_ORIGINS: origins.join(','),
        LOG_LEVEL: 'silent',
        UPSTREAM_TIMEOUT_MS: PATIENT_UPSTREAM_TIMEOUT_MS,
      },
      () => {},
    ),
    { port: 0, deps: { rateLimit: false, exchangeDeadlineMs: PATIENT_EXCHANGE_DEADLINE_MS } },
  );
  const settings = () => ({ backendUrl: backend.url, kakaoJsKey: 'sandbox-kakao-js-key' });
  const run = async (format: 'form' | 'json'): Promise<RunningStore> => {
    const store = createCafe24Store({
      idpUrl: backend.url,
      cafe24Api: api(),
      mallId: MALLS[format],
      ...(format === 'json'
        ? {
            requestFormat: 'json' as const,
            signupBenefit: {
              points: 500,
              coupons: [
                {
                  coupon_name: '웰컴 10%',
                  benefit_type: 'B' as const,
                  benefit_percentage: '10',
                  validDays: 7,
                },
              ],
            },
          }
        : {}),
    });
    const demo: RunningDemo = await startDemo(settings, ports[format], { store });
    return { url: demo.url, store, close: demo.close };
  };
  stores = { form: await run('form'), json: await run('json') };
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

/** A verified shopper's whole store login: hand-off, then MemberAction.snsLogin('sso', …). */
async function logIn(store: RunningStore, kakaoId: number, returnUrl = '/myshop/index.html') {
  const b = browser();
  const handoff = await b.request(`${backend.url}/sso/handoff`, {
    method: 'POST',
    headers: { origin: store.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ticket: await ticketFor(store, kakaoId),
      back: `${store.url}/member/login.html`,
    }).toString(),
  });
  expect(handoff.status).toBe(303);
  const visit = await b.visit(
    `${store.url}/Api/Member/Oauth2ClientLogin/sso/?returnUrl=${encodeURIComponent(returnUrl)}`,
  );
  const who = await (await b.request(`${store.url}/exec/front/member/customer-id`)).json();
  return { ...visit, b, memberId: who.member_id as string | null };
}

describe('the Cafe24 store stand-in on the demo origin', () => {
  it('serves a Cafe24-like login page with the MemberAction and CAFE24API stand-ins and the tag', async () => {
    const page = await (await fetch(`${stores.form.url}/member/login.html`)).text();
    expect(page).toContain('<script src="/cafe24-store.js"></script>');
    expect(page).toContain('xans-member-login');
    expect(page).toContain('<div data-social-login></div>');
    expect(page).toContain(`data-backend="${backend.url}"`);
    // A guest: Cafe24's signed-off block, never the signed-in one.
    expect(page).toContain('xans-layout-statelogoff');
    expect(page).not.toContain('xans-layout-statelogon');
    const script = await (await fetch(`${stores.form.url}/cafe24-store.js`)).text();
    expect(script).toContain('snsLogin');
    expect(script).toContain('getCustomerIDInfo');
  });

  it('leaves the gallery and the test pages plain pages, without MemberAction', async () => {
    for (const path of [
      '/',
      '/test/hostile.html',
      '/test/strict-csp.html',
      '/gallery/frame.html',
    ]) {
      const page = await (await fetch(`${stores.form.url}${path}`)).text();
      expect(page, path).toContain('social-login.js');
      expect(page, path).not.toContain('cafe24-store.js');
    }
  });

  for (const format of ['form', 'json'] as const) {
    it(`completes the store session through its SSO (${format} requests): member id <id>@s`, async () => {
      const store = stores[format];
      // What MemberAction.snsLogin('sso', '%2Fmyshop%2Findex.html') navigates to.
      const { visited, url, memberId } = await logIn(store, 4000000501);
      const authorize = new URL(visited[1] ?? '');
      expect(authorize.origin + authorize.pathname).toBe(`${backend.url}/sso/authorize`);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
        response_type: 'code',
        client_id: 'sandbox-cafe24-sso',
        redirect_uri: `${store.url}/Api/Member/Oauth2ClientCallback/sso/`,
      });
      expect(url).toBe(`${store.url}/myshop/index.html`);
      expect(memberId).toMatch(/^k[a-z2-7]{15}@s$/);
      expect(store.store.members.get(memberId ?? '')).toMatchObject({ name: '김민지' });
    });
  }

  it("signs a new member up as the Admin API's customer, with the mall's signup benefit once", async () => {
    const first = await logIn(stores.form, 4000000502);
    const memberId = first.memberId ?? '';
    const mall = api().mall(MALLS.form);
    expect(mall.customers.get(memberId)).toMatchObject({
      member_id: memberId,
      available_points: 1000,
    });
    const issued = () => mall.issues.filter((i) => i.member_id === memberId);
    expect(issued()).toHaveLength(1);
    const coupon = mall.coupons.find((c) => c.coupon_no === issued()[0]?.coupon_no);
    expect(coupon).toMatchObject({ coupon_name: '신규 가입 감사 쿠폰', benefit_type: 'A' });
    expect(coupon?.available_end_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);

    // The same member again: no second signup, no second coupon.
    expect((await logIn(stores.form, 4000000502)).memberId).toBe(memberId);
    expect(issued()).toHaveLength(1);
    // Every new member gets the same signup coupon, not a coupon of their own.
    await logIn(stores.form, 4000000503);
    expect(mall.coupons.filter((c) => c.coupon_name === '신규 가입 감사 쿠폰')).toHaveLength(1);
  });

  it('takes the signup benefit from its options', async () => {
    const { memberId } = await logIn(stores.json, 4000000504);
    const mall = api().mall(MALLS.json);
    expect(mall.customers.get(memberId ?? '')?.available_points).toBe(500);
    expect(mall.coupons.map((c) => c.coupon_name)).toEqual(['웰컴 10%']);
  });

  it('renders the signed-in block on the store pages for a member, and logs out back to the page', async () => {
    const { b, memberId } = await logIn(stores.form, 4000000505, '/member/login.html');
    for (const path of [
      '/member/login.html',
      '/m/member/login.html',
      '/index.html',
      '/myshop/index.html',
    ]) {
      const page = await (await b.request(`${stores.form.url}${path}`)).text();
      expect(page, path).toContain('xans-layout-statelogon');
      expect(page, path).not.toContain('xans-layout-statelogoff');
      expect(page, path).toContain(`data-backend="${backend.url}"`);
    }
    expect(memberId).toMatch(/@s$/);
    const out = await b.request(`${stores.form.url}/exec/front/member/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'returnUrl=%2Fmember%2Flogin.html',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/member/login.html');
    const who = await (await b.request(`${stores.form.url}/exec/front/member/customer-id`)).json();
    expect(who).toEqual({ member_id: null, guest_id: 'sandbox-guest' });
  });

  it('deletes a member who leaves from the mall: the customer and their coupons', async () => {
    const { b, memberId } = await logIn(stores.form, 4000000506);
    const mall = api().mall(MALLS.form);
    expect(mall.customers.has(memberId ?? '')).toBe(true);
    const res = await b.request(`${stores.form.url}/exec/front/member/withdraw`, {
      method: 'POST',
    });
    expect(res.headers.get('location')).toBe('/index.html');
    expect(mall.customers.has(memberId ?? '')).toBe(false);
    expect(mall.issues.some((i) => i.member_id === memberId)).toBe(false);
  });

  it('shows the IdP refusal on its login page when nobody verified (no hand-off)', async () => {
    const { url, res } = await browser().visit(
      `${stores.form.url}/Api/Member/Oauth2ClientLogin/sso/?returnUrl=%2F`,
    );
    expect(new URL(url).pathname).toBe('/member/login.html');
    expect(new URL(url).searchParams.get('sso_error')).toBe('access_denied');
    expect(await res.text()).toMatch(
      /id="store-notice" role="alert">SSO 로그인에 실패했습니다 \(access_denied\)/,
    );
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
