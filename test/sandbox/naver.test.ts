import { describe, expect, it } from 'vitest';
import {
  BASE_URL,
  consent,
  cookieFrom,
  get,
  location,
  NAVER,
  naverAuthorizeUrl,
  postForm,
  query,
  STORE_REDIRECT,
  testSandbox,
} from './helpers';

const DECISION = '/nid/oauth2.0/authorize/decision';

function tokenUrl(params: Record<string, string | undefined>) {
  return query('/nid/oauth2.0/token', {
    grant_type: 'authorization_code',
    client_id: NAVER.clientId,
    client_secret: NAVER.clientSecret,
    state: 'state-naver-1234567890',
    ...params,
  });
}

describe('Naver authorize', () => {
  it.each([
    ['an unknown client_id', { client_id: 'nope' }],
    [
      'a callback URL that is not registered',
      { redirect_uri: 'https://m.store.example/member/login.html' },
    ],
    ['no redirect_uri', { redirect_uri: undefined }],
  ])('shows an error page (never a redirect) for %s', async (_, params) => {
    const { sandbox } = testSandbox();
    const res = await get(sandbox, naverAuthorizeUrl(params));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('data-sandbox-error=');
  });

  it('sends unsupported_response_type back to a registered callback', async () => {
    const { sandbox } = testSandbox();
    const res = await get(sandbox, naverAuthorizeUrl({ response_type: 'token' }));
    expect(res.status).toBe(302);
    expect(location(res).searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('shows a Korean consent page with the two marked choices', async () => {
    const { sandbox } = testSandbox();
    const html = await (await get(sandbox, naverAuthorizeUrl())).text();
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('네이버 로그인');
    expect(html).toContain('SANDBOX');
    expect(html).toContain('data-sandbox-action="agree"');
    expect(html).toContain('data-sandbox-action="cancel"');
  });

  it('redirects with a code and the state when the shopper agrees', async () => {
    const { sandbox } = testSandbox();
    const res = await consent(sandbox, naverAuthorizeUrl(), DECISION, 'agree', 'junho');
    expect(res.status).toBe(302);
    const back = location(res);
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('state-naver-1234567890');
    expect(res.headers.get('set-cookie')).toMatch(/^sandbox_naver_consent=junho;/);
  });

  it('redirects with Naver’s own cancel wording when the shopper cancels', async () => {
    const { sandbox } = testSandbox();
    const res = await consent(sandbox, naverAuthorizeUrl(), DECISION, 'cancel');
    expect(res.headers.get('location')).toBe(
      `${STORE_REDIRECT}?error=access_denied&error_description=Canceled+By+User&state=state-naver-1234567890`,
    );
  });

  it('issues the code at once for remembered consent, unless auth_type asks again', async () => {
    const { sandbox } = testSandbox();
    const cookie = cookieFrom(await consent(sandbox, naverAuthorizeUrl(), DECISION, 'agree'));
    const again = await get(sandbox, naverAuthorizeUrl(), { cookie });
    expect(again.status).toBe(302);
    expect(location(again).searchParams.get('code')).toBeTruthy();
    for (const authType of ['reprompt', 'reauthenticate']) {
      expect(
        (await get(sandbox, naverAuthorizeUrl({ auth_type: authType }), { cookie })).status,
      ).toBe(200);
    }
  });

  it('does not take a Kakao consent decision', async () => {
    const { sandbox } = testSandbox();
    const page = await get(sandbox, naverAuthorizeUrl());
    const requestId = /name="request_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const res = await postForm(sandbox, '/kauth/oauth/authorize/decision', {
      request_id: requestId,
      action: 'agree',
    });
    expect(res.status).toBe(400);
  });
});

describe('Naver token', () => {
  async function code(sandbox: ReturnType<typeof testSandbox>['sandbox']) {
    const res = await consent(sandbox, naverAuthorizeUrl(), DECISION, 'agree');
    return location(res).searchParams.get('code') ?? '';
  }

  it('exchanges a code by GET with expires_in as a string, as Naver sends it', async () => {
    const { sandbox } = testSandbox();
    const res = await sandbox.app.request(tokenUrl({ code: await code(sandbox) }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: '3600' });
    expect(body.access_token).toEqual(expect.any(String));
    expect(body.refresh_token).toEqual(expect.any(String));
  });

  it('exchanges a code by POST with a form body', async () => {
    const { sandbox } = testSandbox();
    const res = await postForm(sandbox, '/nid/oauth2.0/token', {
      grant_type: 'authorization_code',
      client_id: NAVER.clientId,
      client_secret: NAVER.clientSecret,
      code: await code(sandbox),
      state: 'state-naver-1234567890',
    });
    expect((await res.json()).access_token).toEqual(expect.any(String));
  });

  // Each row: what Naver answers, always with HTTP 200 (reference sheet; logto connector-naver).
  it.each([
    [
      'a reused code',
      'reuse',
      { error: 'invalid_request', error_description: 'no valid data in session' },
    ],
    [
      'an unknown code',
      { code: 'made-up' },
      { error: 'invalid_request', error_description: 'no valid data in session' },
    ],
    ['a wrong secret', { client_secret: 'wrong' }, { error: 'invalid_client' }],
    ['an unknown client_id', { client_id: 'nope' }, { error: 'invalid_client' }],
    ['no client_secret', { client_secret: undefined }, { error: 'invalid_request' }],
    ['another grant_type', { grant_type: 'password' }, { error: 'unsupported_grant_type' }],
  ] as const)('answers HTTP 200 with an error body for %s', async (_, change, expected) => {
    const { sandbox } = testSandbox();
    const issued = await code(sandbox);
    if (change === 'reuse') await sandbox.app.request(tokenUrl({ code: issued }));
    const res = await sandbox.app.request(
      tokenUrl(change === 'reuse' ? { code: issued } : { code: issued, ...change }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject(expected);
    expect(body.access_token).toBeUndefined();
  });

  it('expires codes after 10 minutes', async () => {
    const { sandbox, advance } = testSandbox();
    const issued = await code(sandbox);
    advance(10 * 60 * 1000);
    expect(await (await sandbox.app.request(tokenUrl({ code: issued }))).json()).toMatchObject({
      error: 'invalid_request',
    });
  });
});

describe('Naver /v1/nid/me', () => {
  async function accessToken(sandbox: ReturnType<typeof testSandbox>['sandbox']) {
    const issued = await sandbox.issueCode('naver', {
      redirectUri: STORE_REDIRECT,
      state: 's',
      shopper: { key: 'junho' },
    });
    return (await (await sandbox.app.request(tokenUrl({ code: issued }))).json()).access_token;
  }

  it('answers the shopper’s profile in Naver’s shape', async () => {
    const { sandbox } = testSandbox();
    const res = await sandbox.app.request('/openapi/v1/nid/me', {
      headers: { authorization: `Bearer ${await accessToken(sandbox)}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      resultcode: '00',
      message: 'success',
      response: {
        id: 'KeLeWq3sJunhoSandbox4t7yU1iO2pA3sD4fG5hJ6kL',
        nickname: '준호',
        name: '이준호',
        email: 'junho.lee@sandbox.example',
        gender: 'M',
        age: '30-39',
        birthday: '11-02',
        profile_image: `${BASE_URL}/avatars/junho.svg`,
        birthyear: '1988',
        mobile: '010-2345-6789',
        mobile_e164: '+821023456789',
      },
    });
  });

  it.each([
    ['no token', {}],
    ['an unknown token', { authorization: 'Bearer made-up' }],
  ])('answers 401 resultcode 024 for %s', async (_, headers) => {
    const { sandbox } = testSandbox();
    const res = await sandbox.app.request('/openapi/v1/nid/me', { headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      resultcode: '024',
      message: 'Authentication failed (인증 실패하였습니다.)',
    });
  });

  it('answers 401 once the token is an hour old', async () => {
    const { sandbox, advance } = testSandbox();
    const token = await accessToken(sandbox);
    advance(3600 * 1000);
    const res = await sandbox.app.request('/openapi/v1/nid/me', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
  });
});
