/**
 * The demo store: a separate origin from the backend, as a real Cafe24 store is. It serves the built
 * widget, the designers' gallery (`/`), Cafe24-like PC and mobile login pages (`/member/login.html`,
 * `/m/member/login.html`) with the script tag pasted as a merchant would, and two test pages: a store
 * with a hostile stylesheet (`/test/hostile.html`) and one under a strict Content-Security-Policy
 * (`/test/strict-csp.html`). Pages are HTML files with `{{…}}` placeholders filled per
 * request, so ports and keys can change without editing them.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

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
}

const PAGES: Record<string, DemoPage> = {
  '/': { file: 'pages/index.html' },
  '/index.html': { file: 'pages/index.html' },
  '/member/login.html': { file: 'pages/member/login.html' },
  // A Cafe24 mobile skin answers on m.<domain> with the same paths; one demo origin needs its own.
  '/m/member/login.html': {
    file: 'pages/m/member/login.html',
    tag: { 'data-redirect-path': '/m/member/login.html' },
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

/**
 * A strict policy a careful store could send: no inline script or style, no eval. The merchant's one
 * addition is the backend (script and connect) — plus Kakao's SDK and auth hosts in production
 * (README "Content-Security-Policy").
 */
export function strictCsp(backendUrl: string): string {
  const backend = new URL(backendUrl).origin;
  return [
    "default-src 'self'",
    `script-src 'self' ${backend}`,
    `connect-src ${backend}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
  ].join('; ');
}
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

export function createDemoApp(settings: () => DemoSettings): Hono {
  const app = new Hono();

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
    const page = PAGES[c.req.path];
    if (!page) return c.notFound();
    const current = settings();
    const origin = new URL(c.req.url).origin;
    const tag = scriptTag(current, `${origin}/social-login.js`, page.tag);
    const html = (await readFile(new URL(page.file, root), 'utf8'))
      .replaceAll('{{SCRIPT_TAG}}', tag)
      .replaceAll('{{SCRIPT_TAG_TEXT}}', escapeHtml(tag))
      .replaceAll('{{BACKEND_URL}}', escapeHtml(current.backendUrl));
    if (page.csp) c.header('content-security-policy', strictCsp(current.backendUrl));
    return c.html(html);
  });

  return app;
}

export interface RunningDemo {
  url: string;
  close(): Promise<void>;
}

export function startDemo(settings: () => DemoSettings, port: number): Promise<RunningDemo> {
  const app = createDemoApp(settings);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port }, (info) => {
      resolve({
        url: `http://localhost:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
