/**
 * The backend's whole configuration: one zod schema over `process.env`, read once at start-up
 * (docs/backend.md "Environment"). A bad value stops start-up with a message naming each
 * variable and what it expected; values are never echoed, since some of them are secrets. Nothing
 * here knows the sandbox: development entry points give it the sandbox's keys and URLs as
 * ordinary variables (src/sandbox/backend-env.ts, scripts/dev-server.ts).
 */
import { z } from 'zod';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface KakaoConfig {
  restApiKey: string;
  clientSecret?: string;
  /** `https://kauth.kakao.com`: authorize, token, OIDC discovery, JWKS; also the ID token issuer. */
  authUrl: string;
  /** `https://kapi.kakao.com`: `/v2/user/me`. */
  apiUrl: string;
}

export interface NaverConfig {
  clientId: string;
  clientSecret: string;
  /** `https://nid.naver.com`: `/oauth2.0/authorize`, `/oauth2.0/token`. */
  authUrl: string;
  /** `https://openapi.naver.com`: `/v1/nid/me`. */
  apiUrl: string;
}

/** The Cafe24 store registered as an OAuth 2.0 client of our identity provider (/sso/*). */
export interface SsoClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match list (RFC 6749 §3.1.2.2), e.g. https://myshop.cafe24.com/Api/Member/Oauth2ClientCallback/sso/. */
  redirectUris: readonly string[];
}

export interface Config {
  port: number;
  /** Where browsers reach this backend, without a trailing slash. */
  publicUrl: string;
  /** Exact, normalised origins (`URL.origin`) of the store's pages. */
  allowedOrigins: readonly string[];
  sessionSecret: string;
  /** A provider is present only when its keys are configured. */
  providers: { kakao?: KakaoConfig; naver?: NaverConfig };
  upstreamTimeoutMs: number;
  /** `file:<path>`, `:memory:` or `postgres://…` (shared by every instance). */
  databaseUrl: string;
  /** PostgreSQL connections per instance (DATABASE_POOL_SIZE); default 10. */
  databasePoolSize?: number;
  /**
   * Where Kakao and Naver answer (KAKAO_AUTH_URL…): every mall's provider keys are used against
   * these, also for malls registered in the database (docs/malls.md).
   */
  providerUrls: {
    kakao: Pick<KakaoConfig, 'authUrl' | 'apiUrl'>;
    naver: Pick<NaverConfig, 'authUrl' | 'apiUrl'>;
  };
  cafe24: { clientId?: string; clientSecret?: string; apiUrl: string };
  /** Where stores load the widget from (WIDGET_URL); the Cafe24 app's script tag points there. */
  widgetUrl?: string;
  /** Kakao JavaScript key (KAKAO_JS_KEY), public by design: the Cafe24 script tag passes it on. */
  kakaoJsKey?: string;
  /** Set: the store's Single Sign-On completes logins (Cafe24), and exchanges answer a ticket. */
  sso?: SsoClient;
  /** Store rules from Cafe24's social login manual (serviceguide.cafe24.com/en_US/PM.SN.LI.html). */
  storeRules: { ageRestricted: boolean };
  logLevel: LogLevel;
  /** Bearer token for GET /metrics (METRICS_TOKEN); unset, /metrics answers 404. */
  metricsToken?: string;
  /**
   * Proxies in front of the backend (TRUST_PROXY): 0 keys the rate limit by the TCP peer; N takes
   * the client from the Nth address from the right of X-Forwarded-For, which those proxies append.
   */
  trustProxy: number;
  /**
   * True when `publicUrl` was derived from `PORT` (PUBLIC_URL unset), so a server started on port 0
   * may move it, and any provider URL under it (a development sandbox), to the port it really got
   * (see `withPort`).
   */
  publicUrlFromPort: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(
      `Invalid environment:\n${problems.map((p) => `  ${p.variable} ${p.message}`).join('\n')}`,
    );
  }
}

export const REAL_PROVIDER_URLS = {
  KAKAO_AUTH_URL: 'https://kauth.kakao.com',
  KAKAO_API_URL: 'https://kapi.kakao.com',
  NAVER_AUTH_URL: 'https://nid.naver.com',
  NAVER_API_URL: 'https://openapi.naver.com',
} as const;

