import { describe, expect, it } from 'vitest';
import {
  consent,
  cookieFrom,
  get,
  KAKAO,
  KAKAOTALK_UA,
  kakaoAuthorizeUrl,
  location,
  postForm,
  requestIdFrom,
  STORE_REDIRECT,
  testSandbox,
} from './helpers';

const DECISION = '/kauth/oauth/authorize/decision';

describe('Kakao authorize', () => {
  it.each([
    ['an unknown client_id', { client_id: 'nope' }, 401, 'KOE101'],
    ['no client_id', { client_id: undefined }, 401, 'KOE101'],
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 400, 'KOE006'],
    ['no redirect_uri', { redirect_uri: undefined }, 400, 'KOE006'],
    ['a redirect_uri with a fragment', { redirect_uri: `${STORE_REDIRECT}#x` }, 400, 'KOE006'],
    ['response_type=token', { response_type: 'token' }, 400, 'KOE201'],
    ['an unknown prompt', { prompt: 'consent' }, 400, 'KOE001'],
  ])('shows an error page (never a redirect) for %s', async (_, params, status, code) => {
    const { sandbox } = testSandbox();
    const res = await get(sandbox, kakaoAuthorizeUrl(params));
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain(`data-sandbox-error="${code}"`);
  });

  it('accepts both the JavaScript key and the REST API key as client_id', async () => {
    const { sandbox } = testSandbox();
    for (const clientId of [KAKAO.jsKey, KAKAO.restKey]) {
      const res = await get(sandbox, kakaoAuthorizeUrl({ client_id: clientId }));
      expect(res.status).toBe(200);
    }
  });

  it('accepts any http(s) redirect URI when none are registered', async () => {
    const { sandbox } = testSandbox({ kakao: { ...KAKAO } });
    const res = await get(sandbox, kakaoAuthorizeUrl({ redirect_uri: 'http://127.0.0.1:4321/cb' }));
    expect(res.status).toBe(200);
    const js = await get(sandbox, kakaoAuthorizeUrl({ redirect_uri: 'javascript:alert(1)' }));
    expect(js.status).toBe(400);
  });

  it('shows a Korean, Sandbox-labelled consent page with the two marked choices', async () => {
    const { sandbox } = testSandbox();
    const res = await get(sandbox, kakaoAuthorizeUrl());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('SANDBOX');
    expect(html).toContain('data-sandbox-action="agree"');
    expect(html).toContain('data-sandbox-action="cancel"');
    expect(html).toContain('김민지');
    expect(html).toContain('카카오계정(이메일)');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('preselects the shopper named by login_hint', async () => {
    const { sandbox } = testSandbox();
    const res = await get(sandbox, kakaoAuthorizeUrl({ login_hint: 'junho.lee@sandbox.example' }));
    expect(await res.text()).toMatch(/<option value="junho" selected>/);
  });

  it('escapes whatever the request puts on the page', async () => {
    const { sandbox } = testSandbox();
    const res = await get(sandbox, kakaoAuthorizeUrl({ scope: '<script>alert(1)</script>' }));
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps the request server-side: the form carries only an opaque request id', async () => {
    const { sandbox } = testSandbox();
    const html = await (await get(sandbox, kakaoAuthorizeUrl({ nonce: 'nonce-abc' }))).text();
    expect(html).not.toContain(STORE_REDIRECT);
    expect(html).not.toContain('nonce-abc');
  });

  it('redirects with a code and the state when the shopper agrees, and remembers consent', async () => {
    const { sandbox } = testSandbox();
    const res = await consent(sandbox, kakaoAuthorizeUrl(), DECISION, 'agree');
    expect(res.status).toBe(302);
    const back = location(res);
    expect(`${back.origin}${back.pathname}`).toBe(STORE_REDIRECT);
    expect(back.searchParams.get('code')).toMatch(/^[\w-]{40,}$/);
    expect(back.searchParams.get('state')).toBe('state-1234567890abcdef');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sandbox_kakao_consent=minji;/);
    expect(cookie).toContain('Path=/sandbox');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('redirects with access_denied when the shopper cancels', async () => {
    const { sandbox } = testSandbox();
    const res = await consent(sandbox, kakaoAuthorizeUrl(), DECISION, 'cancel');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `${STORE_REDIRECT}?error=access_denied&error_description=User%20denied%20access&state=state-1234567890abcdef`,
    );
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a consent decision it did not issue, or one used twice', async () => {
    const { sandbox } = testSandbox();
    const forged = await postForm(sandbox, DECISION, { request_id: 'made-up', action: 'agree' });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();

    const page = await get(sandbox, kakaoAuthorizeUrl());
    const requestId = await requestIdFrom(page);
    expect(
      (await postForm(sandbox, DECISION, { request_id: requestId, action: 'agree' })).status,
    ).toBe(302);
    expect(
      (await postForm(sandbox, DECISION, { request_id: requestId, action: 'agree' })).status,
    ).toBe(400);
  });

  it('issues the code at once when consent is remembered, unless prompt asks for the pages', async () => {
    const { sandbox } = testSandbox();
    const agreed = await consent(sandbox, kakaoAuthorizeUrl(), DECISION, 'agree', 'junho');
    const cookie = cookieFrom(agreed);

    const again = await get(sandbox, kakaoAuthorizeUrl(), { cookie });
    expect(again.status).toBe(302);
    expect(location(again).searchParams.get('code')).toBeTruthy();

    for (const prompt of ['login', 'select_account', 'create']) {
      const page = await get(sandbox, kakaoAuthorizeUrl({ prompt }), { cookie });
      expect(page.status).toBe(200);
      // The remembered shopper is preselected.
      expect(await page.text()).toMatch(/<option value="junho" selected>/);
    }
  });

  describe('prompt=none (automatic login)', () => {
    it('answers auto_login NOT_SUPPORTED_BROWSER outside KakaoTalk', async () => {
      const { sandbox } = testSandbox();
      const res = await get(sandbox, kakaoAuthorizeUrl({ prompt: 'none' }));
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(
        `${STORE_REDIRECT}?error=auto_login&error_description=NOT_SUPPORTED_BROWSER&state=state-1234567890abcdef`,
      );
    });

    it('answers consent_required inside KakaoTalk for a shopper not yet connected', async () => {
      const { sandbox } = testSandbox();
      const res = await get(sandbox, kakaoAuthorizeUrl({ prompt: 'none' }), {
        'user-agent': KAKAOTALK_UA,
      });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(
        `${STORE_REDIRECT}?error=consent_required&error_description=user%20consent%20required.&state=state-1234567890abcdef`,
      );
    });

    it('logs a connected shopper in at once inside KakaoTalk', async () => {
      const { sandbox } = testSandbox();
      const cookie = cookieFrom(await consent(sandbox, kakaoAuthorizeUrl(), DECISION, 'agree'));
      const res = await get(sandbox, kakaoAuthorizeUrl({ prompt: 'none' }), {
        'user-agent': KAKAOTALK_UA,
        cookie,
      });
      expect(res.status).toBe(302);
      expect(location(res).searchParams.get('code')).toBeTruthy();
      expect(location(res).searchParams.get('error')).toBeNull();
    });
  });
});
