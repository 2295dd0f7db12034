import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index';

export const BASE_URL = 'http://localhost:8787/sandbox';
export const STORE_REDIRECT = 'http://localhost:5173/member/login.html';
export const KAKAO = {
  jsKey: 'test-kakao-js-key',
  restKey: 'test-kakao-rest-key',
  clientSecret: 'test-kakao-secret',
} as const;
export const NAVER = { clientId: 'test-naver-id', clientSecret: 'test-naver-secret' } as const;

export const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** KakaoTalk's in-app browser on Android (reference sheet, in-app browsers). */
export const KAKAOTALK_UA =
  'Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.0.0 Mobile Safari/537.36;KAKAOTALK 2410310';

/** A sandbox with registered redirect URIs and a clock the test moves by hand. */
export function testSandbox(overrides: Partial<SandboxOptions> = {}) {
  const clock = { now: Date.UTC(2026, 0, 15, 3, 0, 0) };
  const sandbox = createSandbox({
    baseUrl: BASE_URL,
    kakao: { ...KAKAO, redirectUris: [STORE_REDIRECT] },
    naver: { ...NAVER, callbackUrls: [STORE_REDIRECT] },
    now: () => clock.now,
    ...overrides,
  });
  return { sandbox, clock, advance: (ms: number) => (clock.now += ms) };
}

export function get(sandbox: Sandbox, path: string, headers: Record<string, string> = {}) {
  return sandbox.app.request(path, { headers: { 'user-agent': DESKTOP_UA, ...headers } });
}

export function postForm(
  sandbox: Sandbox,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return sandbox.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function query(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) search.set(name, value);
  return `${path}?${search.toString()}`;
}

export function location(response: Response): URL {
  const value = response.headers.get('location');
  if (!value) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(value);
}

/** The consent form's hidden request id, read the way a browser would submit it. */
export async function requestIdFrom(page: Response): Promise<string> {
  const html = await page.text();
  const match = /name="request_id" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no request_id on the consent page');
  return match[1];
}

/** `name=value` for the Cookie header, from a response's Set-Cookie. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get('set-cookie');
  if (!header) throw new Error('expected a cookie');
  return header.split(';')[0] ?? '';
}

export function kakaoAuthorizeUrl(params: Record<string, string | undefined> = {}) {
  return query('/kauth/oauth/authorize', {
    client_id: KAKAO.jsKey,
    redirect_uri: STORE_REDIRECT,
    response_type: 'code',
    state: 'state-1234567890abcdef',
    ...params,
  });
}

export function naverAuthorizeUrl(params: Record<string, string | undefined> = {}) {
  return query('/nid/oauth2.0/authorize', {
    client_id: NAVER.clientId,
    redirect_uri: STORE_REDIRECT,
    response_type: 'code',
    state: 'state-naver-1234567890',
    ...params,
  });
}

/** Walks the consent page and agrees; returns the redirect back to the store. */
export async function consent(
  sandbox: Sandbox,
  authorizeUrl: string,
  decisionPath: string,
  action: 'agree' | 'cancel',
  shopper?: string,
): Promise<Response> {
  const page = await get(sandbox, authorizeUrl);
  const fields: Record<string, string> = { request_id: await requestIdFrom(page), action };
  if (shopper) fields.shopper = shopper;
  return postForm(sandbox, decisionPath, fields);
}

export function kakaoToken(sandbox: Sandbox, fields: Record<string, string>) {
  return postForm(sandbox, '/kauth/oauth/token', {
    grant_type: 'authorization_code',
    client_id: KAKAO.restKey,
    client_secret: KAKAO.clientSecret,
    redirect_uri: STORE_REDIRECT,
    ...fields,
  });
}