export const DEFAULT_DATABASE_URL = 'file:./data/social-login.sqlite';
export const DEFAULT_CAFE24_API_URL = 'https://{mall_id}.cafe24api.com';
const MIN_SECRET_BYTES = 32;

// `FOO=` in a .env file means "unset", not "empty string".
const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());

const text = z.string().trim();

const httpUrl = text
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'must be an http(s) URL',
  })
  .transform((value) => value.replace(/\/+$/, ''));

const integer = (min: number, max: number, what: string) =>
  text
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${what}`);

/** An exact origin: scheme, host and port only, as the browser sends it in `Origin`. */
export function normaliseOrigin(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (!bare || !/^https?:$/.test(url.protocol) || value.endsWith('/')) return undefined;
  return url.origin;
}

const origins = text.transform((value, ctx) => {
  const list = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const normalised: string[] = [];
  for (const item of list) {
    const origin = normaliseOrigin(item);
    if (origin) normalised.push(origin);
    else
      ctx.addIssue(
        `must be a comma-separated list of origins like https://shop.example.com (scheme, host, optional port; no path or trailing slash): "${item}" is not one`,
      );
  }
  if (list.length === 0) ctx.addIssue('must list at least one origin');
  return [...new Set(normalised)];
});

const secret = text.refine(
  (value) => Buffer.byteLength(value, 'utf8') >= MIN_SECRET_BYTES,
  `must be at least ${MIN_SECRET_BYTES} bytes (e.g. the output of \`openssl rand -base64 32\`)`,
);

const flag = text
  .toLowerCase()
  .refine((value) => ['1', '0', 'true', 'false'].includes(value), 'must be 1 or 0')
  .transform((value) => value === '1' || value === 'true');

const redirectUris = text.transform((value, ctx) => {
  const list = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of list) {
    const url = URL.canParse(item) ? new URL(item) : undefined;
    const local = url && isLocal(url);
    if (!url || url.hash || !(url.protocol === 'https:' || (local && url.protocol === 'http:')))
      ctx.addIssue(
        `must be a comma-separated list of https URLs without a fragment (http only on localhost): "${item}" is not one`,
      );
  }
  if (list.length === 0) ctx.addIssue('must list at least one redirect URI');
  return [...new Set(list)];
});

const isLocal = (url: URL) => ['localhost', '127.0.0.1'].includes(url.hostname);

const cafe24Template = text.refine((value) => {
  const filled = value.replaceAll('{mall_id}', 'mall');
  const url = URL.canParse(filled) ? new URL(filled) : undefined;
  return (
    value.includes('{mall_id}') &&
    url !== undefined &&
    (url.protocol === 'https:' || (isLocal(url) && url.protocol === 'http:'))
  );
}, 'must be an https URL template containing {mall_id}, e.g. https://{mall_id}.cafe24api.com');

