/**
 * CORS for the store's origins only: a preflight from anywhere is answered, but only an allowed
 * origin gets `Access-Control-Allow-Origin`, so other pages cannot read our answers. No credentials:
 * the widget sends none (`credentials: 'omit'`).
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export function corsForAllowedOrigins(options: {
  allowedOrigins: readonly string[];
}): MiddlewareHandler {
  const allowed = new Set(options.allowedOrigins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
}
