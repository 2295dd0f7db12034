/**
 * A token bucket per client IP, in memory: `burst` requests at once, refilled at `perMinute`.
 * Enough for one backend process; several processes would each count on their own.
 */

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';

export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
  /** The bucket's key; by default the TCP peer's address (X-Forwarded-For is not trusted). */
  key?: (c: Context) => string;
  /** Buckets kept at most; full (idle) ones are dropped first. */
  maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}

/**
 * The client behind `hops` trusted proxies: each appends the address it got the request from to
 * X-Forwarded-For, so the client is the `hops`-th entry from the right. Anything further left was
 * written by the client and is not trusted. 0: the TCP peer.
 */
export const clientBehind =
  (hops: number) =>
  (c: Context): string => {
    if (hops === 0) return clientAddress(c);
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    return chain[chain.length - hops] ?? chain[0] ?? clientAddress(c);
  };

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const key = options.key ?? clientAddress;
  const maxClients = options.maxClients ?? 10_000;
  const msPerToken = 60_000 / options.perMinute;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, at: number) => {
    // A clock that steps back (NTP) must not drain the bucket.
    const elapsed = Math.max(0, at - bucket.at);
    bucket.tokens = Math.min(options.burst, bucket.tokens + elapsed / msPerToken);
    bucket.at = Math.max(at, bucket.at);
  };

  const prune = (at: number) => {
    for (const [client, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= options.burst) buckets.delete(client);
    }
    // Still too many under a flood: forget the oldest; they start again with a full bucket.
    for (const client of buckets.keys()) {
      if (buckets.size <= maxClients) break;
      buckets.delete(client);
    }
  };

  return async (c, next) => {
    const at = now();
    const client = key(c);
    let bucket = buckets.get(client);
    if (!bucket) {
      if (buckets.size >= maxClients) prune(at);
      bucket = { tokens: options.burst, at };
      buckets.set(client, bucket);
    }
    refill(bucket, at);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil(((1 - bucket.tokens) * msPerToken) / 1000));
      throw new ApiError('rate_limited', `too many login attempts; retry in ${retryAfter} s`, {
        retryAfter,
      });
    }
    bucket.tokens -= 1;
    await next();
  };
}
