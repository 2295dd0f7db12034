/**
 * Kakao's real JavaScript SDK in the browser tests, and Kakao's hosts played by the test: the SDK
 * file is served in place of Kakao's CDN (checked against the integrity value Kakao publishes), and
 * what the SDK sends to kauth.kakao.com is recorded, then handed to the sandbox's authorization
 * server so the login completes offline.
 *
 * The file is Kakao's published build, not part of this project: `KAKAO_SDK_FILE`, or the copy every
 * development and CI machine keeps beside the repository. Outside CI a machine without it skips the
 * suites that need it, with a message; under CI=true a missing file fails the run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Integrity values Kakao publishes on developers.kakao.com/docs/latest/ko/javascript/download. */
const PUBLISHED_INTEGRITY: Record<string, string> = {
  '2.7.1': 'sha384-kDljxUXHaJ9xAb2AzRd59KxjrFjzHa5TAoFQ6GbYTCAG0bjM55XohjjDT7tDDC01',
};

const inCi = process.env.CI === 'true' || process.env.CI === '1';
const file =
  process.env.KAKAO_SDK_FILE ??
  fileURLToPath(new URL('../../../shared/vendor/kakao-js-sdk/2.7.1/kakao.min.js', import.meta.url));

export interface RealKakaoSdk {
  version: string;
  integrity: string;
  url: string;
  body: Buffer;
}

function readSdk(): RealKakaoSdk | undefined {
  if (!existsSync(file)) {
    const message = `Kakao's SDK file not found at ${file}: set KAKAO_SDK_FILE to Kakao's kakao.min.js.`;
    if (inCi) throw new Error(message);
    console.warn(`${message} Skipping the suites that need it outside CI.`);
    return undefined;
  }
  const body = readFileSync(file);
  const version = /Kakao SDK for JavaScript - v(\d+\.\d+\.\d+)/.exec(body.toString('utf8', 0, 400));
  if (!version?.[1]) throw new Error(`${file} is not Kakao's SDK (no version in its header)`);
  const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
  const published = PUBLISHED_INTEGRITY[version[1]] ?? process.env.KAKAO_SDK_INTEGRITY;
  if (integrity !== published)
    throw new Error(
      `${file} (v${version[1]}) has integrity ${integrity}, not Kakao's published ${published ?? '(unknown: set KAKAO_SDK_INTEGRITY)'}`,
    );
  return {
    version: version[1],
    integrity,
    url: `https://t1.kakaocdn.net/kakao_js_sdk/${version[1]}/kakao.min.js`,
    body,
  };
}

export const realKakaoSdk = readSdk();

/** Kakao's CDN for this context: the real file, with the CORS header SRI needs. */
export async function serveKakaoCdn(
  context: BrowserContext,
  sdk: RealKakaoSdk,
  behaviour: { body?: Buffer; hold?: Promise<void> } = {},
): Promise<{ requests: number }> {
  const seen = { requests: 0 };
  await context.route('https://t1.kakaocdn.net/**', async (route) => {
    if (route.request().url() !== sdk.url) return route.fulfill({ status: 404 });
    seen.requests++;
    await behaviour.hold;
    await route
      .fulfill({
        status: 200,
        body: behaviour.body ?? sdk.body,
        headers: {
          'content-type': 'text/javascript; charset=utf-8',
          'access-control-allow-origin': '*',
        },
      })
      .catch(() => {});
  });
  return seen;
}

/**
 * kauth.kakao.com and talk-apps.kakao.com for this context: every authorize URL is recorded and
 * redirected to the sandbox's authorization server (same path and query); the SDK's poll for an
 * app hand-off's result answers "not yet"; the KakaoTalk app's universal link opens its web
 * fallback, as on a phone without the app.
 */
export async function playKakaoHosts(context: BrowserContext, sandboxUrl: string) {
  const authorizeUrls: URL[] = [];
  // With `data-sandbox` the widget's own authorize URL goes to the sandbox directly (only base URLs
  // differ); a request redirected there from kauth.kakao.com was recorded below already.
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (
      request.isNavigationRequest() &&
      !request.redirectedFrom() &&
      url.href.startsWith(`${sandboxUrl}/kauth/oauth/authorize?`)
    )
      authorizeUrls.push(url);
  });
  await context.route('https://kauth.kakao.com/**', (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/oauth/authorize') {
      authorizeUrls.push(url);
      return route.fulfill({
        status: 302,
        headers: { location: `${sandboxUrl}/kauth/oauth/authorize${url.search}` },
      });
    }
    if (url.pathname === '/apiweb/code.json')
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ status: 'ok', error_code: '300' }),
      });
    return route.fulfill({ status: 404 });
  });
  // A page that moves on by script, not a redirect: Chromium does not hand a redirect's target
  // to the test's routes, and kauth must be reached through them.
  await context.route('https://talk-apps.kakao.com/**', (route) => {
    const web = webFallback(route.request().url());
    return web
      ? route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: `<!doctype html><script>location.replace(${JSON.stringify(web)})</script>`,
        })
      : route.abort();
  });
  return {
    authorizeUrls,
    /** The one authorize URL that reached kauth.kakao.com (or the sandbox's), once it has. */
    async reached(): Promise<URL> {
      await expect.poll(() => authorizeUrls.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(authorizeUrls).toHaveLength(1);
      return authorizeUrls[0] as URL;
    },
  };
}

/**
 * The web page a KakaoTalk universal link falls back to without the app:
 * `https://talk-apps.kakao.com/scheme/<app link>&web=<fallback>` has no `?`, the fallback is the
 * path's tail.
 */
export function webFallback(link: string): string | null {
  const at = link.indexOf('&web=');
  return at > -1 ? decodeURIComponent(link.slice(at + 5)) : null;
}

/** The console's `[social-login]` lines of a page. */
export function widgetConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => {
    if (message.text().startsWith('[social-login]')) lines.push(message.text());
  });
  return lines;
}

/** What only Kakao's SDK adds to an authorize URL: its `ka` header and a transaction id. */
export const sentBySdk = (url: URL) => ({
  ka: url.searchParams.get('ka'),
  authTranId: url.searchParams.get('auth_tran_id'),
  isPopup: url.searchParams.get('is_popup'),
});
