/**
 * The demo store: a separate origin from the backend, as a real Cafe24 store is. It serves the built
 * widget, the designers' gallery (`/`) and a Cafe24-like login page (`/member/login.html`) with the
 * script tag pasted as a merchant would. Pages are HTML files with `{{…}}` placeholders filled per
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

const PAGES: Record<string, string> = {
  '/': 'pages/index.html',
  '/index.html': 'pages/index.html',
  '/member/login.html': 'pages/member/login.html',
};
const ASSET_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The exact tag a merchant pastes, for these settings. */
export function scriptTag(settings: DemoSettings, widgetUrl: string): string {
  const attributes: [string, string | undefined][] = [
    ['data-backend', settings.backendUrl],
    ['data-kakao-js-key', settings.kakaoJsKey],
    ['data-naver-client-id', settings.naverClientId],
    ['data-sandbox', settings.sandboxUrl],
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
    const tag = scriptTag(current, `${origin}/social-login.js`);
    const html = (await readFile(new URL(page, root), 'utf8'))
      .replaceAll('{{SCRIPT_TAG}}', tag)
      .replaceAll('{{SCRIPT_TAG_TEXT}}', escapeHtml(tag))
      .replaceAll('{{BACKEND_URL}}', escapeHtml(current.backendUrl));
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
