/**
 * `GET /social-login.js`: the built widget (`dist/social-login.js`, `npm run build`), served by the
 * backend because the Cafe24 script tag's loader points at `${PUBLIC_URL}/social-login.js` unless
 * WIDGET_URL names another host. Read once and kept in memory; until it is built, 503 with a
 * message saying so (and the next request looks again). Any origin may load it, as from a CDN.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

export const DEFAULT_WIDGET_FILE = fileURLToPath(
  new URL('../../../dist/social-login.js', import.meta.url),
);

export function widgetFileRoute(path: string = DEFAULT_WIDGET_FILE): Hono {
  let cached: string | undefined;
  const app = new Hono();
  app.get('/social-login.js', async (c) => {
    if (!cached) {
      const body = await readFile(path, 'utf8').catch(() => undefined);
      if (body === undefined)
        return c.text(
          '/* social-login.js is not built on this backend: run `npm run build` and restart, or set WIDGET_URL */',
          503,
          { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' },
        );
      cached = body;
    }
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=300');
    c.header('access-control-allow-origin', '*');
    c.header('x-content-type-options', 'nosniff');
    return c.body(cached);
  });
  return app;
}
