/**
 * The setup doctor for a sample store: exactly what a merchant types into the Kakao and Naver
 * consoles, and each backend problem with its fix.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../src/doctor/index.ts';
import { readStores, registration } from '../src/doctor/plan.ts';

const SECRET = 'x'.repeat(40);
const STORE_ORIGINS = [
  'https://example.com',
  'https://www.example.com',
  'https://m.example.com',
  'https://shop.example.net',
  'https://www.shop.example.net',
  'https://m.shop.example.net',
];
const production = {
  PUBLIC_URL: 'https://auth.example.com',
  SESSION_SECRET: SECRET,
  ALLOWED_ORIGINS: STORE_ORIGINS.join(','),
  KAKAO_REST_API_KEY: 'rest-key',
  KAKAO_CLIENT_SECRET: 'kakao-secret',
  NAVER_CLIENT_ID: 'naver-id',
  NAVER_CLIENT_SECRET: 'naver-secret',
};

const REGISTRATION = [
  'Setup doctor for https://example.com, https://shop.example.net',
  'Redirect path: /member/login.html (data-redirect-path)',
  '',
  'Kakao Developers (developers.kakao.com › My Application)',
  '  App › Platform › Web › Site domain:',
  '      https://example.com',
  '      https://www.example.com',
  '      https://m.example.com',
  '      https://shop.example.net',
  '      https://www.shop.example.net',
  '      https://m.shop.example.net',
  '  Kakao Login › Redirect URI:',
  '      https://example.com/member/login.html',
  '      https://www.example.com/member/login.html',
  '      https://m.example.com/member/login.html',
  '      https://shop.example.net/member/login.html',
  '      https://www.shop.example.net/member/login.html',
  '      https://m.shop.example.net/member/login.html',
  '',
  'Naver Developers (developers.naver.com › Application › API settings › Naver Login)',
  '  PC web › Service URL: https://example.com',
  '  PC web › Callback URL:',
  '      https://example.com/member/login.html',
  '      https://www.example.com/member/login.html',
  '      https://shop.example.net/member/login.html',
  '      https://www.shop.example.net/member/login.html',
  '  Mobile web › Service URL: https://m.example.com',
  '  Mobile web › Callback URL:',
  '      https://m.example.com/member/login.html',
  '      https://m.shop.example.net/member/login.html',
  '',
];

describe('npm run doctor for a store on example.com and shop.example.net', () => {
  const stores = ['https://example.com', 'https://shop.example.net'];

  it('lists every console entry for the PC, www., m. and other domains, and finds no problem in a correct backend', () => {
    const { lines, exitCode } = runDoctor(stores, production);
    expect(lines).toEqual([...REGISTRATION, 'No problems found.']);
    expect(exitCode).toBe(0);
  });

  it('names each backend problem with its fix and exits 1', () => {
    const env = {
      ...production,
      PUBLIC_URL: 'http://auth.example.com',
      ALLOWED_ORIGINS: 'https://example.com,https://www.example.com',
      KAKAO_CLIENT_SECRET: undefined,
      NAVER_CLIENT_ID: undefined,
      NAVER_CLIENT_SECRET: undefined,
      KAKAO_AUTH_URL: 'http://localhost:9999/kauth',
    };
    const { lines, exitCode } = runDoctor(stores, env);
    expect(lines.slice(0, REGISTRATION.length)).toEqual(REGISTRATION);
    expect(lines.slice(REGISTRATION.length)).toEqual([
      '5 problems:',
      '  1. KAKAO_CLIENT_SECRET is not set.',
      '     Fix: Issue a client secret (Kakao Login › Security), enable it, and set KAKAO_CLIENT_SECRET.',
      '  2. NAVER_CLIENT_ID / NAVER_CLIENT_SECRET are not set: Naver logins would fail with unsupported_provider.',
      '     Fix: Set both from Naver Developers › Application › My application (Client ID, Client Secret).',
      '  3. ALLOWED_ORIGINS lacks https://m.example.com, https://shop.example.net, https://www.shop.example.net, https://m.shop.example.net: logins there answer origin_not_allowed.',
      `     Fix: ALLOWED_ORIGINS=${STORE_ORIGINS.join(',')}`,
      '  4. PUBLIC_URL is http://auth.example.com: browsers on an https store block calls to an http backend.',
      '     Fix: Serve the backend over https and set PUBLIC_URL=https://auth.example.com.',
      '  5. KAKAO_AUTH_URL is http://localhost:9999/kauth, not https://kauth.kakao.com.',
      '     Fix: Unset KAKAO_AUTH_URL in production (it exists for tests).',
    ]);
    expect(exitCode).toBe(1);
  });

  it('checks only the providers the store shows', () => {
    const env = { ...production, NAVER_CLIENT_ID: undefined, NAVER_CLIENT_SECRET: undefined };
    expect(runDoctor([...stores, '--providers', 'kakao'], env).exitCode).toBe(0);
    const { lines } = runDoctor(stores, env);
    expect(lines).toContain('1 problem:');
  });

  it('reports a backend that would not start, naming the variable', () => {
    const { lines, exitCode } = runDoctor(stores, { ...production, SESSION_SECRET: 'short' });
    expect(lines.at(-2)).toBe(
      '  1. The backend would not start: SESSION_SECRET must be at least 32 bytes (e.g. the output of `openssl rand -base64 32`).',
    );
    expect(exitCode).toBe(1);
  });

  it('flags a sandbox backend and an http store', () => {
    const { lines } = runDoctor(['http://example.com'], { ...production, SANDBOX: '1' });
    expect(lines).toContain('  1. http://example.com is served over http.');
    expect(lines).toContain(
      '  2. SANDBOX=1: the backend talks to the offline stand-ins, not Kakao and Naver.',
    );
  });
});

describe('reading store URLs', () => {
  it('takes the redirect path from a page URL, and any domain (www., m.) finds its twins', () => {
    const input = readStores(['https://m.example.com/member/login.html']);
    expect(input.redirectPath).toBe('/member/login.html');
    expect(input.sites.map((s) => s.origin)).toEqual(STORE_ORIGINS.slice(0, 3));
  });

  it('uses --redirect-path on every domain', () => {
    const { lines } = runDoctor(
      ['https://example.com', '--redirect-path', '/login.html'],
      production,
    );
    expect(lines).toContain('      https://m.example.com/login.html');
  });

  it('warns when the domains use different redirect paths', () => {
    const input = readStores([
      'https://example.com/member/login.html',
      'https://m.example.com/login.html',
    ]);
    expect(input.problems).toEqual([
      {
        problem: 'The redirect path differs between domains: /member/login.html, /login.html.',
        fix: 'Use one path everywhere (data-redirect-path="/member/login.html" on every skin) and register only that one.',
      },
    ]);
  });

  it('knows Cafe24 shop domains have an m. twin but no www.', () => {
    const plan = registration(readStores(['https://mymall.cafe24.com']));
    expect(plan.kakao.siteDomains).toEqual([
      'https://mymall.cafe24.com',
      'https://m.mymall.cafe24.com',
    ]);
  });

  it('flags more redirect URIs than Kakao accepts (10)', () => {
    const many = ['a', 'b', 'c', 'd'].map((name) => `https://${name}.example`);
    const { lines } = runDoctor(many, production);
    expect(lines.join('\n')).toContain(
      'Kakao accepts at most 10 redirect URIs; this store needs 12.',
    );
  });

  it('rejects what is not a URL', () => {
    const { lines, exitCode } = runDoctor(['example.com'], production);
    expect(lines.join('\n')).toContain('"example.com" is not a store URL.');
    expect(exitCode).toBe(1);
  });
});

describe('the npm script', () => {
  it('prints usage and exits 1 without a URL, and prints the report for one', async () => {
    const run = promisify(execFile);
    const tsx = 'node_modules/.bin/tsx';
    await expect(run(tsx, ['scripts/doctor.ts'])).rejects.toMatchObject({ code: 1 });
    const { stdout } = await run(tsx, ['scripts/doctor.ts', 'https://example.com'], {
      env: { ...process.env, ...production, ALLOWED_ORIGINS: STORE_ORIGINS.join(',') },
    });
    expect(stdout).toContain('  PC web › Service URL: https://example.com');
    expect(stdout).toContain('No problems found.');
  }, 30_000);
});
