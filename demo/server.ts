/**
 * The demo store: a separate origin from the backend, as a real Cafe24 store is. It serves the built
 * widget, the designers' gallery (`/`), Cafe24-like PC and mobile login pages (`/member/login.html`,
 * `/m/member/login.html`) with the script tag pasted as a merchant would, and test pages: a store
 * with a hostile stylesheet (`/test/hostile.html`), one under a strict Content-Security-Policy
 * (`/test/strict-csp.html`), and the login page under each referrer policy
 * (`/test/referrer/{meta|header}/{policy}`). Pages are HTML files with `{{…}}` placeholders filled per
 * request, so ports and keys can change without editing them.
 *
 * With the sandbox, the demo origin is also the Cafe24 store stand-in (docs/development.md): the
 * stand-in's routes (MemberAction/CAFE24API, the store's half of the SSO, member sessions) are
 * mounted here, and the store pages — login pages, the store home `/index.html`,
 * `/myshop/index.html` — are Cafe24 skin pages around it (store.ts).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Cafe24Store } from '../src/sandbox/cafe24-store/index.ts';
import { fillStorePage } from './store.ts';

export interface DemoSettings {
  /** Backend origin the tag's `data-backend` points at. */
  backendUrl: string;
  /** Sandbox root (`${backendUrl}/sandbox`) when the backend runs the sandbox, else undefined. */
  sandboxUrl?: string;
  kakaoJsKey?: string;
  naverClientId?: string;
}

const root = new URL('./', import.meta.url);
const widgetFile = new URL('../dist/social-login.js', import.meta.url);

interface DemoPage {
  file: string;
  /** Extra attributes on this page's script tag (each page is its own redirect page). */
  tag?: Record<string, string>;
  /** Serve with the strict Content-Security-Policy (see `strictCsp`). */
  csp?: boolean;
  /** A page of the Cafe24 store: Cafe24's scripts and the signed-in block (store.ts). */
  store?: boolean;
}

const PAGES: Record<string, DemoPage> = {
  '/': { file: 'pages/index.html' },
  // The store's own pages, where a shopper lands after login (the gallery stays at `/`).
  '/index.html': { file: 'pages/store-home.html', store: true },
  '/myshop/index.html': { file: 'pages/myshop/index.html', store: true },
  // The mobile store's home, where a login on the mobile login page lands.
  '/m/index.html': { file: 'pages/store-home.html', store: true },
  '/member/login.html': { file: 'pages/member/login.html', store: true },
  // A Cafe24 mobile skin answers on m.<domain> with the same paths; one demo origin needs its own.
  '/m/member/login.html': {
    file: 'pages/m/member/login.html',
    tag: { 'data-redirect-path': '/m/member/login.html' },
    store: true,
  },
  // The gallery's environment previews (iframes); env-frame.js sets the user agent.
  '/gallery/frame.html': {
    file: 'pages/gallery/frame.html',
    tag: { 'data-auto-login': 'false' },
  },
  '/test/hostile.html': {
    file: 'pages/test/hostile.html',
    tag: { 'data-redirect-path': '/test/hostile.html' },
  },
  '/test/strict-csp.html': {
    file: 'pages/test/strict-csp.html',
    tag: { 'data-redirect-path': '/test/strict-csp.html' },
    csp: true,
  },
};

/** Every referrer policy a skin may set (W3C Referrer Policy §3; MDN "Referrer-Policy"). */
export const REFERRER_POLICIES = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
] as const;
export type ReferrerPolicyName = (typeof REFERRER_POLICIES)[number];

interface ReferrerTest {
  page: DemoPage;
  policy: ReferrerPolicyName;
  via: 'meta' | 'header';
}

/**
 * `/test/referrer/{meta|header}/{policy}`: the PC login page under a skin's referrer policy, set by
 * a `<meta name="referrer">` in its head or by a `Referrer-Policy` header, and its own redirect
 * page, so the return and the Cafe24 hand-off happen under that policy too (the hand-off tests).
 */
function referrerTest(path: string): ReferrerTest | undefined {
  const [, via, policy] = /^\/test\/referrer\/(meta|header)\/([a-z-]+)$/.exec(path) ?? [];
  const known = REFERRER_POLICIES.find((name) => name === policy);
  if ((via !== 'meta' && via !== 'header') || !known) return undefined;
  const page = {
    file: 'pages/member/login.html',
    tag: { 'data-redirect-path': path },
    store: true,
  };
  return { page, policy: known, via };
}

/**
 * The policy docs/api.md "Content-Security-Policy" recommends, with this demo's origins in place of the
 * merchant's: `cdn` serves social-login.js (here the demo origin itself), `backend` is
 * `data-backend`. No 'unsafe-inline', no 'unsafe-eval'; `style-src` needs nothing for the widget
 * (constructable stylesheets). A test checks docs/api.md shows exactly this policy.
 */
