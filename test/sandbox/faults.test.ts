import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox, type SandboxFaultTarget } from '../../src/sandbox/index';
import { kakaoToken, NAVER, STORE_REDIRECT, testSandbox } from './helpers';

const FAULT_TARGETS: SandboxFaultTarget[] = [
  'kakao.token',
  'kakao.me',
  'kakao.jwks',
  'naver.token',
  'naver.me',
];

/** Each target and a request that reaches it. */
const TARGETS: Record<SandboxFaultTarget, (s: Sandbox) => Promise<Response>> = {
  'kakao.token': async (s) => kakaoToken(s, { code: 'x' }),
  'kakao.me': async (s) => s.app.request('/kapi/v2/user/me'),
  'kakao.jwks': async (s) => s.app.request('/kauth/.well-known/jwks.json'),
  'naver.token': async (s) => s.app.request('/nid/oauth2.0/token?grant_type=authorization_code'),
  'naver.me': async (s) => s.app.request('/openapi/v1/nid/me'),
};

describe('faults', () => {
  describe.each(FAULT_TARGETS)('on %s', (target) => {
    const call = TARGETS[target];

    it('answers 500 text for http500, once', async () => {
      const { sandbox } = testSandbox();
      sandbox.injectFault(target, 'http500');
      const res = await call(sandbox);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect((await call(sandbox)).status).not.toBe(500);
    });

    it('answers a 200 HTML page for html', async () => {
      const { sandbox } = testSandbox();
      sandbox.injectFault(target, 'html');
      const res = await call(sandbox);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('answers 200 application/json that does not parse for malformed_json', async () => {
      const { sandbox } = testSandbox();
      sandbox.injectFault(target, 'malformed_json');
      const res = await call(sandbox);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      await expect(res.json()).rejects.toThrow();
    });
  });

  it('hangs until the client gives up', async () => {
    const { sandbox } = testSandbox();
    sandbox.injectFault('kakao.token', 'hang');
    const controller = new AbortController();
    let settled = false;
    const pending = Promise.resolve(
      sandbox.app.request('/kauth/oauth/token', { method: 'POST', signal: controller.signal }),
    ).then((res) => {
      settled = true;
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    controller.abort();
    await pending;
    expect(settled).toBe(true);
  });

  it('lets hanging requests go on reset(), and forgets armed faults', async () => {
    const { sandbox } = testSandbox();
    sandbox.injectFault('naver.me', 'hang');
    const pending = sandbox.app.request('/openapi/v1/nid/me');
    await new Promise((resolve) => setTimeout(resolve, 20));
    sandbox.injectFault('naver.token', 'http500');
    sandbox.reset();
    await pending;
    const res = await sandbox.app.request('/nid/oauth2.0/token');
    expect(res.status).toBe(200);
  });
});

describe('through a real listening server', () => {
  let server: ReturnType<typeof serve>;
  let origin = '';
  const sandbox = createSandbox({ baseUrl: 'http://127.0.0.1:0/sandbox' });

  beforeAll(async () => {
    const parent = new Hono();
    parent.route('/sandbox', sandbox.app);
    await new Promise<void>((resolve) => {
      server = serve(
        { fetch: parent.fetch, port: 0, hostname: '127.0.0.1' },
        (info: AddressInfo) => {
          origin = `http://127.0.0.1:${info.port}`;
          resolve();
        },
      );
    });
  });

  afterAll(async () => {
    sandbox.reset();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves a Naver login end to end over HTTP with the default credentials', async () => {
    const code = await sandbox.issueCode('naver', { redirectUri: STORE_REDIRECT, state: 's' });
    const token = await (
      await fetch(`${origin}/sandbox/nid/oauth2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'sandbox-naver-client-id',
          client_secret: 'sandbox-naver-client-secret',
          code,
          state: 's',
        }),
      })
    ).json();
    const me = await fetch(`${origin}/sandbox/openapi/v1/nid/me`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect((await me.json()).response.name).toBe('김민지');
    expect(NAVER.clientId).not.toBe('sandbox-naver-client-id');
  });

  it('keeps a hanging request open until the client times out', async () => {
    sandbox.injectFault('kakao.me', 'hang');
    const started = Date.now();
    await expect(
      fetch(`${origin}/sandbox/kapi/v2/user/me`, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // The server is still healthy for the next request.
    expect((await fetch(`${origin}/sandbox/kapi/v2/user/me`)).status).toBe(401);
  });

  it('serves the stand-in SDK as cross-origin JavaScript', async () => {
    const res = await fetch(`${origin}/sandbox/kakao.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toContain("const VERSION = '2.7.1-sandbox';");
  });
});
