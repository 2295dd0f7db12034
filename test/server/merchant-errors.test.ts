/**
 * Errors a merchant can read, over real HTTP against the sandbox: when Kakao or Naver refuse, the
 * backend's error body carries the provider's own code (`error.providerCode`) and one line saying
 * what to do (`error.hint`), and never a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, devConfig, startDevServer } from '../../scripts/dev-server';
import { createLogger } from '../../src/server/logger';
import { NONCE, STATE } from './helpers';

const STORE = 'http://localhost:5173';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const WRONG_KAKAO_SECRET = 'wrong-kakao-client-secret-0123';
const WRONG_NAVER_SECRET = 'wrong-naver-client-secret-4567';

interface ErrorAnswer {
  status: number;
  text: string;
  error: { code: string; message: string; providerCode?: string; hint?: string };
}

async function start(env: Record<string, string> = {}): Promise<DevServer> {
  const config = devConfig(
    { SANDBOX: '1', PORT: '0', ALLOWED_ORIGINS: STORE, UPSTREAM_TIMEOUT_MS: '1500', ...env },
    () => {},
  );
  const running = await startDevServer(config, {
    port: 0,
    deps: { rateLimit: false, logger: createLogger({ level: 'silent' }) },
  });
  // The sandbox makes its signing key on first use; make it now, not inside a timed call.
  await fetch(`${running.url}/sandbox/kauth/.well-known/jwks.json`);
  return running;
}

async function login(running: DevServer, provider: 'kakao' | 'naver', code?: string) {
  const issued =
    code ??
    (await running.sandbox?.issueCode(provider, {
      redirectUri: LOGIN_PAGE,
      state: STATE,
      nonce: NONCE,
      shopper: {},
    }));
  const res = await fetch(`${running.url}/api/exchange`, {
    method: 'POST',
    headers: { origin: STORE, 'content-type': 'application/json' },
    body: JSON.stringify({
      provider,
      code: issued,
      state: STATE,
      redirectUri: LOGIN_PAGE,
      ...(provider === 'kakao' ? { nonce: NONCE } : {}),
    }),
  });
  const text = await res.text();
  return { status: res.status, text, code: issued ?? '', body: JSON.parse(text) };
}

const failed = async (
  running: DevServer,
  provider: 'kakao' | 'naver',
  code?: string,
): Promise<ErrorAnswer> => {
  const { status, text, body } = await login(running, provider, code);
  return { status, text, error: body.error };
};

describe('a backend whose provider secrets are wrong', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await start({
      KAKAO_CLIENT_SECRET: WRONG_KAKAO_SECRET,
      NAVER_CLIENT_SECRET: WRONG_NAVER_SECRET,
    });
  });
  afterAll(() => server?.close());

  it("answers Kakao's KOE010 with the code and a hint naming KAKAO_CLIENT_SECRET", async () => {
    const answer = await failed(server, 'kakao');
    expect(answer.status).toBe(502);
    expect(answer.error.code).toBe('upstream_error');
    expect(answer.error.providerCode).toBe('KOE010');
    expect(answer.error.hint).toBe(
      'Set KAKAO_CLIENT_SECRET to the client secret shown in the Kakao console under [Kakao Login] > [Security], or turn the client secret off there.',
    );
    expect(answer.text).not.toContain(WRONG_KAKAO_SECRET);
  });

  it("answers Naver's invalid_client with the code and a hint naming the Naver variables", async () => {
    const answer = await failed(server, 'naver');
    expect(answer.status).toBe(502);
    expect(answer.error.code).toBe('upstream_error');
    expect(answer.error.providerCode).toBe('invalid_client');
    expect(answer.error.hint).toMatch(/^Set NAVER_CLIENT_ID and NAVER_CLIENT_SECRET to /);
    expect(answer.text).not.toContain(WRONG_NAVER_SECRET);
  });
});

describe('a backend with the JavaScript key where the REST API key belongs', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await start({ KAKAO_REST_API_KEY: 'sandbox-kakao-js-key' });
  });
  afterAll(() => server?.close());

  it("answers Kakao's KOE101 with a hint to use the REST API key", async () => {
    const answer = await failed(server, 'kakao');
    expect(answer.error.code).toBe('upstream_error');
    expect(answer.error.providerCode).toBe('KOE101');
    expect(answer.error.hint).toMatch(/^Set KAKAO_REST_API_KEY to the REST API key/);
  });
});

describe('a backend configured right', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.close());

  it("answers a code used twice with invalid_grant and Kakao's KOE320", async () => {
    const first = await login(server, 'kakao');
    expect(first.status).toBe(200);
    const again = await failed(server, 'kakao', first.code);
    expect(again.status).toBe(400);
    expect(again.error.code).toBe('invalid_grant');
    expect(again.error.providerCode).toBe('KOE320');
    expect(again.error.hint).toMatch(/nothing to do/);
  });

  it('answers a maintenance page from Kakao with a hint that nothing is to change', async () => {
    server.sandbox?.injectFault('kakao.token', 'html');
    const answer = await failed(server, 'kakao');
    expect(answer.status).toBe(502);
    expect(answer.error.providerCode).toBeUndefined();
    expect(answer.error.hint).toBe(
      'Kakao is failing or under maintenance: nothing to change on your side; shoppers can retry in a while.',
    );
  });

  it('answers a Naver that does not answer in time with a hint about the network and the timeout', async () => {
    server.sandbox?.injectFault('naver.token', 'hang');
    const answer = await failed(server, 'naver');
    expect(answer.status).toBe(504);
    expect(answer.error.code).toBe('upstream_timeout');
    expect(answer.error.hint).toMatch(/UPSTREAM_TIMEOUT_MS/);
  });

  it('sends no providerCode or hint with a login that succeeds', async () => {
    const ok = await login(server, 'naver');
    expect(ok.status).toBe(200);
    expect(ok.text).not.toMatch(/providerCode|hint/);
  });
});
