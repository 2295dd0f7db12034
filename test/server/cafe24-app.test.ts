/**
 * The Cafe24 app over real HTTP against the Admin API stand-in: the launch URL's hmac, install by
 * OAuth (state single use, code → tokens with Basic auth), the widget added by a script tag, and
 * the welcome answered for the verified shopper only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { subjectFor } from '../../src/server/members';
import { installApp, MALL, STORE, startCafe24Server } from './cafe24-helpers';

let server: DevServer;
const sandbox = () => {
  if (!server.sandbox) throw new Error('no sandbox');
  return server.sandbox;
};

beforeAll(async () => {
  server = await startCafe24Server();
});
afterAll(() => server?.close());

describe('launching the app from the store admin', () => {
  it('sends a mall without the app to Cafe24’s authorize page with a fresh state', async () => {
    const res = await fetch(
      sandbox().cafe24Api.launchUrl(`${server.url}/cafe24/launch`, 'othermall'),
      {
        redirect: 'manual',
      },
    );
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') ?? '');
    expect(
      to.href.startsWith(`${server.url}/sandbox/cafe24-api/othermall/api/v2/oauth/authorize`),
    ).toBe(true);
    expect(to.searchParams.get('redirect_uri')).toBe(`${server.url}/cafe24/callback`);
    expect(to.searchParams.get('state')).toMatch(/^[\w-]{22}$/);
    expect(to.searchParams.get('scope')).toContain('mall.write_application');
  });

  it('answers 400 when the hmac does not match, is missing, or the URL is old', async () => {
    const good = sandbox().cafe24Api.launchUrl(`${server.url}/cafe24/launch`, MALL);
    const tampered = good.replace(`mall_id=${MALL}`, 'mall_id=victim');
    for (const url of [tampered, good.replace(/&hmac=.*/, '')]) {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_request');
    }
    const old = sandbox().cafe24Api.launchUrl(
      `${server.url}/cafe24/launch`,
      MALL,
      Date.now() - 3600_000,
    );
    const res = await fetch(old, { redirect: 'manual' });
    expect((await res.json()).error.message).toMatch(/expired/);
  });
});

describe('installing the app', () => {
  it('stores the tokens and adds the widget with one script tag, once', async () => {
    const res = await installApp(server);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('설치했습니다');
    const tags = sandbox().cafe24Api.mall(MALL).scripttags;
    expect(tags).toEqual([
      expect.objectContaining({
        src: `${server.url}/cafe24/widget.js?mall_id=${MALL}`,
        display_location: ['all'],
      }),
    ]);

    // Launching again shows the status page; reinstalling through OAuth adds no second tag.
    const launch = await fetch(sandbox().cafe24Api.launchUrl(`${server.url}/cafe24/launch`, MALL));
    expect(await launch.text()).toContain('설치되어 있습니다');
    expect(sandbox().cafe24Api.mall(MALL).scripttags).toHaveLength(1);
  });

  it('refuses a callback whose state was not issued or was already used', async () => {
    const launch = await fetch(
      sandbox().cafe24Api.launchUrl(`${server.url}/cafe24/launch`, 'statemall'),
      {
        redirect: 'manual',
      },
    );
    const authorize = await fetch(launch.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = authorize.headers.get('location') ?? '';
    // A failed attempt (the code was tampered with) still uses the state up.
    const failed = await fetch(callback.replace(/code=[^&]+/, 'code=tampered'));
    expect(failed.status).toBe(400);
    expect((await failed.json()).error.code).toBe('invalid_grant');
    const reused = await fetch(callback);
    expect(reused.status).toBe(400);
    expect((await reused.json()).error.message).toMatch(/state/);
    const forged = await fetch(`${server.url}/cafe24/callback?code=x&state=never-issued`);
    expect(forged.status).toBe(400);
  });

  it('serves the script tag’s loader with the backend’s public settings', async () => {
    const res = await fetch(`${server.url}/cafe24/widget.js?mall_id=${MALL}`);
    expect(res.headers.get('content-type')).toContain('javascript');
    const js = await res.text();
    expect(js).toContain(`"backend":"${server.url}"`);
    expect(js).toContain(`"mall-id":"${MALL}"`);
    expect((await fetch(`${server.url}/cafe24/widget.js?mall_id=%3Cscript%3E`)).status).toBe(400);
  });
});

describe('the welcome for a shopper who just logged in', () => {
  async function login(shopper = 'minji'): Promise<{ welcome: string; memberId: string }> {
    const redirectUri = `${STORE}/member/login.html`;
    const code = await sandbox().issueCode('naver', {
      redirectUri,
      state: 'c3RhdGUtc3RhdGUtc3RhdA',
      shopper: { key: shopper },
    });
    const res = await fetch(`${server.url}/api/exchange`, {
      method: 'POST',
      headers: { origin: STORE, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'naver',
        code,
        state: 'c3RhdGUtc3RhdGUtc3RhdA',
        redirectUri,
      }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(typeof body.welcome).toBe('string');
    const subject = subjectFor({ naver: SANDBOX_CREDENTIALS.naverClientId }, body.user);
    return { welcome: body.welcome, memberId: `${subject}@s` };
  }

  const ask = (pass: string, origin = STORE) =>
    fetch(`${server.url}/api/welcome`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ pass }),
    });

  it('answers the member’s own coupons and points from the Admin API', async () => {
    const { welcome, memberId } = await login();
    sandbox().cafe24Api.seedMember(
      MALL,
      { member_id: memberId, name: '이서준', available_points: 2500 },
      [
        {
          coupon_name: '첫 구매 3,000원 할인',
          benefit_type: 'A',
          benefit_price: '3000.00',
          available_end_datetime: '2026-12-31T23:59:59+09:00',
        },
      ],
    );
    sandbox().cafe24Api.seedMember(
      MALL,
      { member_id: 'someoneelse@s', name: '남', available_points: 99999 },
      [
        {
          coupon_name: '남의 쿠폰',
          benefit_type: 'A',
          benefit_price: '1.00',
          available_end_datetime: '2026-12-31T23:59:59+09:00',
        },
      ],
    );
    const res = await ask(welcome);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      points: 2500,
      coupons: [{ name: '첫 구매 3,000원 할인', expiresAt: '2026-12-31T23:59:59+09:00' }],
      notice: {
        title: '반가워요! 지금 쓸 수 있는 혜택이에요',
        lines: ['적립금 2,500', '쿠폰 1장: 첫 구매 3,000원 할인'],
        close: '닫기',
      },
    });
  });

  it('answers nothing to tell for a shopper the store has no member for (yet)', async () => {
    const { welcome } = await login('seoyeon'); // signed in with Naver, never joined the store
    const res = await ask(welcome);
    expect(await res.json()).toEqual({ points: 0, coupons: [], notice: null });
  });

  it('trades a pass once: a second use is refused, so a pass read from a tab later opens nothing', async () => {
    const { welcome } = await login();
    expect((await ask(welcome)).status).toBe(200);
    const again = await ask(welcome);
    expect(again.status).toBe(400);
    expect((await again.json()).error).toEqual({
      code: 'invalid_request',
      message: '"pass" was already used',
    });
  });

  it('refuses a forged or altered pass, and a pass used from another origin', async () => {
    const { welcome } = await login();
    const [payload, signature] = welcome.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const altered = `${Buffer.from(JSON.stringify({ ...claims, sub: 'naver:someone' })).toString('base64url')}.${signature}`;
    for (const pass of [altered, 'not-a-pass', `${payload}.AAAA`]) {
      const res = await ask(pass);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_request');
    }
    const elsewhere = await ask(welcome, 'https://evil.example');
    expect(elsewhere.status).toBe(403);
  });
});

