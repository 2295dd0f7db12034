/**
 * The built widget served as a CDN would (`dist/social-login.js`, `npm run build`). The backend
 * serves it because the Cafe24 script tag's loader points at it unless WIDGET_URL names another
 * host, and because a merchant pasting the tag needs it somewhere:
 *
 * - `GET /social-login.<hash>.js`: the file whose content hash is `<hash>`, `public, max-age=31536000,
 *   immutable` (RFC 8246). A hash this backend no longer has (the tag was copied before an
 *   upgrade) is redirected to the current one, uncached, so an old tag keeps working.
 * - `GET /social-login.js`: the current file, 5 minutes, then revalidated by its ETag.
 *
 * Both answer br or gzip by `Accept-Encoding` (precompressed by `npm run build`, else compressed
 * once here), with a strong ETag per encoding and `304` on `If-None-Match` (RFC 9110 13.1.2).
 * Read once and kept in memory; until it is built, 503 with a message saying so (and the next
 * request looks again). Any origin may load it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Context, Hono } from 'hono';
import {
  chooseEncoding,
  ENCODINGS,
  type Encoding,
  etagMatches,
  hashedWidgetPath,
  representationsOf,
  type WidgetRepresentations,
} from '../widget-asset';

/**
 * `dist/social-login.js` of the project this module runs from: the nearest folder up with a
 * package.json is the project, whether this runs from src/server/cafe24/ (tsx) or from the
 * compiled backend in dist/server/.
 */
function projectRoot(from: string): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return dirname(from);
    dir = parent;
  }
  return dir;
}

export const DEFAULT_WIDGET_FILE = join(
  projectRoot(fileURLToPath(import.meta.url)),
  'dist',
  'social-login.js',
);

export const SHORT_CACHE = 'public, max-age=300';
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

const SUFFIX: Record<Exclude<Encoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

/** The file and its compressed copies, read once; `undefined` while the widget is not built. */
export interface WidgetFile {
  load(): Promise<WidgetRepresentations | undefined>;
  /** `/social-login.<hash>.js` for the current file, or `/social-login.js` while it is not built. */
  path(): Promise<string>;
}

export function widgetFile(path: string = DEFAULT_WIDGET_FILE): WidgetFile {
  let loaded: Promise<WidgetRepresentations | undefined> | undefined;
  const read = async () => {
    const source = await readFile(path).catch(() => undefined);
    if (!source) return undefined;
    const compressed: Partial<Record<Encoding, Buffer>> = {};
    for (const encoding of ENCODINGS) {
      if (encoding === 'identity') continue;
      const copy = await readFile(path + SUFFIX[encoding]).catch(() => undefined);
      if (copy) compressed[encoding] = copy;
    }
    return representationsOf(source, compressed);
  };
  const load = () => {
    loaded ??= read().then((result) => {
      if (!result) loaded = undefined; // not built yet: look again next time
      return result;
    });
    return loaded;
  };
  return {
    load,
    path: async () => {
      const current = await load();
      return current ? hashedWidgetPath(current.hash) : '/social-login.js';
    },
  };
}

function notBuilt(c: Context): Response {
  return c.text(
    '/* social-login.js is not built on this backend: run `npm run build` and restart, or set WIDGET_URL */',
    503,
    { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' },
  );
}

function send(c: Context, widget: WidgetRepresentations, cacheControl: string): Response {
  const encoding = chooseEncoding(c.req.header('accept-encoding'));
  const chosen = widget.encodings[encoding];
  c.header('cache-control', cacheControl);
  c.header('etag', chosen.etag);
  // A shared cache must not hand a brotli body to a client that asked for gzip.
  c.header('vary', 'Accept-Encoding');
  c.header('access-control-allow-origin', '*');
  c.header('x-content-type-options', 'nosniff');
  if (etagMatches(c.req.header('if-none-match'), chosen.etag)) return c.body(null, 304);
  c.header('content-type', 'text/javascript; charset=utf-8');
  if (encoding !== 'identity') c.header('content-encoding', encoding);
  return c.body(new Uint8Array(chosen.body));
}

export function widgetFileRoute(file: WidgetFile = widgetFile()): Hono {
  const app = new Hono();
  app.get('/social-login.js', async (c) => {
    const widget = await file.load();
    return widget ? send(c, widget, SHORT_CACHE) : notBuilt(c);
  });
  app.get('/:name{social-login\\.[0-9a-f]{12}\\.js}', async (c) => {
    const widget = await file.load();
    if (!widget) return notBuilt(c);
    const current = hashedWidgetPath(widget.hash);
    if (`/${c.req.param('name')}` === current) return send(c, widget, IMMUTABLE_CACHE);
    c.header('cache-control', 'no-store');
    return c.redirect(current, 302);
  });
  return app;
}
