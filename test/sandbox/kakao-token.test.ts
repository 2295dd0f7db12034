import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  BASE_URL,
  consent,
  get,
  KAKAO,
  kakaoAuthorizeUrl,
  kakaoToken,
  location,
  STORE_REDIRECT,
  testSandbox,
} from './helpers';

const DECISION = '/kauth/oauth/authorize/decision';

describe('Kakao token', () => {
  async function codeFor(sandbox: ReturnType<typeof testSandbox>['sandbox'], params = {}) {
    const res = await consent(sandbox, kakaoAuthorizeUrl(params), DECISION, 'agree');
    return location(res).searchParams.get('code') ?? '';
  }

  it('exchanges a code for Kakao-shaped tokens with a verifiable id_token', async () => {
    const { sandbox, clock } = testSandbox();
    const code = await codeFor(sandbox, { nonce: 'nonce-1234567890abcdef' });
    const res = await kakaoToken(sandbox, { code });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      token_type: 'bearer',
      expires_in: 21599,
      refresh_token_expires_in: 5183999,
    });
    expect(body.scope.split(' ')).toEqual(expect.arrayContaining(['openid', 'account_email']));

    const jwks = createLocalJWKSet(
      await (await get(sandbox, '/kauth/.well-known/jwks.json')).json(),
    );
    const { payload, protectedHeader } = await jwtVerify(body.id_token, jwks, {
      issuer: `${BASE_URL}/kauth`,
      audience: KAKAO.restKey,
      currentDate: new Date(clock.now),
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: '4000000001',
      nonce: 'nonce-1234567890abcdef',
      nickname: '민지',
      email: 'minji.kim@sandbox.example',
      auth_time: Math.floor(clock.now / 1000),
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(21599);
  });

  it('publishes OIDC discovery pointing at its own endpoints', async () => {
    const { sandbox } = testSandbox();
    const doc = await (await get(sandbox, '/kauth/.well-known/openid-configuration')).json();
    expect(doc).toMatchObject({
      issuer: `${BASE_URL}/kauth`,
      authorization_endpoint: `${BASE_URL}/kauth/oauth/authorize`,
      token_endpoint: `${BASE_URL}/kauth/oauth/token`,
      jwks_uri: `${BASE_URL}/kauth/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('leaves out the id_token when the app has OpenID Connect off', async () => {
    const { sandbox } = testSandbox({
      kakao: { ...KAKAO, redirectUris: [STORE_REDIRECT], oidc: false },
    });
    const body = await (await kakaoToken(sandbox, { code: await codeFor(sandbox) })).json();
    expect(body.id_token).toBeUndefined();
    expect(body.scope.split(' ')).not.toContain('openid');
  });

  it('answers invalid_grant KOE320 when a code is used twice', async () => {
    const { sandbox } = testSandbox();
    const code = await codeFor(sandbox);
    expect((await kakaoToken(sandbox, { code })).status).toBe(200);
    const again = await kakaoToken(sandbox, { code });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'authorization code not found',
      error_code: 'KOE320',
    });
  });

  it('answers invalid_grant KOE320 for a code older than 10 minutes', async () => {
    const { sandbox, advance } = testSandbox();
    const code = await codeFor(sandbox);
    advance(10 * 60 * 1000);
    const res = await kakaoToken(sandbox, { code });
    expect(res.status).toBe(400);
    expect((await res.json()).error_code).toBe('KOE320');
  });

  it('still accepts a code just inside its 10 minutes', async () => {
    const { sandbox, advance } = testSandbox();
    const code = await codeFor(sandbox);
    advance(10 * 60 * 1000 - 1);
    expect((await kakaoToken(sandbox, { code })).status).toBe(200);
  });

  it('answers invalid_grant KOE320 for a code it never issued, or a Naver code', async () => {
    const { sandbox } = testSandbox();
    const naverCode = await sandbox.issueCode('naver', { redirectUri: STORE_REDIRECT, state: 's' });
    for (const code of ['made-up', naverCode]) {
      const res = await kakaoToken(sandbox, { code });
      expect(res.status).toBe(400);
      expect((await res.json()).error_code).toBe('KOE320');
    }
  });

  it('answers invalid_grant KOE303 when redirect_uri differs from authorize, and burns the code', async () => {
    const { sandbox } = testSandbox();
    const code = await codeFor(sandbox);
    const res = await kakaoToken(sandbox, { code, redirect_uri: `${STORE_REDIRECT}?x=1` });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Redirect URI mismatch.',
      error_code: 'KOE303',
    });
    expect((await (await kakaoToken(sandbox, { code })).json()).error_code).toBe('KOE320');
  });

  it.each([
    ['a wrong client_secret', { client_secret: 'wrong' }],
    ['no client_secret', { client_secret: '' }],
  ])('answers 401 invalid_client KOE010 for %s', async (_, fields) => {
    const { sandbox } = testSandbox();
    const res = await kakaoToken(sandbox, { code: await codeFor(sandbox), ...fields });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Bad client credentials',
      error_code: 'KOE010',
    });
  });

  it('does not ask for a secret when the app has client secret switched off', async () => {
    const { sandbox } = testSandbox({
      kakao: { ...KAKAO, clientSecret: '', redirectUris: [STORE_REDIRECT] },
    });
    const res = await kakaoToken(sandbox, { code: await codeFor(sandbox), client_secret: '' });
    expect(res.status).toBe(200);
  });

  it.each([
    ['the JavaScript key', KAKAO.jsKey],
    ['an unknown key', 'nope'],
  ])('answers 401 invalid_client KOE101 for %s as client_id', async (_, clientId) => {
    const { sandbox } = testSandbox();
    const res = await kakaoToken(sandbox, { code: await codeFor(sandbox), client_id: clientId });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client', error_code: 'KOE101' });
  });

  it('answers 400 to a JSON body: the endpoint reads forms only', async () => {
    const { sandbox } = testSandbox();
    const res = await sandbox.app.request('/kauth/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', client_id: KAKAO.restKey }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', error_code: 'KOE001' });
  });

  it('checks the PKCE code_verifier (S256) when authorize carried a code_challenge', async () => {
    const { sandbox } = testSandbox();
    const verifier = 'a'.repeat(43);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const params = { code_challenge: challenge, code_challenge_method: 'S256' };

    const wrong = await kakaoToken(sandbox, {
      code: await codeFor(sandbox, params),
      code_verifier: 'b'.repeat(43),
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toBe('invalid_grant');

    const missing = await kakaoToken(sandbox, { code: await codeFor(sandbox, params) });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier is required',
      error_code: 'KOE320',
    });

    const right = await kakaoToken(sandbox, {
      code: await codeFor(sandbox, params),
      code_verifier: verifier,
    });
    expect(right.status).toBe(200);
  });

  it('refuses a code_verifier for a code whose authorize carried no code_challenge', async () => {
    const { sandbox } = testSandbox();
    const downgraded = await kakaoToken(sandbox, {
      code: await codeFor(sandbox),
      code_verifier: 'a'.repeat(43),
    });
    expect(downgraded.status).toBe(400);
    expect(await downgraded.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier sent without code_challenge',
      error_code: 'KOE320',
    });
  });

  it('issues codes for scripted shoppers without the browser', async () => {
    const { sandbox } = testSandbox();
    const code = await sandbox.issueCode('kakao', {
      redirectUri: STORE_REDIRECT,
      nonce: 'nonce-scripted-123456',
      shopper: { key: 'seoyeon', email: 'other@sandbox.example' },
    });
    const body = await (await kakaoToken(sandbox, { code })).json();
    const [, payload] = body.id_token.split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      sub: '4000000003',
      email: 'other@sandbox.example',
      nonce: 'nonce-scripted-123456',
    });
    await expect(
      sandbox.issueCode('kakao', { redirectUri: 'https://evil.example/' }),
    ).rejects.toThrow(/not registered/);
  });

  it('forgets codes on reset()', async () => {
    const { sandbox } = testSandbox();
    const code = await codeFor(sandbox);
    sandbox.reset();
    expect((await kakaoToken(sandbox, { code })).status).toBe(400);
  });
});
