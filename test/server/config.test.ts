import { describe, expect, it } from 'vitest';
import { devConfig } from '../../scripts/dev-server';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { ConfigError, loadConfig, withPort } from '../../src/server/config';

const PRODUCTION = {
  ALLOWED_ORIGINS: 'https://shop.example.com, https://M.Shop.Example.com:443,http://localhost:5173',
  SESSION_SECRET: 'x'.repeat(32),
  KAKAO_REST_API_KEY: 'rest-key',
  KAKAO_CLIENT_SECRET: 'kakao-secret',
  NAVER_CLIENT_ID: 'naver-id',
  NAVER_CLIENT_SECRET: 'naver-secret',
};

const quiet = () => {};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a production environment with real provider URLs and defaults', () => {
    const config = loadConfig(PRODUCTION);
    expect(config).toMatchObject({
      port: 8787,
      publicUrl: 'http://localhost:8787',
      allowedOrigins: [
        'https://shop.example.com',
        'https://m.shop.example.com',
        'http://localhost:5173',
      ],
      upstreamTimeoutMs: 5000,
      databaseUrl: 'file:./data/social-login.sqlite',
      logLevel: 'info',
      providers: {
        kakao: {
          restApiKey: 'rest-key',
          clientSecret: 'kakao-secret',
          authUrl: 'https://kauth.kakao.com',
          apiUrl: 'https://kapi.kakao.com',
        },
        naver: {
          clientId: 'naver-id',
          clientSecret: 'naver-secret',
          authUrl: 'https://nid.naver.com',
          apiUrl: 'https://openapi.naver.com',
        },
      },
      cafe24: { apiUrl: 'https://{mall_id}.cafe24api.com' },
    });
  });

  it('treats a provider without its keys as not configured', () => {
    const config = loadConfig({
      ...PRODUCTION,
      KAKAO_REST_API_KEY: '',
      KAKAO_CLIENT_SECRET: undefined,
      NAVER_CLIENT_ID: undefined,
      NAVER_CLIENT_SECRET: undefined,
    });
    expect(config.providers).toEqual({ kakao: undefined, naver: undefined });
  });

  it('takes PORT, PUBLIC_URL (without its trailing slash) and explicit provider URLs', () => {
    const config = loadConfig({
      ...PRODUCTION,
      PORT: '9000',
      PUBLIC_URL: 'https://auth.example.com/',
      KAKAO_AUTH_URL: 'http://kauth.local/',
    });
    expect(config.port).toBe(9000);
    expect(config.publicUrl).toBe('https://auth.example.com');
    expect(config.providers.kakao?.authUrl).toBe('http://kauth.local');
  });

  it('in development, SANDBOX=1 needs nothing: sandbox URLs under PUBLIC_URL, sandbox keys, demo origins', () => {
    const warnings: string[] = [];
    const config = devConfig({ SANDBOX: '1' }, (message) => warnings.push(message));
    expect(config.sandbox).toBe(true);
    expect(config.allowedOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
    expect(config.providers.kakao).toEqual({
      restApiKey: SANDBOX_CREDENTIALS.kakaoRestKey,
      clientSecret: SANDBOX_CREDENTIALS.kakaoClientSecret,
      authUrl: 'http://localhost:8787/sandbox/kauth',
      apiUrl: 'http://localhost:8787/sandbox/kapi',
    });
    expect(config.providers.naver).toEqual({
      clientId: SANDBOX_CREDENTIALS.naverClientId,
      clientSecret: SANDBOX_CREDENTIALS.naverClientSecret,
      authUrl: 'http://localhost:8787/sandbox/nid',
      apiUrl: 'http://localhost:8787/sandbox/openapi',
    });
    expect(Buffer.byteLength(config.sessionSecret)).toBeGreaterThanOrEqual(32);
    expect(warnings).toEqual([expect.stringContaining('SESSION_SECRET is not set')]);
  });

  it('moves a port-derived PUBLIC_URL and the sandbox URLs under it to the port really used', () => {
    const config = withPort(devConfig({ SANDBOX: 'true', PORT: '0' }, quiet), 40123);
    expect(config.publicUrl).toBe('http://localhost:40123');
    expect(config.providers.kakao?.authUrl).toBe('http://localhost:40123/sandbox/kauth');
    expect(config.providers.naver?.apiUrl).toBe('http://localhost:40123/sandbox/openapi');
    const fixed = withPort(
      loadConfig({ ...PRODUCTION, PUBLIC_URL: 'https://auth.example.com' }),
      1,
    );
    expect(fixed.publicUrl).toBe('https://auth.example.com');
  });

  it.each([
    [{ PORT: '80a' }, 'PORT must be a port number from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT must be a port number from 0 to 65535'],
    [{ PUBLIC_URL: 'auth.example.com' }, 'PUBLIC_URL must be an http(s) URL'],
    [{ KAKAO_AUTH_URL: 'ftp://kauth' }, 'KAKAO_AUTH_URL must be an http(s) URL'],
    [{ NAVER_API_URL: 'nope' }, 'NAVER_API_URL must be an http(s) URL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET must be at least 32 bytes'],
    [
      { UPSTREAM_TIMEOUT_MS: '0' },
      'UPSTREAM_TIMEOUT_MS must be a whole number of milliseconds from 1 to 120000',
    ],
    [{ UPSTREAM_TIMEOUT_MS: '5s' }, 'UPSTREAM_TIMEOUT_MS must be a whole number of milliseconds'],
    [{ SANDBOX: 'yes' }, 'SANDBOX must be 1 or 0'],
    [
      { SANDBOX: '1' },
      'SANDBOX must be 0 or unset here: the sandbox is for development (`npm start`, `SANDBOX=1 npm run server`); the production server never mounts it',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error, silent'],
    [{ METRICS_TOKEN: 'guessable' }, 'METRICS_TOKEN must be 32 to 256 visible ASCII characters'],
    [
      { CAFE24_API_URL: 'https://api.cafe24.com' },
      'CAFE24_API_URL must be an https URL template containing {mall_id}',
    ],
    [
      { ALLOWED_ORIGINS: 'https://shop.example.com/member' },
      'ALLOWED_ORIGINS must be a comma-separated list of origins',
    ],
    [{ ALLOWED_ORIGINS: 'https://shop.example.com/' }, '"https://shop.example.com/" is not one'],
    [{ ALLOWED_ORIGINS: 'shop.example.com' }, '"shop.example.com" is not one'],
    [{ ALLOWED_ORIGINS: '*' }, '"*" is not one'],
    [{ ALLOWED_ORIGINS: ' , ' }, 'ALLOWED_ORIGINS must list at least one origin'],
    [{ ALLOWED_ORIGINS: undefined }, 'ALLOWED_ORIGINS is required'],
    [{ SESSION_SECRET: undefined }, 'SESSION_SECRET is required'],
    [
      { NAVER_CLIENT_SECRET: undefined },
      'NAVER_CLIENT_SECRET is required when NAVER_CLIENT_ID is set',
    ],
    [
      { KAKAO_REST_API_KEY: undefined },
      'KAKAO_REST_API_KEY is required when KAKAO_CLIENT_SECRET is set',
    ],
    [{ CAFE24_CLIENT_ID: 'app' }, 'CAFE24_CLIENT_SECRET is required when CAFE24_CLIENT_ID is set'],
  ])('names the variable when %o is bad', (override, expected) => {
    const problems = problemsOf({ ...PRODUCTION, ...override });
    expect(problems.join('\n')).toContain(expected);
  });

  it('reports every bad variable at once and never echoes a value', () => {
    try {
      loadConfig({ ...PRODUCTION, PORT: 'x', SESSION_SECRET: 'hunter2-too-short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = error instanceof Error ? error.message : '';
      expect(message).toMatch(/^Invalid environment:\n {2}PORT .*\n {2}SESSION_SECRET /);
      expect(message).not.toContain('hunter2');
    }
  });
});
