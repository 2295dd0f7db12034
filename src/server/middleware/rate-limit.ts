/**
 * A token bucket per client IP: `burst` requests at once, refilled at `perMinute`. The buckets live
 * in `store`: in memory for one process, or in the database that every instance shares
 * (storage/rate.ts), so a load balancer spreading a client's requests does not multiply its limit.
 */

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';
import { headerOf } from '../request-headers';
import { type BucketStore, memoryBuckets } from '../storage/rate';

export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
  /** The bucket's key; by default the TCP peer's address (X-Forwarded-For is not trusted). */
  key?: (c: Context) => string;
  /** Buckets kept at most in memory; full (idle) ones are dropped first. */
  maxClients?: number;
  /** Where the buckets live; default: this process's memory. */
  store?: BucketStore;
  /** Separates this limiter's buckets from other routes' in a shared store. */
  name?: string;
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
    const chain = (headerOf(c, 'x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    return chain[chain.length - hops] ?? chain[0] ?? clientAddress(c);
  };

/** Takes one request from the client's bucket, or throws `rate_limited` with its Retry-After. */
export type RateCheck = (c: Context) => Promise<void>;

export function rateCheck(options: RateLimitOptions): RateCheck {
  const now = options.now ?? Date.now;
  const key = options.key ?? clientAddress;
  const store = options.store ?? memoryBuckets(options.maxClients);
  const name = options.name ?? 'default';
  const rule = { perMinute: options.perMinute, burst: options.burst };
  return async (c) => {
    const taken = await store.take(name, key(c), now(), rule);
    if (!taken.ok) {
      throw new ApiError(
        'rate_limited',
        `too many login attempts; retry in ${taken.retryAfter} s`,
        {
          retryAfter: taken.retryAfter,
        },
      );
    }
  };
}

export const asMiddleware =
  (check: RateCheck): MiddlewareHandler =>
  async (c, next) => {
    await check(c);
    await next();
  };

export const rateLimit = (options: RateLimitOptions): MiddlewareHandler =>
  asMiddleware(rateCheck(options));
