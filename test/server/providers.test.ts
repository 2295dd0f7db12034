/**
 * Provider modules against a stubbed fetch: request shape, error bodies from the docs mapped to our
 * codes (each row names its source), and profile normalisation.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/errors';
import {
  kakaoProvider,
  kakaoTokenError,
  normaliseKakaoProfile,
} from '../../src/server/providers/kakao';
import { naverProvider, naverTokenError } from '../../src/server/providers/naver';
import {
  json,
  KAKAO_API,
  KAKAO_AUTH,
  KAKAO_USER,
  NAVER_API,
  NAVER_AUTH,
  NAVER_USER,
  never,
  REDIRECT,
  STATE,
  stubFetch,
} from './helpers';

const kakaoOptions = {
  restApiKey: 'kakao-rest-key',
  clientSecret: 'kakao-secret',
  authUrl: KAKAO_AUTH,
  apiUrl: KAKAO_API,
};
const naverOptions = {
  clientId: 'naver-id',
  clientSecret: 'naver-secret',
  authUrl: NAVER_AUTH,
  apiUrl: NAVER_API,
};
const grant = { code: 'the-code', redirectUri: REDIRECT, state: STATE };

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('Kakao token errors', () => {
  // Source: developers.kakao.com kakaologin/trouble-shooting, and providers.md (KOE320/KOE010 bodies).
  it.each([
    [
      {
        error: 'invalid_grant',
        error_code: 'KOE320',
        error_description: 'authorization code not found for code=x',
      },
      'invalid_grant',
      'KOE320',
    ],
    [
      { error: 'invalid_grant', error_code: 'KOE303', error_description: 'Redirect URI mismatch.' },
      'invalid_grant',
      'KOE303',
    ],
    [{ error: 'invalid_grant' }, 'invalid_grant', 'invalid_grant'],
    [
      {
        error: 'invalid_client',
        error_code: 'KOE101',
        error_description: 'Not exist client_id []',
      },
      'upstream_error',
      'REST API key',
    ],
    [
      {
        error: 'invalid_client',
        error_code: 'KOE010',
        error_description: 'Bad client credentials',
      },
      'upstream_error',
      'KAKAO_CLIENT_SECRET',
    ],
    [{ error: 'invalid_request', error_code: 'KOE006' }, 'upstream_error', 'Redirect URIs'],
    [{ error: 'invalid_client' }, 'upstream_error', 'KAKAO_REST_API_KEY and KAKAO_CLIENT_SECRET'],
    [{ error: 'access_denied' }, 'access_denied', 'declined'],
    [{ error: 'consent_required' }, 'consent_required', 'consent'],
    [{ error: 'server_error', error_code: 'KOE999' }, 'upstream_error', 'KOE999'],
    [{}, 'upstream_error', 'no error code'],
    [{ error: '<script>alert(1)</script>' }, 'upstream_error', 'no error code'],
  ])('maps %o to %s', (body, code, inMessage) => {
    const error = kakaoTokenError(body);
    expect(error.code).toBe(code);
    expect(error.message).toContain(inMessage);
    expect(error.message).not.toContain('<script>');
  });
});

describe('Naver token errors (HTTP 200 with an error field)', () => {
  // Source: providers.md (reused code → invalid_request "no valid data in session", unofficial);
  // naver-openapi-guide login api.md error list; RFC 6749 §5.2.
  it.each([
    [{ error: 'invalid_request', error_description: 'no valid data in session' }, 'invalid_grant'],
    [{ error: 'invalid_grant' }, 'invalid_grant'],
    [
      { error: 'invalid_client', error_description: 'client authentication failed' },
      'upstream_error',
    ],
    [{ error: 'unauthorized_client' }, 'upstream_error'],
    [{ error: 'access_denied' }, 'access_denied'],
    [{ error: 'server_error' }, 'upstream_error'],
  ])('maps %o to %s', (body, code) => {
    expect(naverTokenError(body).code).toBe(code);
  });

  it('fails a 200 answer that carries an error field', async () => {
    const stub = stubFetch();
    stub.on(`POST ${NAVER_AUTH}/oauth2.0/token`, () =>
      json({ error: 'invalid_request', error_description: 'no valid data in session' }),
    );
    const error = await failure(
      naverProvider(naverOptions, { fetch: stub.fetch, timeoutMs: 100 }).exchange(grant),
    );
    expect(error.code).toBe('invalid_grant');
  });
});

describe('kakaoProvider', () => {
  it('posts a form with the REST key, secret, redirect URI, code and PKCE verifier', async () => {
    const stub = stubFetch();
    stub.on(`POST ${KAKAO_AUTH}/oauth/token`, () =>
      json({ access_token: 'at', id_token: 'idt', token_type: 'bearer' }),
    );
    const kakao = kakaoProvider(kakaoOptions, { fetch: stub.fetch, timeoutMs: 100 });
    const verifier = 'v'.repeat(43);
    expect(await kakao.exchange({ ...grant, codeVerifier: verifier })).toEqual({
      accessToken: 'at',
      idToken: 'idt',
    });
    const [call] = stub.calls;
    expect(call?.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(call?.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'kakao-rest-key',
      redirect_uri: REDIRECT,
      code: 'the-code',
      client_secret: 'kakao-secret',
      code_verifier: verifier,
    });
  });

  it('maps a 401 KOE010 body to a 502 that tells the merchant what to fix', async () => {
    const stub = stubFetch();
    stub.on(`POST ${KAKAO_AUTH}/oauth/token`, () =>
      json(
        {
          error: 'invalid_client',
          error_description: 'Bad client credentials',
          error_code: 'KOE010',
        },
        401,
      ),
    );
    const error = await failure(
      kakaoProvider(kakaoOptions, { fetch: stub.fetch, timeoutMs: 100 }).exchange(grant),
    );
    expect([error.code, error.status]).toEqual(['upstream_error', 502]);
    expect(error.message).toContain('KAKAO_CLIENT_SECRET');
    expect(error.message).not.toContain('kakao-secret');
  });

  it('reads the profile with the access token as a Bearer credential', async () => {
    const stub = stubFetch();
    stub.on(`GET ${KAKAO_API}/v2/user/me`, () => json(KAKAO_USER));
    const user = await kakaoProvider(kakaoOptions, { fetch: stub.fetch, timeoutMs: 100 }).profile(
      'at',
    );
    expect(stub.calls[0]?.headers.get('authorization')).toBe('Bearer at');
    expect(user).toEqual({
      id: 'kakao:4000000001',
      providerUserId: '4000000001',
      name: '김민지',
      email: 'minji@example.com',
      phone: '+82 10-1234-5678',
      image: 'https://img.test/p.jpg',
    });
  });

  it('answers upstream_error when Kakao refuses the access token', async () => {
    const stub = stubFetch();
    stub.on(`GET ${KAKAO_API}/v2/user/me`, () =>
      json({ msg: 'this access token does not exist', code: -401 }, 401),
    );
    const error = await failure(
      kakaoProvider(kakaoOptions, { fetch: stub.fetch, timeoutMs: 100 }).profile('at'),
    );
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('code -401');
  });
});

describe('normaliseKakaoProfile', () => {
  const account = KAKAO_USER.kakao_account;
  it.each([
    ['drops an unverified e-mail', { ...account, is_email_verified: false }, 'email', undefined],
    ['drops an invalid e-mail', { ...account, is_email_valid: false }, 'email', undefined],
    ['falls back to the nickname', { ...account, name: undefined }, 'name', '민지'],
    [
      'drops the default silhouette',
      { ...account, profile: { ...account.profile, is_default_image: true } },
      'image',
      undefined,
    ],
  ] as const)('%s', (_, kakao_account, field, expected) => {
    expect(normaliseKakaoProfile({ ...KAKAO_USER, kakao_account })[field]).toBe(expected);
  });

  it('needs only the member number', () => {
    expect(normaliseKakaoProfile({ id: 7 })).toEqual({ id: 'kakao:7', providerUserId: '7' });
  });
});

describe('naverProvider', () => {
  it('posts client id, secret, code and state, then reads the profile', async () => {
    const stub = stubFetch();
    stub.on(`POST ${NAVER_AUTH}/oauth2.0/token`, () =>
      json({ access_token: 'nat', token_type: 'bearer', expires_in: '3600' }),
    );
    stub.on(`GET ${NAVER_API}/v1/nid/me`, () => json(NAVER_USER));
    const naver = naverProvider(naverOptions, { fetch: stub.fetch, timeoutMs: 100 });
    const tokens = await naver.exchange(grant);
    expect(Object.fromEntries(new URLSearchParams(stub.calls[0]?.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'naver-id',
      client_secret: 'naver-secret',
      code: 'the-code',
      state: STATE,
    });
    expect(await naver.profile(tokens.accessToken)).toEqual({
      id: 'naver:naver-opaque-id',
      providerUserId: 'naver-opaque-id',
      name: '이준호',
      email: 'junho@example.com',
      phone: '010-2345-6789',
      image: 'https://img.test/n.jpg',
    });
  });

  it('answers upstream_error for resultcode 024', async () => {
    const stub = stubFetch();
    stub.on(`GET ${NAVER_API}/v1/nid/me`, () =>
      json({ resultcode: '024', message: 'Authentication failed' }, 401),
    );
    const error = await failure(
      naverProvider(naverOptions, { fetch: stub.fetch, timeoutMs: 100 }).profile('x'),
    );
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('resultcode 024');
  });
});

describe('upstream answers we cannot use', () => {
  const cases: [string, () => Response | Promise<Response>, string, RegExp][] = [
    ['a 500', () => new Response('oops', { status: 500 }), 'upstream_error', /HTTP 500/],
    [
      'an HTML page',
      () => new Response('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
      'upstream_error',
      /HTML page/,
    ],
    [
      'malformed JSON',
      () => new Response('{"access_token":', { headers: { 'content-type': 'application/json' } }),
      'upstream_error',
      /malformed JSON/,
    ],
    [
      'JSON of the wrong shape',
      () => json({ token: 'x' }),
      'upstream_error',
      /unexpected body \(access_token\)/,
    ],
    [
      'a redirect',
      () => new Response(null, { status: 302, headers: { location: 'https://elsewhere' } }),
      'upstream_error',
      /redirect/,
    ],
    ['no answer in time', never, 'upstream_timeout', /within 50 ms/],
  ];
  it.each(cases)('turns %s into %s', async (_, answer, code, message) => {
    const stub = stubFetch();
    stub.on(`POST ${KAKAO_AUTH}/oauth/token`, answer);
    const error = await failure(
      kakaoProvider(kakaoOptions, { fetch: stub.fetch, timeoutMs: 50 }).exchange(grant),
    );
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('turns an unreachable host into upstream_error', async () => {
    const stub = stubFetch();
    const error = await failure(
      kakaoProvider(kakaoOptions, { fetch: stub.fetch, timeoutMs: 50 }).exchange(grant),
    );
    expect(error.code).toBe('upstream_error');
    expect(error.message).toBe('Kakao (token) could not be reached');
  });
});