const EnvSchema = z.object({
  PORT: optional(integer(0, 65535, 'a port number from 0 to 65535')),
  PUBLIC_URL: optional(httpUrl),
  ALLOWED_ORIGINS: optional(origins),
  SESSION_SECRET: optional(secret),
  KAKAO_REST_API_KEY: optional(text),
  KAKAO_CLIENT_SECRET: optional(text),
  NAVER_CLIENT_ID: optional(text),
  NAVER_CLIENT_SECRET: optional(text),
  KAKAO_AUTH_URL: optional(httpUrl),
  KAKAO_API_URL: optional(httpUrl),
  NAVER_AUTH_URL: optional(httpUrl),
  NAVER_API_URL: optional(httpUrl),
  UPSTREAM_TIMEOUT_MS: optional(
    integer(1, 120_000, 'a whole number of milliseconds from 1 to 120000'),
  ),
  DATABASE_URL: optional(
    text.refine(
      (value) =>
        value === ':memory:' || value.startsWith('file:') || /^postgres(ql)?:\/\//.test(value),
      'must be file:<path> (SQLite), :memory: or postgres://user@host:port/database (PostgreSQL)',
    ),
  ),
  DATABASE_POOL_SIZE: optional(integer(1, 1000, 'a whole number of connections from 1 to 1000')),
  // The sandbox is mounted by the development entry points only (`npm start`, `npm run server`).
  SANDBOX: optional(
    flag.refine(
      (on) => !on,
      'must be 0 or unset here: the sandbox is for development (`npm start`, `SANDBOX=1 npm run server`); the production server never mounts it',
    ),
  ),
  CAFE24_CLIENT_ID: optional(text),
  CAFE24_CLIENT_SECRET: optional(text),
  CAFE24_API_URL: optional(cafe24Template),
  WIDGET_URL: optional(httpUrl),
  KAKAO_JS_KEY: optional(text),
  SSO_CLIENT_ID: optional(
    text.regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 visible ASCII characters'),
  ),
  SSO_CLIENT_SECRET: optional(
    text.refine(
      (value) => Buffer.byteLength(value, 'utf8') >= MIN_SECRET_BYTES,
      `must be at least ${MIN_SECRET_BYTES} bytes (e.g. the output of \`openssl rand -base64 32\`)`,
    ),
  ),
  SSO_REDIRECT_URIS: optional(redirectUris),
  STORE_AGE_RESTRICTED: optional(flag),
  TRUST_PROXY: optional(integer(0, 10, 'a whole number of proxies from 0 to 10')),
  METRICS_TOKEN: optional(
    text.regex(
      /^[\x21-\x7e]{32,256}$/,
      'must be 32 to 256 visible ASCII characters (e.g. the output of `openssl rand -hex 32`)',
    ),
  ),
  LOG_LEVEL: optional(
    text.toLowerCase().pipe(
      z.enum(['debug', 'info', 'warn', 'error', 'silent'], {
        error: 'must be one of debug, info, warn, error, silent',
      }),
    ),
  ),
});
type Env = z.infer<typeof EnvSchema>;

const SSO_CALLBACK_EXAMPLE =
  "the store's SSO callback, e.g. https://myshop.cafe24.com/Api/Member/Oauth2ClientCallback/sso/";

/** Pairs that only make sense together, and what production cannot do without. */
function crossFieldProblems(env: Env): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const require = (variable: keyof Env, message: string) => {
    if (env[variable] === undefined) problems.push({ variable, message });
  };
  require('ALLOWED_ORIGINS', 'is required: the store origins allowed to call the backend');
  require('SESSION_SECRET', `is required: a random secret of at least ${MIN_SECRET_BYTES} bytes`);
  if (env.KAKAO_CLIENT_SECRET !== undefined)
    require('KAKAO_REST_API_KEY', 'is required when KAKAO_CLIENT_SECRET is set');
  if (env.NAVER_CLIENT_ID !== undefined)
    require('NAVER_CLIENT_SECRET', 'is required when NAVER_CLIENT_ID is set');
  if (env.NAVER_CLIENT_SECRET !== undefined)
    require('NAVER_CLIENT_ID', 'is required when NAVER_CLIENT_SECRET is set');
  if (env.CAFE24_CLIENT_ID !== undefined)
    require('CAFE24_CLIENT_SECRET', 'is required when CAFE24_CLIENT_ID is set');
  if (env.SSO_CLIENT_ID !== undefined) {
    require('SSO_CLIENT_SECRET', 'is required when SSO_CLIENT_ID is set');
    require('SSO_REDIRECT_URIS', `is required when SSO_CLIENT_ID is set: ${SSO_CALLBACK_EXAMPLE}`);
  }
  if (env.SSO_CLIENT_ID === undefined && env.SSO_CLIENT_SECRET !== undefined)
    require('SSO_CLIENT_ID', 'is required when SSO_CLIENT_SECRET is set');
  return problems;
}

