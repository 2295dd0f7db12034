/**
 * src/contract.ts is what the widget and the backend agree on. The widget reads the backend's
 * answers with the contract's guards (no zod in the bundle); here the real backend answers and the
 * same guards read them, so neither side can drift from the other. And there is one list of
 * providers: the backend's schema, the widget's options and the sandbox all take it from there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server';
import {
  API_ERROR_STATUS,
  EXCHANGE_PATH,
  isExchangeResponse,
  isProvider,
  isStoreRules,
  isWelcomeNotice,
  LANGS,
  PROVIDERS,
  prop,
  readError,
  STORE_RULES_PATH,
  WELCOME_PATH,
} from '../../src/contract';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { noticeFor } from '../../src/server/cafe24/welcome';
import { subjectFor } from '../../src/server/members';
import { ExchangeRequestSchema } from '../../src/server/schemas';
import { KEY_OPTION, OPTIONS } from '../../src/widget/options';
import { installApp, MALL, STORE, startCafe24Server } from '../server/cafe24-helpers';
import { exchangeBody, harness } from '../server/helpers';

describe('one list of providers', () => {
  it('is what the backend accepts, what the widget offers and where it finds each key', () => {
    expect(ExchangeRequestSchema.shape.provider.options).toEqual([...PROVIDERS]);
    expect(OPTIONS.providers.or).toEqual([...PROVIDERS]);
    expect(Object.keys(KEY_OPTION)).toEqual([...PROVIDERS]);
    expect(PROVIDERS.filter(isProvider)).toEqual([...PROVIDERS]);
    expect([undefined, '', 'line', 'KAKAO', 'toString'].some(isProvider)).toBe(false);
  });

  it('is the only place the provider names are listed in the source', () => {
    const listed = /'kakao'\s*(\|\||\||,)\s*'naver'|===\s*'kakao'\s*\|\|[^;]*===\s*'naver'/;
    const offenders: string[] = [];
    const walk = (dir: URL) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const url = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
        if (entry.isDirectory()) walk(url);
        else if (/\.tsx?$/.test(entry.name) && listed.test(readFileSync(url, 'utf8')))
          offenders.push(url.pathname.replace(/.*\/src\//, 'src/'));
      }
    };
    walk(new URL('../../src/', import.meta.url));
    expect(offenders).toEqual(['src/contract.ts']);
  });
});

describe("the backend's answers, read by the widget's guards", () => {
  it(`${STORE_RULES_PATH}: social login on, or off on an age-restricted store`, async () => {
    for (const [env, socialLogin] of [
      [{}, true],
      [{ STORE_AGE_RESTRICTED: '1' }, false],
    ] as const) {
      const body: unknown = await (await harness({ env }).app.request(STORE_RULES_PATH)).json();
      expect(isStoreRules(body) && body.socialLogin).toBe(socialLogin);
      if (!socialLogin) expect(body).toMatchObject({ reason: 'age_restricted' });
    }
  });

  it('an error: its code, and the reason a store rule refused the shopper', async () => {
    const blocked = harness({ env: { STORE_AGE_RESTRICTED: '1' } });
    const refused = await blocked.request(exchangeBody());
    expect(refused.status).toBe(API_ERROR_STATUS.login_blocked);
    expect(readError(await refused.json())).toMatchObject({
      code: 'login_blocked',
      reason: 'age_restricted',
    });

    const bad = await harness().request(exchangeBody({ provider: 'line' }));
    expect(readError(await bad.json())).toMatchObject({ code: 'invalid_request' });
    const lost = await harness().app.request('/api/nothing-here');
    expect(readError(await lost.json())?.code).toBe('not_found');
  });

  it('reads no code it does not know, and no reason of the wrong kind', () => {
    expect(readError({ error: { code: 'teapot', message: 'x' } })).toBeUndefined();
    expect(readError('<html>')).toBeUndefined();
    expect(readError({ error: { code: 'login_blocked', reason: 'because', hint: 3 } })).toEqual({
      code: 'login_blocked',
      reason: undefined,
      providerCode: undefined,
      hint: undefined,
    });
  });

  it.each(LANGS)('the welcome notice in %s', (lang) => {
    expect(isWelcomeNotice(noticeFor(lang, 2500, [{ name: '첫 구매 쿠폰' }]))).toBe(true);
    expect(isWelcomeNotice(noticeFor(lang, 0, [{ name: '첫 구매 쿠폰' }]))).toBe(true);
  });
});

describe('a login on a store with the Cafe24 app, over HTTP', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startCafe24Server();
    await installApp(server);
  });
  afterAll(() => server?.close());

  it(`${EXCHANGE_PATH} answers what the widget accepts, and ${WELCOME_PATH} a notice it shows`, async () => {
    const sandbox = server.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const redirectUri = `${STORE}/member/login.html`;
    const state = 'c3RhdGUtc3RhdGUtc3RhdA';
    const code = await sandbox.issueCode('naver', {
      redirectUri,
      state,
      shopper: { key: 'minji' },
    });
    const post = (path: string, body: unknown) =>
      fetch(server.url + path, {
        method: 'POST',
        headers: { origin: STORE, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const login: unknown = await (
      await post(EXCHANGE_PATH, { provider: 'naver', code, state, redirectUri })
    ).json();
    expect(isExchangeResponse(login)).toBe(true);
    if (!isExchangeResponse(login) || !login.welcome) throw new Error('no welcome pass');

    const subject = subjectFor({ naver: SANDBOX_CREDENTIALS.naverClientId }, login.user);
    sandbox.cafe24Api.seedMember(
      MALL,
      { member_id: `${subject}@s`, name: '김민지', available_points: 1200 },
      [],
    );
    const answer: unknown = await (
      await post(WELCOME_PATH, { pass: login.welcome, lang: 'en' })
    ).json();
    expect(answer).toMatchObject({ points: 1200, coupons: [] });
    expect(isWelcomeNotice(prop(answer, 'notice'))).toBe(true);
  });
});
