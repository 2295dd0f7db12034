/**
 * The environment a backend needs to run against this sandbox mounted at `<PUBLIC_URL>/sandbox`:
 * the sandbox's provider keys, its URLs, the Cafe24 app and Single Sign-On client of the store
 * stand-in, and the demo's origins. Plain variables, the same ones an operator sets for Kakao and
 * Naver (docs/deploy.md), so the backend runs the same code against the sandbox as against the real
 * providers and never imports the sandbox. Whatever `env` sets itself wins, variable by variable.
 */
import { randomBytes } from 'node:crypto';
import { SANDBOX_CAFE24 } from './cafe24-api/defaults';
import { CAFE24_SSO_CALLBACK_PATH, SANDBOX_SSO_CLIENT } from './cafe24-store/defaults';
import { SANDBOX_CREDENTIALS } from './defaults';

/** Where `npm start` serves the demo store. */
export const SANDBOX_ALLOWED_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

type Env = Readonly<Record<string, string | undefined>>;

/** `FOO=` in a .env file means unset. */
const given = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/**
 * `env` with the sandbox's values filled in where it leaves a variable unset; `warn` hears about
 * the one default a person should know of (a SESSION_SECRET made up for this run).
 */
export function sandboxBackendEnv(
  env: Env,
  warn: (message: string) => void = (message) => console.warn(message),
): Record<string, string | undefined> {
  const publicUrl = (
    given(env, 'PUBLIC_URL') ?? `http://localhost:${given(env, 'PORT') ?? '8787'}`
  ).replace(/\/+$/, '');
  const root = `${publicUrl}/sandbox`;
  const origins = given(env, 'ALLOWED_ORIGINS') ?? SANDBOX_ALLOWED_ORIGINS.join(',');
  const callbacks = origins
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => URL.canParse(origin))
    .map((origin) => new URL(origin).origin + CAFE24_SSO_CALLBACK_PATH);

  const defaults: Record<string, string> = {
    ALLOWED_ORIGINS: origins,
    KAKAO_REST_API_KEY: SANDBOX_CREDENTIALS.kakaoRestKey,
    KAKAO_CLIENT_SECRET: SANDBOX_CREDENTIALS.kakaoClientSecret,
    NAVER_CLIENT_ID: SANDBOX_CREDENTIALS.naverClientId,
    NAVER_CLIENT_SECRET: SANDBOX_CREDENTIALS.naverClientSecret,
    KAKAO_AUTH_URL: `${root}/kauth`,
    KAKAO_API_URL: `${root}/kapi`,
    NAVER_AUTH_URL: `${root}/nid`,
    NAVER_API_URL: `${root}/openapi`,
    CAFE24_CLIENT_ID: SANDBOX_CAFE24.clientId,
    CAFE24_CLIENT_SECRET: SANDBOX_CAFE24.clientSecret,
    CAFE24_API_URL: `${root}/cafe24-api/{mall_id}`,
    // The sandbox forgets on restart unless told otherwise: tests and demos start from scratch.
    DATABASE_URL: ':memory:',
  };
  // The store stand-in's SSO client, unless the environment registers its own.
  if (!given(env, 'SSO_CLIENT_ID') && callbacks.length > 0) {
    defaults.SSO_CLIENT_ID = SANDBOX_SSO_CLIENT.clientId;
    defaults.SSO_CLIENT_SECRET = SANDBOX_SSO_CLIENT.clientSecret;
    defaults.SSO_REDIRECT_URIS = callbacks.join(',');
  }
  if (!given(env, 'SESSION_SECRET')) {
    defaults.SESSION_SECRET = randomBytes(32).toString('base64url');
    warn(
      'SESSION_SECRET is not set: generated a random one for this sandbox run. Sessions and tickets will not survive a restart.',
    );
  }

  const merged: Record<string, string | undefined> = { ...defaults };
  for (const [name, value] of Object.entries(env)) if (value?.trim()) merged[name] = value;
  return merged;
}
