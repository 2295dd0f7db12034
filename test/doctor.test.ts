/**
 * The setup doctor for a sample store: exactly what a merchant types into the Kakao and Naver
 * consoles, and each backend problem with its fix.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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

const HEADER = [
  'Setup doctor for https://example.com, https://shop.example.net',
  'Redirect path: /member/login.html (data-redirect-path)',
];
const KAKAO = [
  '',
  'Kakao Developers (developers.kakao.com › My Application)',
  '  App › Platform › Web › Site domain:',
  '      https://example.com',
  '      https://www.example.com',
  '      https://m.example.com',
  '      https://shop.example.net',
  '  Kakao Login: ON',
  '  Kakao Login › Redirect URI:',
  '      https://example.com/member/login.html',
  '      https://www.example.com/member/login.html',
  '      https://m.example.com/member/login.html',
  '      https://shop.example.net/member/login.html',
  '  OpenID Connect: ON (recommended)',
];
const NAVER = [
  '',
  'Naver Developers (developers.naver.com › Application › API settings › Naver Login)',
  '  PC web › Service URL: https://example.com',
  '    Warning: one Service URL per environment; Naver login may fail on https://www.example.com, https://shop.example.net: redirect them to https://example.com, or register a separate Naver application for them.',
  '  PC web › Callback URL:',
  '      https://example.com/member/login.html',
  '      https://www.example.com/member/login.html',
  '      https://shop.example.net/member/login.html',
  '  Mobile web › Service URL: https://m.example.com',
  '  Mobile web › Callback URL:',
  '      https://m.example.com/member/login.html',
];
/** The production tag: the widget from the backend, with the backend's public settings. */
const tag = (lines: string[]) => [
  '',
  'Script tag (skin › login and signup pages: the container where the buttons go, the tag before </body>)',
  '  <div data-social-login></div>',
  '  <script async src="https://auth.example.com/social-login.js"',
  '    data-backend="https://auth.example.com"',
  ...lines,
];
const TAG = tag([
  '    data-kakao-js-key="YOUR_KAKAO_JAVASCRIPT_KEY"',
  '    data-naver-client-id="naver-id"></script>',
]);
const REGISTRATION = [...HEADER, ...KAKAO, ...NAVER, ...TAG, ''];

describe('npm run doctor for a store on example.com and shop.example.net', () => {
  const stores = ['https://example.com', 'https://shop.example.net'];

  it('lists every console entry for the apex, its www. and m., and the other domain as given, and finds no problem in a correct backend', () => {
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
    const consoles = [...HEADER, ...KAKAO, ...NAVER];
    expect(lines.slice(0, consoles.length)).toEqual(consoles);
    // The tag says what the backend is configured with, placeholders for what it lacks.
    expect(lines).toContain('    data-naver-client-id="YOUR_NAVER_CLIENT_ID"></script>');
    expect(lines.slice(REGISTRATION.length)).toEqual([
      '5 problems:',
      '  1. KAKAO_CLIENT_SECRET is not set.',
      '     Fix: Issue a client secret (Kakao Login › Security), enable it, and set KAKAO_CLIENT_SECRET.',
      '  2. NAVER_CLIENT_ID / NAVER_CLIENT_SECRET are not set: Naver logins would fail with unsupported_provider.',
      '     Fix: Set both from Naver Developers › Application › My application (Client ID, Client Secret).',
      '  3. ALLOWED_ORIGINS lacks https://m.example.com, https://shop.example.net: logins there answer origin_not_allowed.',
      `     Fix: ALLOWED_ORIGINS=${STORE_ORIGINS.join(',')}`,
      '  4. PUBLIC_URL is http://auth.example.com: browsers on an https store block calls to an http backend.',
      '     Fix: Serve the backend over https and set PUBLIC_URL=https://auth.example.com.',
      '  5. KAKAO_AUTH_URL is http://localhost:9999/kauth, not https://kauth.kakao.com.',
      '     Fix: Unset KAKAO_AUTH_URL in production (it exists for tests).',
    ]);
    expect(exitCode).toBe(1);
  });

  it('checks and prints only the providers the store shows', () => {
    const env = { ...production, NAVER_CLIENT_ID: undefined, NAVER_CLIENT_SECRET: undefined };
    const kakaoOnly = runDoctor([...stores, '--providers', 'kakao'], env);
    expect(kakaoOnly.lines).toEqual([
      ...HEADER,
      ...KAKAO,
      ...tag(['    data-kakao-js-key="YOUR_KAKAO_JAVASCRIPT_KEY"></script>']),
      '',
      'No problems found.',
    ]);
    expect(kakaoOnly.exitCode).toBe(0);
    const naverOnly = runDoctor([...stores, '--providers', 'naver'], production);
    expect(naverOnly.lines).toEqual([
      ...HEADER,
      ...NAVER,
      ...tag(['    data-naver-client-id="naver-id"></script>']),
      '',
      'No problems found.',
    ]);
    const { lines } = runDoctor(stores, env);
    expect(lines).toContain('1 problem:');
  });

  it('reports a backend that would not start, naming the variable, and still gives the exact ALLOWED_ORIGINS', () => {
    const { lines, exitCode } = runDoctor(stores, {
      ...production,
      SESSION_SECRET: 'short',
      ALLOWED_ORIGINS: 'https://example.com',
    });
    expect(lines.slice(REGISTRATION.length)).toEqual([
      '2 problems:',
      '  1. The backend would not start: SESSION_SECRET must be at least 32 bytes (e.g. the output of `openssl rand -base64 32`).',
      "     Fix: Set SESSION_SECRET in the backend's environment (docs/backend.md › Environment).",
      '  2. ALLOWED_ORIGINS lacks https://www.example.com, https://m.example.com, https://shop.example.net: logins there answer origin_not_allowed.',
      `     Fix: ALLOWED_ORIGINS=${STORE_ORIGINS.join(',')}`,
    ]);
    expect(exitCode).toBe(1);
  });

  it('gives the exact ALLOWED_ORIGINS when the variable itself is missing', () => {
    const { lines } = runDoctor(stores, { ...production, ALLOWED_ORIGINS: undefined });
    expect(lines.slice(REGISTRATION.length)).toEqual([
      '1 problem:',
      '  1. The backend would not start: ALLOWED_ORIGINS is required: the store origins allowed to call the backend.',
      `     Fix: ALLOWED_ORIGINS=${STORE_ORIGINS.join(',')}`,
    ]);
  });

  it('flags a sandbox backend and an http store', () => {
    const { lines } = runDoctor(['http://example.com'], { ...production, SANDBOX: '1' });
    expect(lines).toContain('  1. http://example.com is served over http.');
    expect(lines).toContain(
      '  2. SANDBOX=1: the backend talks to the offline stand-ins, not Kakao and Naver.',
    );
  });
});

