/**
 * CORS for the store's origins only: a preflight from anywhere is answered, but only an allowed
 * origin gets `Access-Control-Allow-Origin`, so other pages cannot read our answers. No credentials:
 * the widget sends none (`credentials: 'omit'`).
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export function corsForAllowedOrigins(options: {
  allowedOrigins: readonly string[];
  /** Asked for an origin not in the list (the origins of malls registered in the database). */
  allows?: (origin: string) => Promise<boolean>;
}): MiddlewareHandler {
  const allowed = new Set(options.allowedOrigins);
  return cors({
    origin: async (origin) =>
      allowed.has(origin) || (origin && (await options.allows?.(origin))) ? origin : null,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
}
