import { describe, expect, it } from 'vitest';
import { BASE_URL, kakaoToken, STORE_REDIRECT, testSandbox } from './helpers';

async function accessToken(
  sandbox: ReturnType<typeof testSandbox>['sandbox'],
  shopper?: { key: string },
): Promise<string> {
  const code = await sandbox.issueCode('kakao', { redirectUri: STORE_REDIRECT, shopper });
  return (await (await kakaoToken(sandbox, { code })).json()).access_token;
}

const NO_TOKEN = { msg: 'this access token does not exist', code: -401 };

describe('Kakao /v2/user/me', () => {
  it('answers the connected shopper in Kakao’s shape, by GET or POST', async () => {
    const { sandbox, clock } = testSandbox();
    const token = await accessToken(sandbox);
    for (const method of ['GET', 'POST']) {
      const res = await sandbox.app.request('/kapi/v2/user/me', {
        method,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        id: 4000000001,
        connected_at: new Date(clock.now).toISOString().replace('.000', ''),
        properties: { nickname: '민지', profile_image: `${BASE_URL}/avatars/minji.svg` },
        kakao_account: {
          profile_nickname_needs_agreement: false,
          profile: { nickname: '민지', is_default_image: false },
          name: '김민지',
          has_email: true,
          email_needs_agreement: false,
          is_email_valid: true,
          is_email_verified: true,
          email: 'minji.kim@sandbox.example',
          has_phone_number: true,
          phone_number: '+82 10-1234-5678',
          age_range: '30~39',
          birthyear: '1995',
          birthday: '0315',
          gender: 'female',
        },
      });
      expect(typeof body.id).toBe('number');
    }
  });

  it('reports has_email false for a shopper who shares no e-mail', async () => {
    const { sandbox } = testSandbox();
    const token = await accessToken(sandbox, { key: 'dohyun' });
    const res = await sandbox.app.request('/kapi/v2/user/me', {
      headers: { authorization: `Bearer ${token}` },
    });
    const account = (await res.json()).kakao_account;
    expect(account.has_email).toBe(false);
    expect(account.email).toBeUndefined();
    expect(account.has_phone_number).toBe(false);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'Bearer made-up'],
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
  ])('answers 401 -401 for %s', async (_, authorization) => {
    const { sandbox } = testSandbox();
    const res = await sandbox.app.request('/kapi/v2/user/me', {
      headers: authorization ? { authorization } : {},
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(NO_TOKEN);
  });

  it('answers 401 -401 once the access token has expired (6 hours)', async () => {
    const { sandbox, advance } = testSandbox();
    const token = await accessToken(sandbox);
    advance(21599 * 1000);
    const res = await sandbox.app.request('/kapi/v2/user/me', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(NO_TOKEN);
  });

  it('does not take a refresh token or a Naver token as an access token', async () => {
    const { sandbox } = testSandbox();
    const code = await sandbox.issueCode('kakao', { redirectUri: STORE_REDIRECT });
    const { refresh_token } = await (await kakaoToken(sandbox, { code })).json();
    const naverCode = await sandbox.issueCode('naver', { redirectUri: STORE_REDIRECT, state: 's' });
    const naver = await (
      await sandbox.app.request(
        `/nid/oauth2.0/token?grant_type=authorization_code&client_id=test-naver-id&client_secret=test-naver-secret&code=${naverCode}&state=s`,
      )
    ).json();
    for (const token of [refresh_token, naver.access_token]) {
      const res = await sandbox.app.request('/kapi/v2/user/me', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    }
  });
});
