/**
 * The backend's configuration checked against what the store needs: keys present, every store
 * origin allowed, the public URL on https, real provider URLs in production. Pure over `Config`
 * (src/server/config.ts), so the CLI and the tests share it.
 */
import type { Provider } from '../contract';
import { type Config, REAL_PROVIDER_URLS } from '../server/config';
import type { Problem, Site } from './plan';

export interface CheckInput {
  config: Config;
  sites: readonly Site[];
  /** The providers the store shows (the tag's keys). */
  providers: readonly Provider[];
}

/** The exact `ALLOWED_ORIGINS` value: what is allowed now, then every store origin it lacks. */
export function allowedOriginsFix(allowed: readonly string[], sites: readonly Site[]): string {
  return `ALLOWED_ORIGINS=${[...new Set([...allowed, ...sites.map((s) => s.origin)])].join(',')}`;
}

/** The store origins `allowed` lacks, as a problem with its exact fix; null when none. */
export function originsProblem(allowed: readonly string[], sites: readonly Site[]): Problem | null {
  const missing = sites.filter((site) => !allowed.includes(site.origin));
  if (!missing.length) return null;
  return {
    problem: `ALLOWED_ORIGINS lacks ${missing.map((s) => s.origin).join(', ')}: logins there answer origin_not_allowed.`,
    fix: allowedOriginsFix(allowed, sites),
  };
}

/**
 * `ALLOWED_ORIGINS` read as text, for when the configuration as a whole does not load: the origins
 * of its well-formed entries.
 */
export function rawAllowedOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => URL.canParse(entry))
    .map((entry) => new URL(entry).origin);
}

const isLocalUrl = (url: string) => /^https?:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(url);

export function checkConfig({ config, sites, providers }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  const { kakao, naver } = config.providers;
  if (providers.includes('kakao') && !kakao) {
    problems.push({
      problem: 'KAKAO_REST_API_KEY is not set: Kakao logins would fail with unsupported_provider.',
      fix: 'Set KAKAO_REST_API_KEY to the REST API key (Kakao Developers › App › App keys), not the JavaScript key.',
    });
  }
  if (providers.includes('kakao') && kakao && !kakao.clientSecret) {
    problems.push({
      problem: 'KAKAO_CLIENT_SECRET is not set.',
      fix: 'Issue a client secret (Kakao Login › Security), enable it, and set KAKAO_CLIENT_SECRET.',
    });
  }
  if (providers.includes('naver') && !naver) {
    problems.push({
      problem:
        'NAVER_CLIENT_ID / NAVER_CLIENT_SECRET are not set: Naver logins would fail with unsupported_provider.',
      fix: 'Set both from Naver Developers › Application › My application (Client ID, Client Secret).',
    });
  }
  const origins = originsProblem(config.allowedOrigins, sites);
  if (origins) problems.push(origins);
  if (!config.publicUrl.startsWith('https:') && !isLocalUrl(config.publicUrl)) {
    problems.push({
      problem: `PUBLIC_URL is ${config.publicUrl}: browsers on an https store block calls to an http backend.`,
      fix: `Serve the backend over https and set PUBLIC_URL=https://${new URL(config.publicUrl).host}.`,
    });
  }
  const urls: [keyof typeof REAL_PROVIDER_URLS, string | undefined][] = [
    ['KAKAO_AUTH_URL', kakao?.authUrl],
    ['KAKAO_API_URL', kakao?.apiUrl],
    ['NAVER_AUTH_URL', naver?.authUrl],
    ['NAVER_API_URL', naver?.apiUrl],
  ];
  for (const [name, value] of urls) {
    if (value !== undefined && value !== REAL_PROVIDER_URLS[name]) {
      problems.push({
        problem: `${name} is ${value}, not ${REAL_PROVIDER_URLS[name]}.`,
        fix: `Unset ${name} in production (it exists for tests).`,
      });
    }
  }
  return problems;
}
