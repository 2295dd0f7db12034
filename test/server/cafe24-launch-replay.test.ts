/**
 * A signed launch URL buys Admin API work once. Cafe24's URL carries no nonce and is accepted for
 * 10 minutes, so without this a leaked or reloaded URL, opened 60 times at once, queued Admin API
 * calls in the mall's leaky bucket ahead of every shopper's welcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server';
import { installApp, MALL, startCafe24Server } from './cafe24-helpers';

let server: DevServer;
const adminCalls: string[] = [];
const sandbox = () => {
  if (!server.sandbox) throw new Error('no sandbox');
  return server.sandbox;
};

beforeAll(async () => {
  server = await startCafe24Server({
    deps: {
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.pathname.includes('/api/v2/admin/')) adminCalls.push(url.pathname);
        return globalThis.fetch(input, init);
      },
    },
  });
  expect((await installApp(server)).status).toBe(200);
});
afterAll(() => server?.close());

describe('replaying a launch URL', () => {
  it('calls the Admin API for the first opening only, even with 60 at once', async () => {
    const url = sandbox().cafe24Api.launchUrl(`${server.url}/cafe24/launch`, MALL);
    adminCalls.length = 0;
    const answers = await Promise.all(Array.from({ length: 60 }, () => fetch(url)));
    expect(answers.map((res) => res.status)).toEqual(Array(60).fill(200));
    for (const res of answers) expect(await res.text()).toContain('설치되어 있습니다');
    expect(answers[0]?.headers.get('content-security-policy')).toMatch(/^default-src 'none'; /);
    expect(answers[0]?.headers.get('x-frame-options')).toBe('DENY');
    // One opening's worth: the script tag looked up (and added back if it were missing).
    expect(adminCalls.length).toBeGreaterThan(0);
    expect(adminCalls.length).toBeLessThanOrEqual(2);

    adminCalls.length = 0;
    const reload = await fetch(url);
    expect(reload.status).toBe(200);
    expect(await reload.text()).toMatch(/script tag \d+/);
    expect(adminCalls).toEqual([]);
  });

  it('refuses a used URL for a mall that still has to authorise the app', async () => {
    const url = sandbox().cafe24Api.launchUrl(`${server.url}/cafe24/launch`, 'newmall');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect((await again.json()).error).toEqual({
      code: 'invalid_request',
      message:
        'Cafe24 launch refused: this launch URL was already used; open the app from the admin again',
    });
  });
});