describe('opening the app again on an installed mall', () => {
  const launch = (mallId = MALL) =>
    fetch(sandbox().cafe24Api.launchUrl(`${server.url}/cafe24/launch`, mallId), {
      redirect: 'manual',
    });

  it('adds the script tag again when it was removed from the store', async () => {
    sandbox().cafe24Api.mall(MALL).scripttags = [];
    const res = await launch();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('added again just now');
    expect(sandbox().cafe24Api.mall(MALL).scripttags).toHaveLength(1);
  });

  it('runs Cafe24’s OAuth again when Cafe24 refuses the stored tokens (app removed and re-added, grant expired)', async () => {
    sandbox().cafe24Api.revokeTokens(MALL);
    const res = await launch();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain(`/cafe24-api/${MALL}/api/v2/oauth/authorize`);
    // Finishing that install makes the mall work again, with still one script tag.
    expect((await installApp(server)).status).toBe(200);
    const again = await launch();
    expect(await again.text()).toContain('설치되어 있습니다');
    expect(sandbox().cafe24Api.mall(MALL).scripttags).toHaveLength(1);
  });
});

describe('an install whose script tag fails', () => {
  it('still stores the tokens, says so, and adds the tag on the next launch', async () => {
    let failTags = true;
    const flaky = await startCafe24Server({
      deps: {
        fetch: (input, init) =>
          failTags && init?.method === 'POST' && String(input).endsWith('/scripttags')
            ? Promise.resolve(
                Response.json({ error: { code: 500, message: 'boom' } }, { status: 500 }),
              )
            : fetch(input, init),
      },
    });
    try {
      const res = await installApp(flaky);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('could not be added yet');
      const api = flaky.sandbox?.cafe24Api;
      expect(api?.mall(MALL).scripttags).toEqual([]);
      failTags = false;
      const launch = await fetch(api?.launchUrl(`${flaky.url}/cafe24/launch`, MALL) ?? '');
      expect(await launch.text()).toContain('설치되어 있습니다');
      expect(api?.mall(MALL).scripttags).toHaveLength(1);
    } finally {
      await flaky.close();
    }
  });
});

describe('GET /social-login.js', () => {
  it('serves the built widget to any origin, cached 5 minutes', async () => {
    const res = await fetch(`${server.url}/social-login.js`, { headers: { origin: STORE } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await res.text()).length).toBeGreaterThan(1000);
  });

  it('answers 503 with a clear message while the widget is not built', async () => {
    const unbuilt = await startCafe24Server({
      deps: { widgetFile: '/nonexistent/social-login.js' },
    });
    try {
      const res = await fetch(`${unbuilt.url}/social-login.js`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('not built on this backend: run `npm run build`');
    } finally {
      await unbuilt.close();
    }
  });
});

describe('rate limits', () => {
  it('gives /api/welcome its own limiter: welcomes do not use up a shopper’s logins', async () => {
    const limited = await startCafe24Server({ deps: { rateLimit: { perMinute: 1, burst: 2 } } });
    const post = (path: string) =>
      fetch(`${limited.url}${path}`, {
        method: 'POST',
        headers: { origin: STORE, 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.status);
    try {
      expect([await post('/api/welcome'), await post('/api/welcome')]).toEqual([400, 400]);
      expect(await post('/api/welcome')).toBe(429);
      expect([await post('/api/exchange'), await post('/api/exchange')]).toEqual([400, 400]);
      expect(await post('/api/exchange')).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
