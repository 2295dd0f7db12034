/**
 * The exchange endpoint decides by `Origin` itself: CORS only stops a browser from reading the
 * answer, not a request from being made (docs/backend.md "Security"). Exact match against the
 * normalised ALLOWED_ORIGINS; deny by default.
 */
import type { MiddlewareHandler } from 'hono';
import { Refusal } from '../errors';
import { headerOf } from '../request-headers';

export interface OriginOptions {
  /** Normalised origins (config.allowedOrigins). */
  allowedOrigins: readonly string[];
}

/** Why `origin` may not call the endpoint (`origin_not_allowed`); undefined when it is allowed. */
export function originRefusal(
  allowed: ReadonlySet<string>,
  origin: string | undefined,
): Refusal | undefined {
  if (!origin) {
    return new Refusal(
      'origin_not_allowed',
      "the request has no Origin header; only the store's pages may call this endpoint",
    );
  }
  if (!allowed.has(origin)) {
    return new Refusal(
      'origin_not_allowed',
      `origin ${JSON.stringify(origin.slice(0, 200))} is not in ALLOWED_ORIGINS`,
    );
  }
  return undefined;
}

/** Throws `origin_not_allowed` unless `origin` is exactly one of `allowed`. */
export function refuseUnlessAllowed(
  allowed: ReadonlySet<string>,
  origin: string | undefined,
): void {
  const refusal = originRefusal(allowed, origin);
  if (refusal) throw refusal.toError();
}

export function requireAllowedOrigin(options: OriginOptions): MiddlewareHandler {
  const allowed = new Set(options.allowedOrigins);
  // Not async: one promise less per request on the hot path; `next()` is returned as it is.
  return (c, next) => {
    refuseUnlessAllowed(allowed, headerOf(c, 'origin'));
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
