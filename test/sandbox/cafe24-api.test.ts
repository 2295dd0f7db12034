/**
 * The Cafe24 Admin API stand-in behaves like Cafe24 documents it: 1-minute single-use codes, Basic
 * client authentication, refresh tokens that rotate (only the newest works), a per-mall leaky
 * bucket of 40 that drains 2 a second with `X-Api-Call-Limit`, 429 when full, and limit/offset caps.
 */
import { describe, expect, it } from 'vitest';
import {
  type Cafe24Api,
  createCafe24Api,
  SANDBOX_CAFE24,
} from '../../src/sandbox/cafe24-api/index';

const MALL = 'testmall';
const REDIRECT = 'https://app.example.com/cafe24/callback';
const BASIC = `Basic ${Buffer.from(`${SANDBOX_CAFE24.clientId}:${SANDBOX_CAFE24.clientSecret}`).toString('base64')}`;

function standIn() {
  const clock = { now: Date.UTC(2026, 0, 15, 3, 0, 0) };
  const api = createCafe24Api({ redirectUris: [REDIRECT], now: () => clock.now });
  return { api, clock };
}

async function code(api: Cafe24Api, state = 'st'): Promise<string> {
  const res = await api.app.request(
    `/${MALL}/api/v2/oauth/authorize?response_type=code&client_id=${SANDBOX_CAFE24.clientId}&state=${state}&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=mall.read_customer`,
  );
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get('location') ?? '');
  expect(to.searchParams.get('state')).toBe(state);
  return to.searchParams.get('code') ?? '';
}

function token(api: Cafe24Api, form: Record<string, string>, authorization = BASIC) {
  return api.app.request(`/${MALL}/api/v2/oauth/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

const admin = (api: Cafe24Api, path: string, accessToken: string) =>
  api.app.request(`/${MALL}/api/v2/admin${path}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });

