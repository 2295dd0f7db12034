/**
 * CORS for the store's origins only: a preflight from anywhere is answered, but only an allowed
 * origin gets `Access-Control-Allow-Origin`, so other pages cannot read our answers. No credentials:
 * the widget sends none (`credentials: 'omit'`).
 *
 * Written out rather than hono/cors: that one writes its headers into `c.res` before the route
 * runs, which makes every answer a materialised WHATWG Response (and Node adapter's slow path); here
 * they are added to the answer once it exists, errors and 404s included.
 */
import type { MiddlewareHandler } from 'hono';
import { headerOf } from '../request-headers';

const ALLOW_METHODS = 'GET,POST,OPTIONS';
const ALLOW_HEADERS = 'Content-Type';
const MAX_AGE_SECONDS = '600';

export interface CorsOptions {
  allowedOrigins: readonly string[];
  /** Asked for an origin not in the list (the origins of malls registered in the database). */
  allows?: (origin: string) => Promise<boolean>;
}

/** The request's `Origin` when it may read our answers, else undefined. */
export function corsOrigin(
  options: CorsOptions,
): (origin: string | undefined) => Promise<string | undefined> | string | undefined {
  const allowed = new Set(options.allowedOrigins);
  const { allows } = options;
  return (origin) => {
    if (origin === undefined) return undefined;
    if (allowed.has(origin)) return origin;
    // Awaited only for an origin not in the list: the usual request stays synchronous here.
    return allows ? allows(origin).then((yes) => (yes ? origin : undefined)) : undefined;
  };
}

/**
 * The CORS headers of an answer (not a preflight's) to a page of `allowOrigin`, added to
 * `headers` (assigned one by one: on the exchange's path a spread cost more than the rest of
 * building the answer).
 */
export function corsHeaders(
  allowOrigin: string | undefined,
  headers: Record<string, string> = {},
): Record<string, string> {
  if (allowOrigin) headers['Access-Control-Allow-Origin'] = allowOrigin;
  // Retry-After, the one header a page reads that CORS hides, is exposed by the answers that
  // carry it (errors.ts errorHeaders).
  headers.Vary = 'Origin';
  return headers;
}

export function corsForAllowedOrigins(options: CorsOptions): MiddlewareHandler {
  const allowedOrigin = corsOrigin(options);
  return async (c, next) => {
    const allowOrigin = await allowedOrigin(headerOf(c, 'origin'));
    if (c.req.method === 'OPTIONS') {
      const headers = corsHeaders(allowOrigin);
      headers['Access-Control-Allow-Methods'] = ALLOW_METHODS;
      headers['Access-Control-Allow-Headers'] = ALLOW_HEADERS;
      headers['Access-Control-Max-Age'] = MAX_AGE_SECONDS;
      headers.Vary = 'Origin, Access-Control-Request-Headers';
      return c.body(null, 204, headers);
    }
    await next();
    const headers = c.res.headers;
    // Vary adds to what the route said; the others are ours alone.
    for (const [name, value] of Object.entries(corsHeaders(allowOrigin))) {
      if (name === 'Vary') headers.append(name, value);
      else headers.set(name, value);
    }
    return undefined;
  };
}
