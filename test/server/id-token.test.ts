/** Kakao ID token checks, with tokens signed by a test key and Kakao's JWKS served by a stub. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/errors';
import { createIdTokenVerifier } from '../../src/server/id-token';
import { json, KAKAO_AUTH, NONCE, never, stubFetch, type TestKeys, testKeys } from './helpers';

let keys: TestKeys;
beforeAll(async () => {
  keys = await testKeys();
});

const NOW = Date.UTC(2026, 0, 1);
const iat = Math.floor(NOW / 1000);
const good = {
  iss: KAKAO_AUTH,
  aud: 'rest-key',
  sub: '4000000001',
  iat,
  exp: iat + 3600,
  nonce: NONCE,
};

function verifier(jwks: () => Response | Promise<Response> = () => json(keys.jwks)) {
  const stub = stubFetch();
  stub.on(`GET ${KAKAO_AUTH}/.well-known/jwks.json`, jwks);
  const verify = createIdTokenVerifier({
    issuer: KAKAO_AUTH,
    audience: 'rest-key',
    fetch: stub.fetch,
    timeoutMs: 100,
    now: () => NOW,
  });
  return { verify, stub };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('Kakao ID token verification', () => {
  it('accepts a token signed by Kakao for this app and this login, fetching the keys once', async () => {
    const { verify, stub } = verifier();
    expect((await verify(await keys.sign(good), NONCE)).sub).toBe('4000000001');
    await verify(await keys.sign(good), NONCE);
    expect(stub.calls).toHaveLength(1);
  });

  it.each([
    [
      'a nonce from another login',
      { nonce: 'b3RoZXItbm9uY2Utb3RoZXI' },
      'nonce does not match the one sent at login',
    ],
    ['no nonce at all', { nonce: undefined }, 'nonce does not match the one sent at login'],
    ['another audience', { aud: 'someone-elses-key' }, "audience is not this app's REST API key"],
    ['another issuer', { iss: 'https://evil.example' }, `issuer is not ${KAKAO_AUTH}`],
    ['an expiry in the past', { exp: iat - 3600, iat: iat - 7200 }, 'it has expired'],
    ['an issue time in the future', { iat: iat + 3600, exp: iat + 7200 }, '"iat" is in the future'],
  ])('answers 401 id_token_invalid for %s', async (_, claims, message) => {
    const { verify } = verifier();
    const error = await rejection(verify(await keys.sign({ ...good, ...claims }), NONCE));
    expect([error.code, error.status]).toEqual(['id_token_invalid', 401]);
    expect(error.message).toBe(`Kakao ID token rejected: ${message}`);
  });

  it("rejects a token forged with another key under Kakao's key id", async () => {
    const { verify } = verifier();
    const forged = await keys.sign(good, { key: keys.otherKey });
    const error = await rejection(verify(forged, NONCE));
    expect(error.code).toBe('id_token_invalid');
    expect(error.message).toContain("signature does not verify with Kakao's published key");
  });

  it('rejects a token signed with a key Kakao does not publish', async () => {
    const { verify } = verifier();
    const error = await rejection(
      verify(await keys.sign(good, { kid: 'unknown', key: keys.otherKey }), NONCE),
    );
    expect(error.message).toContain("a key Kakao's JWKS does not publish");
  });

  it('rejects a token when the request carried no nonce', async () => {
    const { verify } = verifier();
    const error = await rejection(verify(await keys.sign(good), undefined));
    expect(error.message).toContain('the request carried no nonce');
  });

  it('rejects garbage and unsigned tokens', async () => {
    const { verify } = verifier();
    expect((await rejection(verify('not.a.jwt', NONCE))).code).toBe('id_token_invalid');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`;
    expect((await rejection(verify(unsigned, NONCE))).code).toBe('id_token_invalid');
  });

  it.each([
    ['a 500', () => new Response('down', { status: 500 }), 'upstream_error'],
    [
      'HTML',
      () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } }),
      'upstream_error',
    ],
    ['a key set of the wrong shape', () => json({ keys: 'none' }), 'upstream_error'],
    ['no answer', never, 'upstream_timeout'],
  ])('blames Kakao when its JWKS endpoint answers %s', async (_, answer, code) => {
    const { verify } = verifier(answer);
    expect((await rejection(verify(await keys.sign(good), NONCE))).code).toBe(code);
  });
});