export function strictCsp({ cdn, backend }: { cdn: string; backend: string }): string {
  const cdnOrigin = new URL(cdn).origin;
  const backendOrigin = new URL(backend).origin;
  return [
    "default-src 'self'",
    `script-src 'self' ${cdnOrigin} ${backendOrigin} https://t1.kakaocdn.net`,
    `connect-src 'self' ${backendOrigin}`,
    "style-src 'self'",
  ].join('; ');
}
/**
 * The head snippet of docs/api.md ("Keep the page still"), as the login pages carry it: inside KakaoTalk
 * it marks <html> before the first paint, so the store's CSS can hide the ID/password form the
 * widget will replace (its class is src/widget/hide.ts `KAKAOTALK_CLASS`). Should the widget not
 * arrive within 5 s, the mark goes and the form shows. A test checks docs/api.md shows exactly this.
 */
export const KAKAOTALK_SNIPPET =
  "<script>if(/KAKAOTALK/i.test(navigator.userAgent)){const c=document.documentElement.classList;c.add('social-login-kakaotalk');setTimeout(()=>window.SocialLogin?.version||c.remove('social-login-kakaotalk'),5e3)}</script>";

const ASSET_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The exact tag a merchant pastes, for these settings. */
export function scriptTag(
  settings: DemoSettings,
  widgetUrl: string,
  extra: Record<string, string> = {},
): string {
  const attributes: [string, string | undefined][] = [
    ['data-backend', settings.backendUrl],
    ['data-kakao-js-key', settings.kakaoJsKey],
    ['data-naver-client-id', settings.naverClientId],
    ['data-sandbox', settings.sandboxUrl],
    ...Object.entries(extra),
  ];
  const attrs = attributes
    .filter((pair): pair is [string, string] => Boolean(pair[1]))
    .map(([name, value]) => `\n  ${name}="${escapeHtml(value)}"`)
    .join('');
  return `<script async src="${escapeHtml(widgetUrl)}"${attrs}></script>`;
}

export interface DemoOptions {
  /** The Cafe24 store stand-in (sandbox): mounted on this origin, which becomes the store's. */
  store?: Cafe24Store;
}

export function createDemoApp(settings: () => DemoSettings, options: DemoOptions = {}): Hono {
  const app = new Hono();
  if (options.store) app.route('/', options.store.app);

  app.get('/social-login.js', async (c) => {
    const body = await readFile(widgetFile, 'utf8').catch(() => undefined);
    if (body === undefined)
      return c.text('Run `npm run build` first: dist/social-login.js is missing.', 503);
    return c.body(body, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
    });
  });

  // No icon: answer quietly instead of logging a 404 on every page.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/assets/:name', async (c) => {
    const name = c.req.param('name');
    const type = ASSET_TYPES[extname(name)];
    if (!type || !/^[\w.-]+$/.test(name)) return c.notFound();
    const body = await readFile(new URL(`assets/${name}`, root), 'utf8').catch(() => undefined);
    return body === undefined ? c.notFound() : c.body(body, 200, { 'content-type': type });
  });

  app.get('*', async (c) => {
    const referrer = referrerTest(c.req.path);
    const page = PAGES[c.req.path] ?? referrer?.page;
    if (!page) return c.notFound();
    const current = settings();
    const origin = new URL(c.req.url).origin;
    const tag = scriptTag(current, `${origin}/social-login.js`, page.tag);
    const file = await readFile(new URL(page.file, root), 'utf8');
    let html = (page.store ? fillStorePage(file, c, options.store) : file)
      .replaceAll('{{KAKAOTALK_SNIPPET}}', KAKAOTALK_SNIPPET)
      .replaceAll('{{SCRIPT_TAG}}', tag)
      .replaceAll('{{SCRIPT_TAG_TEXT}}', escapeHtml(tag))
      .replaceAll('{{BACKEND_URL}}', escapeHtml(current.backendUrl));
    if (referrer?.via === 'meta')
      html = html.replace(
        '<head>',
        `<head>\n  <meta name="referrer" content="${referrer.policy}">`,
      );
    if (referrer?.via === 'header') c.header('referrer-policy', referrer.policy);
    if (page.csp)
      c.header('content-security-policy', strictCsp({ cdn: origin, backend: current.backendUrl }));
    return c.html(html);
  });

  return app;
}

export interface RunningDemo {
  url: string;
  close(): Promise<void>;
}

export function startDemo(
  settings: () => DemoSettings,
  port: number,
  options: DemoOptions = {},
): Promise<RunningDemo> {
  const app = createDemoApp(settings, options);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port }, (info) => {
      resolve({
        url: `http://localhost:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
