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

const isLocalUrl = (url: string) => /^https?:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(url);

export function checkConfig({ config, sites, providers }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  if (config.sandbox) {
    problems.push({
      problem: 'SANDBOX=1: the backend talks to the offline stand-ins, not Kakao and Naver.',
      fix: 'Unset SANDBOX (or SANDBOX=0) on the production backend.',
    });
  }
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
  const missing = sites.filter((site) => !config.allowedOrigins.includes(site.origin));
  if (missing.length) {
    const all = [...new Set([...config.allowedOrigins, ...missing.map((s) => s.origin)])];
    problems.push({
      problem: `ALLOWED_ORIGINS lacks ${missing.map((s) => s.origin).join(', ')}: logins there answer origin_not_allowed.`,
      fix: `ALLOWED_ORIGINS=${all.join(',')}`,
    });
  }
  if (!config.publicUrl.startsWith('https:') && !isLocalUrl(config.publicUrl)) {
    problems.push({
      problem: `PUBLIC_URL is ${config.publicUrl}: browsers on an https store block calls to an http backend.`,
      fix: `Serve the backend over https and set PUBLIC_URL=https://${new URL(config.publicUrl).host}.`,
    });
  }
  if (!config.sandbox) {
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
  }
  return problems;
}
