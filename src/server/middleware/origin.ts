/**
 * The exchange endpoint decides by `Origin` itself: CORS only stops a browser from reading the
 * answer, not a request from being made (docs/backend.md "Security"). Exact match against the
 * normalised ALLOWED_ORIGINS; deny by default.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';

export interface OriginOptions {
  /** Normalised origins (config.allowedOrigins). */
  allowedOrigins: readonly string[];
}

export function requireAllowedOrigin(options: OriginOptions): MiddlewareHandler {
  const allowed = new Set(options.allowedOrigins);
  // Not async: one promise less per request on the hot path; `next()` is returned as it is.
  return (c, next) => {
    const origin = c.req.header('origin');
    if (!origin) {
      throw new ApiError(
        'origin_not_allowed',
        "the request has no Origin header; only the store's pages may call this endpoint",
      );
    }
    if (!allowed.has(origin)) {
      throw new ApiError(
        'origin_not_allowed',
        `origin ${JSON.stringify(origin.slice(0, 200))} is not in ALLOWED_ORIGINS`,
      );
    }
    return next();
  };
}

/** A redirect URI is acceptable when it lives on one of the allowed origins (same scheme, host, port). */
export function isAllowedRedirectUri(
  allowedOrigins: readonly string[],
  redirectUri: string,
): boolean {
  if (!URL.canParse(redirectUri)) return false;
  const url = new URL(redirectUri);
  return !url.username && !url.password && allowedOrigins.includes(url.origin);
}