describe('docs/consoles.md', () => {
  it('shows the doctor’s exact output for its example store', async () => {
    const readme = await readFile(new URL('../docs/consoles.md', import.meta.url), 'utf8');
    const { lines } = runDoctor(['https://example.com', 'https://shop.example.net'], {
      ...production,
      ALLOWED_ORIGINS: 'https://example.com,https://www.example.com',
    });
    expect(readme).toContain(
      `$ npm run doctor -- https://example.com https://shop.example.net\n${lines.join('\n')}\n\`\`\``,
    );
  });
});

describe('reading store URLs', () => {
  it('takes the redirect path from a page URL, and a www. host finds its apex and m.', () => {
    const input = readStores(['https://www.example.com/member/login.html']);
    expect(input.redirectPath).toBe('/member/login.html');
    expect(input.sites).toEqual([
      { origin: 'https://example.com', kind: 'pc' },
      { origin: 'https://www.example.com', kind: 'www' },
      { origin: 'https://m.example.com', kind: 'mobile' },
    ]);
  });

  // Which hosts have certain twins: an apex given bare (two-level public suffixes of Korean,
  // Japanese, Chinese and Taiwanese stores included), a www. host, Cafe24's own domain.
  it.each([
    ['https://example.co.kr', ['example.co.kr', 'www.example.co.kr', 'm.example.co.kr']],
    ['https://shop.or.kr', ['shop.or.kr', 'www.shop.or.kr', 'm.shop.or.kr']],
    ['https://shop.ne.kr', ['shop.ne.kr', 'www.shop.ne.kr', 'm.shop.ne.kr']],
    ['https://example.co.jp', ['example.co.jp', 'www.example.co.jp', 'm.example.co.jp']],
    ['https://www.example.ne.jp', ['example.ne.jp', 'www.example.ne.jp', 'm.example.ne.jp']],
    ['https://example.or.jp', ['example.or.jp', 'www.example.or.jp', 'm.example.or.jp']],
    ['https://example.com.cn', ['example.com.cn', 'www.example.com.cn', 'm.example.com.cn']],
    ['https://example.com.tw', ['example.com.tw', 'www.example.com.tw', 'm.example.com.tw']],
    ['https://www.example.com.hk', ['example.com.hk', 'www.example.com.hk', 'm.example.com.hk']],
    ['https://example.kr', ['example.kr', 'www.example.kr', 'm.example.kr']],
    ['https://mymall.cafe24.com', ['mymall.cafe24.com', 'm.mymall.cafe24.com']],
    ['https://m.mymall.cafe24.com', ['mymall.cafe24.com', 'm.mymall.cafe24.com']],
    ['https://shop.example.co.kr', ['shop.example.co.kr']],
    ['https://m.example.com', ['m.example.com']],
    ['https://jp.example.com', ['jp.example.com']],
    ['https://www.shop.example.com', ['www.shop.example.com']],
    ['http://localhost:5173', ['localhost:5173']],
  ])('%s stands for %j', (url, hosts) => {
    const origins = readStores([url]).sites.map((s) => s.origin);
    expect(origins).toEqual(hosts.map((h) => `${new URL(url).protocol}//${h}`));
  });

  it('uses --redirect-path on every domain', () => {
    const { lines } = runDoctor(
      ['https://example.com', '--redirect-path', '/login.html'],
      production,
    );
    expect(lines).toContain('      https://m.example.com/login.html');
    expect(lines).not.toContain('      https://m.example.com/member/login.html');
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
    expect(runDoctor([...many, '--providers', 'naver'], production).lines.join('\n')).not.toContain(
      'Kakao accepts',
    );
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
  });
});