function toConfig(env: Env): Config {
  const port = env.PORT ?? 8787;
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
  const url = (name: keyof typeof REAL_PROVIDER_URLS) => env[name] ?? REAL_PROVIDER_URLS[name];
  const providerUrls = {
    kakao: { authUrl: url('KAKAO_AUTH_URL'), apiUrl: url('KAKAO_API_URL') },
    naver: { authUrl: url('NAVER_AUTH_URL'), apiUrl: url('NAVER_API_URL') },
  };
  const kakaoKey = env.KAKAO_REST_API_KEY;
  const kakaoSecret = env.KAKAO_CLIENT_SECRET;
  const naverId = env.NAVER_CLIENT_ID;
  const naverSecret = env.NAVER_CLIENT_SECRET;

  return {
    port,
    publicUrl,
    // crossFieldProblems made sure of both.
    allowedOrigins: env.ALLOWED_ORIGINS ?? [],
    sessionSecret: env.SESSION_SECRET ?? '',
    providers: {
      kakao: kakaoKey
        ? {
            restApiKey: kakaoKey,
            ...(kakaoSecret ? { clientSecret: kakaoSecret } : {}),
            ...providerUrls.kakao,
          }
        : undefined,
      naver:
        naverId && naverSecret
          ? { clientId: naverId, clientSecret: naverSecret, ...providerUrls.naver }
          : undefined,
    },
    providerUrls,
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS ?? 5000,
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    ...(env.DATABASE_POOL_SIZE ? { databasePoolSize: env.DATABASE_POOL_SIZE } : {}),
    cafe24: {
      clientId: env.CAFE24_CLIENT_ID,
      clientSecret: env.CAFE24_CLIENT_SECRET,
      apiUrl: env.CAFE24_API_URL ?? DEFAULT_CAFE24_API_URL,
    },
    ...(env.SSO_CLIENT_ID && env.SSO_CLIENT_SECRET && env.SSO_REDIRECT_URIS
      ? {
          sso: {
            clientId: env.SSO_CLIENT_ID,
            clientSecret: env.SSO_CLIENT_SECRET,
            redirectUris: env.SSO_REDIRECT_URIS,
          },
        }
      : {}),
    storeRules: { ageRestricted: env.STORE_AGE_RESTRICTED ?? false },
    ...(env.WIDGET_URL ? { widgetUrl: env.WIDGET_URL } : {}),
    ...(env.KAKAO_JS_KEY ? { kakaoJsKey: env.KAKAO_JS_KEY } : {}),
    logLevel: env.LOG_LEVEL ?? 'info',
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    trustProxy: env.TRUST_PROXY ?? 0,
    publicUrlFromPort: env.PUBLIC_URL === undefined,
  };
}

/** Reads the environment into a typed Config, or throws ConfigError naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        message: issue.message,
      })),
    );
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(parsed.data);
}

/**
 * The same config for a server that listens on `port`: when PUBLIC_URL was derived from PORT, it and
 * every upstream URL under it follow the port (tests start servers on port 0).
 */
export function withPort(config: Config, port: number): Config {
  if (!config.publicUrlFromPort || port === config.port) return { ...config, port };
  const before = config.publicUrl;
  const publicUrl = `http://localhost:${port}`;
  const move = (url: string) =>
    url.startsWith(`${before}/`) ? publicUrl + url.slice(before.length) : url;
  const { kakao, naver } = config.providers;
  const { providerUrls: urls } = config;
  return {
    ...config,
    port,
    publicUrl,
    providerUrls: {
      kakao: { authUrl: move(urls.kakao.authUrl), apiUrl: move(urls.kakao.apiUrl) },
      naver: { authUrl: move(urls.naver.authUrl), apiUrl: move(urls.naver.apiUrl) },
    },
    providers: {
      kakao: kakao && { ...kakao, authUrl: move(kakao.authUrl), apiUrl: move(kakao.apiUrl) },
      naver: naver && { ...naver, authUrl: move(naver.authUrl), apiUrl: move(naver.apiUrl) },
    },
    cafe24: { ...config.cafe24, apiUrl: move(config.cafe24.apiUrl) },
  };
}

/** Values that must never appear in a log line or a response (see logger.ts `redact`). */
export function secretsOf(config: Config): string[] {
  const { kakao, naver } = config.providers;
  return [
    config.sessionSecret,
    kakao?.clientSecret,
    naver?.clientSecret,
    config.cafe24.clientSecret,
    config.sso?.clientSecret,
    config.metricsToken,
    databasePassword(config.databaseUrl),
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** The password inside a `postgres://user:password@host/db` URL, if any. */
function databasePassword(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { password } = new URL(url);
  return password ? decodeURIComponent(password) : undefined;
}
