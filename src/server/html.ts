/**
 * The backend's few HTML pages (merchant- and shopper-facing notices): escaped text, no script,
 * one stylesheet allowed by its hash, and headers that keep them out of frames (clickjacking) and
 * away from anything else a page could load (CSP3 `default-src 'none'`, `frame-ancestors 'none'`;
 * `X-Frame-Options` for browsers that predate frame-ancestors, RFC 7034).
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const STYLE = 'body{font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** The pages' policy: nothing loads, nothing frames them, no form posts anywhere, no <base>. */
export const HTML_PAGE_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'`;

/** A minimal page: `title` is text, `body` is markup the caller built with escapeHtml. */
export const htmlPage = (lang: string, title: string, body: string): string =>
  `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/** Sets the headers every page of htmlPage's gets. */
export function protectPage(c: Context): void {
  c.header('Content-Security-Policy', HTML_PAGE_CSP);
  c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
}
