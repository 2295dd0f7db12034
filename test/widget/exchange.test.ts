import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeRequest } from '../../src/contract';
import { LoginError } from '../../src/widget/errors';
import { exchange } from '../../src/widget/exchange';

const body: ExchangeRequest = {
  provider: 'kakao',
  code: 'C',
  state: 'S'.repeat(22),
  redirectUri: 'https://shop.example/member/login.html',
  nonce: 'N'.repeat(22),
};
const ok = {
  provider: 'kakao',
  user: { id: 'kakao:4000000001', providerUserId: '4000000001', name: '김민지' },
  member: { status: 'new' },
};
const json = (value: unknown, status = 200) =>
  new Response(typeof value === 'string' ? value : JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json' },
  });

const stubFetch = (impl: (...args: Parameters<typeof fetch>) => Promise<Response>) => {
  const fn = vi.fn(impl);
  vi.stubGlobal('fetch', fn);
  return fn;
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable(),
    (error: unknown) => (error instanceof LoginError ? error.code : error),
  );

afterEach(() => vi.unstubAllGlobals());

describe('POST /api/exchange', () => {
  it('posts the JSON body without cookies and returns the parsed answer', async () => {
    const fetch = stubFetch(async () => json(ok));
    await expect(exchange('https://auth.example.com', body)).resolves.toEqual(ok);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('https://auth.example.com/api/exchange');
    expect(init).toMatchObject({
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
    });
    expect(JSON.parse(String(init?.body))).toEqual(body);
  });

  it("reports the backend's error code", async () => {
    stubFetch(async () =>
      json({ error: { code: 'login_blocked', message: 'age-restricted store' } }, 403),
    );
    await expect(failure(exchange('https://a.example', body))).resolves.toBe('login_blocked');
  });

  it.each([
    ['an unknown error code', json({ error: { code: 'teapot', message: '' } }, 418)],
    // Names every object inherits are not error codes.
    ['"toString" as the code', json({ error: { code: 'toString', message: '' } }, 400)],
    ['"constructor" as the code', json({ error: { code: 'constructor', message: '' } }, 400)],
    ['an HTML error page', new Response('<h1>Bad gateway</h1>', { status: 502 })],
    ['a 200 of the wrong shape', json({ provider: 'kakao', user: { id: 1 } })],
    ['a 200 with a bad member status', json({ ...ok, member: { status: 'maybe' } })],
    ['malformed JSON', json('{"provider":')],
  ])('answers upstream_error for %s', async (_, response) => {
    stubFetch(async () => response);
    await expect(failure(exchange('https://a.example', body))).resolves.toBe('upstream_error');
  });

  it('answers network_error when the backend cannot be reached, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    stubFetch(async () => {
      throw cause;
    });
    const error = await exchange('https://a.example', body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginError);
    expect(error).toMatchObject({ code: 'network_error', cause });
  });

  it('gives up after the timeout with network_error', async () => {
    stubFetch(
      (_, init) =>
        new Promise((_, reject) =>
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        ),
    );
    await expect(failure(exchange('https://a.example', body, 10))).resolves.toBe('network_error');
  });
});

describe("the backend's hint for the merchant", () => {
  const koe010 = {
    error: {
      code: 'upstream_error',
      message: 'Kakao rejected the client secret (KOE010)',
      providerCode: 'KOE010',
      hint: 'Set KAKAO_CLIENT_SECRET to the client secret shown in the Kakao console.',
    },
  };

  it("writes the provider's code and the hint to the console with its troubleshooting entry", async () => {
    const console = vi.spyOn(globalThis.console, 'warn').mockImplementation(() => {});
    stubFetch(async () => json(koe010, 502));
    await expect(failure(exchange('https://a.example', body))).resolves.toBe('upstream_error');
    expect(console).toHaveBeenCalledWith(
      '[social-login] upstream_error (KOE010): Set KAKAO_CLIENT_SECRET to the client secret shown in the Kakao console. See https://github.com/social-login-widget/social-login-widget/blob/main/docs/troubleshooting.md#upstream_error',
    );
    console.mockRestore();
  });

  it('keeps the hint out of the error the page and the shopper get', async () => {
    vi.spyOn(globalThis.console, 'warn').mockImplementation(() => {});
    stubFetch(async () => json(koe010, 502));
    const error = await exchange('https://a.example', body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginError);
    expect(String((error as LoginError).message)).not.toMatch(/KAKAO_CLIENT_SECRET|KOE010/);
    vi.restoreAllMocks();
  });

  it('writes nothing when the backend sent no hint', async () => {
    const console = vi.spyOn(globalThis.console, 'warn').mockImplementation(() => {});
    stubFetch(async () =>
      json({ error: { code: 'rate_limited', message: 'too many login attempts' } }, 429),
    );
    await expect(failure(exchange('https://a.example', body))).resolves.toBe('rate_limited');
    expect(console).not.toHaveBeenCalled();
    console.mockRestore();
  });
});
