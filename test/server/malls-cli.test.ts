/**
 * The admin CLI of the registered malls (docs/malls.md), run in-process with the server's
 * environment: what an operator types and reads back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runMallsCommand } from '../../src/server/malls/cli';

const dir = mkdtempSync(join(tmpdir(), 'malls-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = {
  ALLOWED_ORIGINS: 'https://shop.example.com',
  SESSION_SECRET: 'malls-cli-session-secret-0123456789abcdef',
  SSO_CLIENT_ID: 'env-sso',
  SSO_CLIENT_SECRET: 'env-sso-client-secret-0123456789abcdef',
  SSO_REDIRECT_URIS: 'https://shop.example.com/Api/Member/Oauth2ClientCallback/sso/',
  DATABASE_URL: `file:${join(dir, 'malls.sqlite')}`,
};

const MYSHOP = {
  id: 'myshop',
  origins: ['https://myshop.cafe24.com', 'https://m.myshop.cafe24.com'],
  kakao: { restApiKey: 'kakao-rest', clientSecret: 'kakao-secret-value', jsKey: 'kakao-js' },
  sso: {
    clientId: 'myshop-sso',
    clientSecret: 'myshop-sso-client-secret-0123456789abcdef',
    redirectUris: ['https://myshop.cafe24.com/Api/Member/Oauth2ClientCallback/sso/'],
  },
};

async function malls(args: string[], input = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMallsCommand(args, {
    env: ENV,
    readInput: async () => input,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

it('registers a mall from JSON, lists it without a secret, and removes it', async () => {
  const put = await malls(['put'], JSON.stringify(MYSHOP));
  expect(put).toMatchObject({ code: 0, err: [] });
  const list = await malls(['list']);
  expect(list.out).toEqual([
    'myshop  origins https://myshop.cafe24.com, https://m.myshop.cafe24.com  providers kakao  sso myshop-sso',
  ]);
  expect(list.out.join('\n')).not.toMatch(/secret/);
  expect(await malls(['remove', 'myshop'])).toMatchObject({ code: 0, out: ['removed myshop'] });
  expect((await malls(['list'])).out).toEqual(['no mall registered']);
});

it.each([
  [
    { ...MYSHOP, origins: ['https://shop.example.com'] },
    "origin https://shop.example.com is the environment's (ALLOWED_ORIGINS)",
  ],
  [
    { ...MYSHOP, sso: { ...MYSHOP.sso, clientId: 'env-sso' } },
    '"sso.clientId" is the environment\'s SSO_CLIENT_ID',
  ],
  [{ ...MYSHOP, id: 'default' }, '"id" "default" is the environment\'s mall'],
  [
    { ...MYSHOP, origins: ['https://myshop.cafe24.com/'] },
    '"origins.0" must be an origin like https://myshop.cafe24.com',
  ],
  [
    { ...MYSHOP, sso: { ...MYSHOP.sso, clientSecret: 'short' } },
    '"sso.clientSecret" must be at least 32 bytes',
  ],
  [{ ...MYSHOP, naver: { clientId: 'only-an-id' } }, '"naver.clientSecret"'],
])('refuses %j, naming what is wrong', async (mall, message) => {
  const { code, err } = await malls(['put'], JSON.stringify(mall));
  expect(code).toBe(1);
  expect(err.join('\n')).toContain(`mall not registered: ${message}`);
});

it('prints its usage for an unknown command and names a mall that is not there', async () => {
  expect((await malls(['add'])).code).toBe(2);
  expect(await malls(['remove', 'nosuch'])).toMatchObject({
    code: 1,
    err: ['no mall "nosuch" is registered'],
  });
  expect((await malls(['put'], 'not json')).err).toEqual([
    'standard input must be one mall as JSON (see `malls` without arguments)',
  ]);
});
