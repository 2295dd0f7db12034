/**
 * One deadline for the whole exchange: UPSTREAM_TIMEOUT_MS bounds each provider call, and the
 * exchange as a whole (token, keys, profile, the Cafe24 app's calls) ends before the widget stops
 * waiting, answering `upstream_timeout` with every call still in flight aborted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_DEADLINE_MS } from '../../src/server/routes/exchange';
import { EXCHANGE_TIMEOUT_MS } from '../../src/widget/exchange';
import {
  errorOf,
  exchangeBody,
  fakeKakao,
  fakeNaver,
  harness,
  KAKAO_API,
  KAKAO_AUTH,
  NAVER_API,
  never,
  type TestKeys,
  testKeys,
} from './helpers';

let keys: TestKeys;
beforeAll(async () => {
  keys = await testKeys();
});

/** Per call far longer than the whole exchange's deadline: only the deadline can end it. */
const slowCalls = { env: { UPSTREAM_TIMEOUT_MS: '60000' }, deps: { exchangeDeadlineMs: 200 } };

describe('the exchange’s deadline', () => {
  it('ends before the widget gives up, with room for the answer to travel', () => {
    expect(EXCHANGE_DEADLINE_MS).toBeLessThanOrEqual(EXCHANGE_TIMEOUT_MS - 2_000);
  });

  it('answers upstream_timeout when Kakao’s calls together outlast it, and aborts the call in flight', async () => {
    const h = harness(slowCalls);
    await fakeKakao(h.stub, keys);
    let profileSignal: AbortSignal | undefined;
    h.stub.on(`GET ${KAKAO_API}/v2/user/me`, (request) => {
      profileSignal = request.signal;
      return never();
    });
    const res = await h.request(exchangeBody());
    expect(res.status).toBe(504);
    expect(await errorOf(res)).toEqual({
      code: 'upstream_timeout',
      message:
        'the login did not complete within 200 ms: a provider or the store answered too slowly; try again',
    });
    expect(profileSignal?.aborted).toBe(true);
  });

  it('bounds Naver’s two calls the same way', async () => {
    const h = harness(slowCalls);
    fakeNaver(h.stub);
    h.stub.on(`GET ${NAVER_API}/v1/nid/me`, () => never());
    const res = await h.request(exchangeBody({ provider: 'naver', nonce: undefined }));
    expect(res.status).toBe(504);
    expect((await errorOf(res)).message).toMatch(/within 200 ms/);
  });

  it('aborts Kakao’s key fetch too', async () => {
    const h = harness(slowCalls);
    await fakeKakao(h.stub, keys);
    let keysSignal: AbortSignal | undefined;
    h.stub.on(`GET ${KAKAO_AUTH}/.well-known/jwks.json`, (request) => {
      keysSignal = request.signal;
      return never();
    });
    const res = await h.request(exchangeBody());
    expect(res.status).toBe(504);
    expect(keysSignal?.aborted).toBe(true);
  });

  it('leaves a quick exchange alone, and each call keeps its own UPSTREAM_TIMEOUT_MS', async () => {
    const quick = harness({ deps: { exchangeDeadlineMs: 60_000 } });
    await fakeKakao(quick.stub, keys);
    expect((await quick.request(exchangeBody())).status).toBe(200);

    const h = harness({ env: { UPSTREAM_TIMEOUT_MS: '50' }, deps: { exchangeDeadlineMs: 60_000 } });
    await fakeKakao(h.stub, keys);
    h.stub.on(`GET ${KAKAO_API}/v2/user/me`, () => never());
    const res = await h.request(exchangeBody());
    expect(res.status).toBe(504);
    expect((await errorOf(res)).message).toBe('Kakao (profile) did not answer within 50 ms');
  });
});