async function install(api: Cafe24Api) {
  const res = await token(api, {
    grant_type: 'authorization_code',
    code: await code(api),
    redirect_uri: REDIRECT,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; refresh_token: string; expires_at: string };
}

describe('Cafe24 Admin API stand-in: OAuth', () => {
  it('trades a code for tokens once, with Basic auth, and answers as the Cafe24 OAuth 2.0 guide shows', async () => {
    const { api } = standIn();
    const c = await code(api);
    const first = await token(api, {
      grant_type: 'authorization_code',
      code: c,
      redirect_uri: REDIRECT,
    });
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({
      client_id: SANDBOX_CAFE24.clientId,
      mall_id: MALL,
      scopes: ['mall.read_customer'],
    });
    // Seoul local time without an offset, two hours after issue (the guide's sample answer).
    expect(body.expires_at).toBe('2026-01-15T14:00:00.000');

    const again = await token(api, {
      grant_type: 'authorization_code',
      code: c,
      redirect_uri: REDIRECT,
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code after its minute, a wrong secret and an unregistered redirect', async () => {
    const { api, clock } = standIn();
    const c = await code(api);
    clock.now += 61_000;
    const late = await token(api, {
      grant_type: 'authorization_code',
      code: c,
      redirect_uri: REDIRECT,
    });
    expect(await late.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'code expired',
    });

    const wrong = `Basic ${Buffer.from(`${SANDBOX_CAFE24.clientId}:nope`).toString('base64')}`;
    const bad = await token(
      api,
      { grant_type: 'authorization_code', code: await code(api), redirect_uri: REDIRECT },
      wrong,
    );
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid_client' });

    const res = await api.app.request(
      `/${MALL}/api/v2/oauth/authorize?response_type=code&client_id=${SANDBOX_CAFE24.clientId}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
    );
    expect(res.status).toBe(400);
  });

  it('rotates the refresh token on every use: only the newest one works', async () => {
    const { api } = standIn();
    const tokens = await install(api);
    const r1 = await token(api, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    const rotated = await r1.json();
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    const old = await token(api, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(old.status).toBe(400);
    expect(await old.json()).toMatchObject({ error: 'invalid_grant' });
    const next = await token(api, {
      grant_type: 'refresh_token',
      refresh_token: rotated.refresh_token,
    });
    expect(next.status).toBe(200);
    expect(api.mall(MALL).stats.refreshGrants).toBe(2);
  });
});

describe('Cafe24 Admin API stand-in: resources and limits', () => {
  it('answers 401 without a valid bearer token and after the token expired', async () => {
    const { api } = standIn();
    expect((await admin(api, '/scripttags', 'nope')).status).toBe(401);
    const { access_token } = await install(api);
    api.expireAccessTokens(MALL);
    const res = await admin(api, '/scripttags', access_token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 401 } });
  });

  it('counts calls in X-Api-Call-Limit, answers 429 at 41 and drains 2 a second', async () => {
    const { api, clock } = standIn();
    const { access_token } = await install(api);
    for (let i = 1; i <= 40; i++) {
      const res = await admin(api, '/scripttags', access_token);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-api-call-limit')).toBe(`${i}/40`);
    }
    const full = await admin(api, '/scripttags', access_token);
    expect(full.status).toBe(429);
    expect(full.headers.get('x-api-call-limit')).toBe('40/40');
    clock.now += 1000;
    expect((await admin(api, '/scripttags', access_token)).status).toBe(200);
    expect((await admin(api, '/scripttags', access_token)).status).toBe(200);
    expect((await admin(api, '/scripttags', access_token)).status).toBe(429);
  });

  it('caps limit at 500 and offset at 10000 with 422', async () => {
    const { api } = standIn();
    const { access_token } = await install(api);
    expect((await admin(api, '/coupons?limit=501', access_token)).status).toBe(422);
    expect((await admin(api, '/coupons?offset=10001', access_token)).status).toBe(422);
    expect((await admin(api, '/coupons?limit=500&offset=10000', access_token)).status).toBe(200);
  });

  // Per-endpoint caps from noston/cafe24-api-spec customers-coupons.md and points.md.
  it.each([
    ['/customers/kabc%40s/coupons?limit=101', 'limit must be between 1 and 100'],
    [
      '/points?start_date=2026-01-01&end_date=2026-01-31&limit=101',
      'limit must be between 1 and 100',
    ],
    [
      '/points?start_date=2026-01-01&end_date=2026-01-31&offset=8001',
      'offset must be between 0 and 8000',
    ],
    ['/points?member_id=kabc@s', 'start_date and end_date are required'],
    ['/customers', 'one of member_id or cellphone is required'],
  ])('answers 422 to %s', async (path, message) => {
    const { api } = standIn();
    const { access_token } = await install(api);
    api.seedMember(MALL, { member_id: 'kabc@s', name: '김민지', available_points: 1 });
    const res = await admin(api, path, access_token);
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toBe(message);
  });

  it('finds members by member_id or cellphone, and answers an empty list for an unknown one', async () => {
    const { api } = standIn();
    const { access_token } = await install(api);
    api.seedMember(MALL, {
      member_id: 'kabc@s',
      name: '김민지',
      cellphone: '010-1234-5678',
      available_points: 1200,
    });
    const byId = await (await admin(api, '/customers?member_id=kabc@s', access_token)).json();
    expect(byId.customers).toEqual([
      expect.objectContaining({ member_id: 'kabc@s', available_points: '1200.00' }),
    ]);
    const byPhone = await (
      await admin(api, '/customers?cellphone=010-1234-5678', access_token)
    ).json();
    expect(byPhone.customers).toEqual([expect.objectContaining({ member_id: 'kabc@s' })]);
    const none = await (await admin(api, '/customers?member_id=gone@s', access_token)).json();
    expect(none).toEqual({ customers: [] });
  });

  it('serves a member, their coupons and points, and script tags', async () => {
    const { api } = standIn();
    const { access_token } = await install(api);
    api.seedMember(MALL, { member_id: 'kabc@s', name: '김민지', available_points: 3000 }, [
      {
        coupon_name: '신규 가입 10% 할인',
        benefit_type: 'B',
        benefit_percentage: '10',
        available_end_datetime: '2026-02-15T23:59:59+09:00',
      },
    ]);
    const customers = await (await admin(api, '/customers?member_id=kabc@s', access_token)).json();
    expect(customers.customers).toEqual([expect.objectContaining({ member_id: 'kabc@s' })]);
    const coupons = await (await admin(api, '/customers/kabc%40s/coupons', access_token)).json();
    expect(coupons.coupons).toEqual([
      expect.objectContaining({ coupon_name: '신규 가입 10% 할인' }),
    ]);
    const [coupon] = coupons.coupons;
    const issues = await (
      await admin(api, `/coupons/${coupon.coupon_no}/issues?member_id=kabc@s`, access_token)
    ).json();
    expect(issues.issues).toEqual([
      expect.objectContaining({ member_id: 'kabc@s', used_coupon: 'F' }),
    ]);
    const points = await (
      await admin(
        api,
        '/points?member_id=kabc@s&start_date=2026-01-01&end_date=2026-01-31',
        access_token,
      )
    ).json();
    expect(points.points[0].available_points_total).toBe('3000.00');

    const created = await api.app.request(`/${MALL}/api/v2/admin/scripttags`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        shop_no: 1,
        request: { src: 'https://app.example.com/w.js', display_location: ['all'] },
      }),
    });
    expect(created.status).toBe(201);
    const list = await (await admin(api, '/scripttags', access_token)).json();
    expect(list.scripttags).toEqual([
      expect.objectContaining({ src: 'https://app.example.com/w.js', display_location: ['all'] }),
    ]);
  });
});
