/**
 * The widget served as a CDN would, over real HTTP (node:http, so the bytes on the wire are seen
 * compressed): br or gzip by Accept-Encoding, a strong ETag per encoding with 304, an immutable
 * content-hashed URL and a short-lived unversioned one, and the Cafe24 loader pointing at the
 * hashed one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { type RunningServer, startServer } from '../../src/server/serve';
import { chooseEncoding, contentHash, etagMatches } from '../../src/server/widget-asset';
import { installApp, startCafe24Server } from './cafe24-helpers';

/** A stand-in for dist/social-login.js: repetitive enough that compression shows. */
const WIDGET = `/* social-login test build */\n${'window.SocialLogin=window.SocialLogin||[];\n'.repeat(200)}`;
const HASH = contentHash(Buffer.from(WIDGET));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One GET as a browser or a CDN sends it, the body kept exactly as it came. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function widgetDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'widget-'));
  writeFileSync(join(dir, 'social-login.js'), WIDGET);
  return join(dir, 'social-login.js');
}

let server: RunningServer;
beforeAll(async () => {
  const config = loadConfig({
    PORT: '0',
    ALLOWED_ORIGINS: 'https://shop.example.com',
    SESSION_SECRET: 'x'.repeat(40),
    DATABASE_URL: ':memory:',
  });
  server = await startServer(config, {
    port: 0,
    deps: {
      widgetFile: widgetDir(),
      logger: createLogger({ level: 'silent' }),
    },
  });
});
afterAll(() => server?.close());

describe('choosing the encoding from Accept-Encoding', () => {
  it.each([
    // What browsers send (Chrome, Firefox, Safari): brotli wins.
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate, br', 'br'],
    // Older clients and many HTTP libraries.
    ['gzip, deflate', 'gzip'],
    ['x-gzip', 'gzip'],
    // q-values (RFC 9110 12.5.3): the higher weight wins, q=0 means "not this".
    ['br;q=0.5, gzip;q=0.9', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.1, gzip', 'gzip'],
    ['identity', 'identity'],
    ['deflate', 'identity'],
    ['', 'identity'],
  ])('answers %j with %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });

  it('answers identity when the header is absent', () => {
    expect(chooseEncoding(undefined)).toBe('identity');
  });
});

describe('matching If-None-Match', () => {
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
  ])('%s matches "abc": %s', (header, expected) => {
    expect(etagMatches(header, '"abc"')).toBe(expected);
  });
});

describe('GET /social-login.js', () => {
  it('sends brotli to a browser that accepts it, and says it varies by Accept-Encoding', async () => {
    const res = await get(`${server.url}/social-login.js`, {
      'accept-encoding': 'gzip, deflate, br, zstd',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body.length).toBeLessThan(WIDGET.length / 4);
    expect(brotliDecompressSync(res.body).toString()).toBe(WIDGET);
  });

  it('sends gzip to a client that accepts gzip only', async () => {
    const res = await get(`${server.url}/social-login.js`, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(res.body).toString()).toBe(WIDGET);
  });

  it('sends the file as it is to a client that accepts no compression', async () => {
    const res = await get(`${server.url}/social-login.js`);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.body.toString()).toBe(WIDGET);
  });

  it('is cached 5 minutes, then revalidated by its ETag, by any origin', async () => {
    const res = await get(`${server.url}/social-login.js`, { origin: 'https://shop.example.com' });
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives each encoding its own strong ETag, derived from the content', async () => {
    const tags = await Promise.all(
      ['br', 'gzip', 'identity'].map(async (encoding) => {
        const res = await get(`${server.url}/social-login.js`, { 'accept-encoding': encoding });
        return String(res.headers.etag);
      }),
    );
    expect(tags).toEqual([`"${HASH}-br"`, `"${HASH}-gzip"`, `"${HASH}"`]);
    for (const tag of tags) expect(tag.startsWith('W/')).toBe(false);
  });

  it('answers 304 with no body when If-None-Match names the current ETag', async () => {
    const first = await get(`${server.url}/social-login.js`, { 'accept-encoding': 'br' });
    const again = await get(`${server.url}/social-login.js`, {
      'accept-encoding': 'br',
      'if-none-match': String(first.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=300');
    expect(again.headers.vary).toBe('Accept-Encoding');
  });

  it('answers 200 again when If-None-Match names an older file or another encoding', async () => {
    for (const tag of ['"0123456789ab-br"', `"${HASH}-gzip"`]) {
      const res = await get(`${server.url}/social-login.js`, {
        'accept-encoding': 'br',
        'if-none-match': tag,
      });
      expect(res.status).toBe(200);
      expect(brotliDecompressSync(res.body).toString()).toBe(WIDGET);
    }
  });
});

describe('GET /social-login.<hash>.js', () => {
  it('serves the file under its content hash, cached for a year as immutable', async () => {
    const res = await get(`${server.url}/social-login.${HASH}.js`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers.etag).toBe(`"${HASH}-br"`);
    expect(brotliDecompressSync(res.body).toString()).toBe(WIDGET);
  });

  it('answers 304 to a revalidation of the hashed URL', async () => {
    const res = await get(`${server.url}/social-login.${HASH}.js`, {
      'accept-encoding': 'gzip',
      'if-none-match': `"${HASH}-gzip"`,
    });
    expect(res.status).toBe(304);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends a tag copied before an upgrade on to the current file, uncached', async () => {
    const res = await get(`${server.url}/social-login.0123456789ab.js`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/social-login.${HASH}.js`);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('the Cafe24 script tag’s loader', () => {
  it('loads the widget from its immutable, content-hashed URL on this backend', async () => {
    const cafe24 = await startCafe24Server({ deps: { widgetFile: widgetDir() } });
    try {
      await installApp(cafe24);
      const loader = await get(`${cafe24.url}/cafe24/widget.js?mall_id=demomall`);
      expect(loader.body.toString()).toContain(`"${cafe24.url}/social-login.${HASH}.js"`);
      const widget = await get(`${cafe24.url}/social-login.${HASH}.js`);
      expect(widget.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    } finally {
      await cafe24.close();
    }
  });
});
