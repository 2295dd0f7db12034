/**
 * The Cafe24 app's HTTP surface (docs/backend.md "HTTP API", docs/cafe24.md):
 * - GET /cafe24/launch   the app URL registered in the Developers console; Cafe24 opens it with
 *                        a signed query (launch.ts). Not installed, or installed with tokens Cafe24
 *                        refuses (needs re-authorisation) → Cafe24's authorize page with a fresh
 *                        single-use `state`; installed → the tokens are tried on a cheap call that
 *                        also (re)adds the script tag when missing, then a status page.
 * - GET /cafe24/callback the redirect URI: `state` taken (single use, 10 minutes), code → tokens
 *                        within the code's minute, tokens stored, the widget's script tag added
 *                        (a failure there is retried on the next launch and by the hourly job).
 * - GET /cafe24/widget.js what the script tag loads (scripttags.ts).
 */

import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { ApiError } from '../errors';
import { escapeHtml, htmlPage, protectPage } from '../html';
import type { GrantStore } from '../storage/index';
import { MALL_ID, verifyLaunch } from './launch';
import { authorizeUrl, type Cafe24AppConfig, type TokenClient } from './oauth';
import { loaderScript } from './scripttags';
import type { TokenStore } from './token-store';
import { NeedsReauthError } from './tokens';

export const STATE_TTL_MS = 10 * 60_000;

export interface RouteOptions {
  app: Cafe24AppConfig;
  store: TokenStore;
  tokenClient: TokenClient;
  /** Adds the script tag unless it is there; resolves to its number (index.ts). */
  ensureScriptTag: (mallId: string) => Promise<{ scriptNo: string; created: boolean }>;
  /** Where the loader loads the widget from: WIDGET_URL, or the backend's versioned URL. */
  widgetUrl: () => Promise<string>;
  /** The data-* values the loader sets for a mall (its public keys). */
  widgetSettings: (mallId: string) => Promise<Record<string, string | undefined>>;
  /** Launch URLs already acted on. */
  grants: GrantStore;
  now: () => number;
}

const page = (title: string, body: string) => htmlPage('ko', title, body);
const esc = escapeHtml;
const why = (error: unknown) =>
  error instanceof ApiError ? `${error.code}: ${error.message}` : 'unexpected error';

export function cafe24Routes(o: RouteOptions): Hono {
  const app = new Hono();
  // The merchant's status pages: no framing, nothing loaded (html.ts).
  app.use(async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) protectPage(c);
  });

  app.get('/launch', async (c) => {
    const raw = new URL(c.req.url).search.slice(1);
    const launch = verifyLaunch(raw, o.app.clientSecret, o.now());
    if (!launch.ok)
      throw new ApiError('invalid_request', `Cafe24 launch refused: ${launch.reason}`);
    // Bounded work per launch: Cafe24's signed URL carries no nonce and stays valid 10 minutes, so
    // only its first opening may call the Admin API. A reload or a replay (60 at once, say) shows
    // what is known without queueing calls ahead of shoppers' welcomes, or is refused.
    const first = await o.grants.spend('spent-launch', launch.signature, launch.expiresAt);
    const row = await o.store.read(launch.mallId);
    if (!first) {
      if (!row || row.needsReauth)
        throw new ApiError(
          'invalid_request',
          'Cafe24 launch refused: this launch URL was already used; open the app from the admin again',
        );
      return c.html(
        page(
          '소셜 로그인 앱이 설치되어 있습니다',
          row.scriptTag
            ? `<p>Mall <b>${esc(launch.mallId)}</b>: the widget is on the store through script tag ${esc(row.scriptTag)}; nothing to paste into the skin.</p>`
            : `<p>Mall <b>${esc(launch.mallId)}</b> is installed; its script tag is being added (the backend retries every hour, and when the app is opened from the admin).</p>`,
        ),
      );
    }
    if (row && !row.needsReauth) {
      try {
        const tag = await o.ensureScriptTag(launch.mallId);
        return c.html(
          page(
            '소셜 로그인 앱이 설치되어 있습니다',
            `<p>Mall <b>${esc(launch.mallId)}</b>: the widget is on the store through script tag ${esc(tag.scriptNo)}${tag.created ? ' (added again just now)' : ''}; nothing to paste into the skin.</p>`,
          ),
        );
      } catch (error) {
        if (!(error instanceof NeedsReauthError))
          return c.html(
            page(
              '소셜 로그인 앱: Cafe24에 연결하지 못했습니다',
              `<p>Mall <b>${esc(launch.mallId)}</b> is installed, but Cafe24 could not be asked about it (${esc(why(error))}). Open the app again in a few minutes.</p>`,
            ),
            502,
          );
        // Cafe24 refuses the stored tokens: authorise again (below).
      }
    }
    const state = randomBytes(16).toString('base64url');
    await o.store.saveState(state, launch.mallId, o.now() + STATE_TTL_MS);
    return c.redirect(authorizeUrl(o.app, launch.mallId, state), 302);
  });

  app.get('/callback', async (c) => {
    const { code, state, error } = c.req.query();
    if (error)
      throw new ApiError(
        'access_denied',
        `Cafe24 did not authorise the app: ${error.slice(0, 100)}`,
      );
    const mallId = state ? await o.store.takeState(state, o.now()) : undefined;
    if (!mallId)
      throw new ApiError(
        'invalid_request',
        '"state" is unknown, used or expired; open the app from the store admin again',
      );
    if (!code) throw new ApiError('invalid_request', '"code" is missing');
    // Straight away: the code is good for one minute (Cafe24's OAuth 2.0 guide).
    const tokens = await o.tokenClient.exchangeCode(mallId, code);
    await o.store.install(mallId, tokens, o.now());
    const tag = await o.ensureScriptTag(mallId).catch((e: unknown) => ({ failed: e }));
    const done =
      'failed' in tag
        ? `the script tag could not be added yet (${esc(why(tag.failed))}); the backend tries again every hour and whenever the app is opened.`
        : `script tag ${esc(tag.scriptNo)} ${tag.created ? 'added' : 'was already there'}. The Kakao and Naver buttons now show on the login page.`;
    return c.html(
      page('소셜 로그인 앱을 설치했습니다', `<p>Mall <b>${esc(mallId)}</b>: ${done}</p>`),
    );
  });

  app.get('/widget.js', async (c) => {
    const mallId = c.req.query('mall_id') ?? '';
    if (!MALL_ID.test(mallId))
      throw new ApiError('invalid_request', '"mall_id" is missing or malformed');
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=300');
    c.header('x-content-type-options', 'nosniff');
    const widgetUrl = await o.widgetUrl();
    const settings = await o.widgetSettings(mallId);
    return c.body(loaderScript({ ...settings, 'mall-id': mallId }, widgetUrl));
  });

  return app;
}
