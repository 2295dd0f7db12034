/**
 * Pure helpers for serving the widget as a CDN would: its content hash, its compressed copies, the
 * encoding a client accepts (RFC 9110 12.5.3) and ETag matching (RFC 9110 13.1.2). The build
 * (scripts/compress.ts) and the backend's route (routes/widget-file.ts) share them.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** In order of preference when a client accepts several equally. */
export const ENCODINGS = ['br', 'gzip', 'identity'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface Representation {
  body: Buffer;
  /** Strong, and different per encoding: each is its own representation (RFC 9110 8.8.3). */
  etag: string;
}

export interface WidgetRepresentations {
  /** 12 hex digits of the SHA-256 of the uncompressed file: its versioned URL. */
  hash: string;
  encodings: Record<Encoding, Representation>;
}

export const contentHash = (source: Uint8Array): string =>
  createHash('sha256').update(source).digest('hex').slice(0, 12);

export const hashedWidgetPath = (hash: string): string => `/social-login.${hash}.js`;

/** The build's compression: brotli at its best quality, gzip -9. */
export function compress(source: Uint8Array): Record<Exclude<Encoding, 'identity'>, Buffer> {
  return {
    br: brotliCompressSync(source, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      },
    }),
    gzip: gzipSync(source, { level: 9 }),
  };
}

/** The three representations; copies the build did not write are compressed here, once. */
export function representationsOf(
  source: Buffer,
  precompressed: Partial<Record<Encoding, Buffer>> = {},
): WidgetRepresentations {
  const hash = contentHash(source);
  const made =
    precompressed.br && precompressed.gzip
      ? { br: precompressed.br, gzip: precompressed.gzip }
      : compress(source);
  return {
    hash,
    encodings: {
      br: { body: precompressed.br ?? made.br, etag: `"${hash}-br"` },
      gzip: { body: precompressed.gzip ?? made.gzip, etag: `"${hash}-gzip"` },
      identity: { body: source, etag: `"${hash}"` },
    },
  };
}

/**
 * The encoding to send for an `Accept-Encoding` header: the acceptable one with the highest
 * q-value, br before gzip on a tie; `identity` when neither is accepted (or the header is absent).
 * `*` stands for any coding not named; `x-gzip` is gzip (RFC 9110 8.4.1.3).
 */
export function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.trim().split(';');
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      if (match) q = Number(match[1]);
    }
    if (!Number.isFinite(q)) q = 0;
    weights.set(name === 'x-gzip' ? 'gzip' : name, Math.min(q, 1));
  }
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const encoding of ['br', 'gzip'] as const) {
    const q = weight(encoding);
    if (q > bestQ) {
      best = encoding;
      bestQ = q;
    }
  }
  return best;
}

/**
 * Whether `If-None-Match` names `etag`: `*`, or any listed tag by the weak comparison GET
 * requires (RFC 9110 13.1.2: `W/"x"` matches `"x"`).
 */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}
