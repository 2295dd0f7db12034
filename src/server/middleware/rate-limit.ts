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

/** Who is asking, as a limiter sees it, whichever server received the request. */
export interface Client {
  /** A request header, `name` in lower case. */
  header(name: string): string | undefined;
  /** The TCP peer's address; undefined without a socket (app.request() in tests). */
  peer(): string | undefined;
}

/** A Hono request as a limiter sees it. */
export const clientOf = (c: Context): Client => ({
  header: (name) => headerOf(c, name),
  peer: () => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      return undefined; // app.request() in tests has no socket
    }
  },
});

export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
  /** The bucket's key; by default the TCP peer's address (X-Forwarded-For is not trusted). */
  key?: (client: Client) => string;
  /** Buckets kept at most in memory; full (idle) ones are dropped first. */
  maxClients?: number;
  /** Where the buckets live; default: this process's memory. */
  store?: BucketStore;
  /** Separates this limiter's buckets from other routes' in a shared store. */
  name?: string;
}

export const clientAddress = (client: Client): string => client.peer() ?? 'unknown';

/**
 * The client behind `hops` trusted proxies: each appends the address it got the request from to
 * X-Forwarded-For, so the client is the `hops`-th entry from the right. Anything further left was
 * written by the client and is not trusted. 0: the TCP peer.
 */
export const clientBehind =
  (hops: number) =>
  (client: Client): string => {
    if (hops === 0) return clientAddress(client);
    const chain = (client.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    return chain[chain.length - hops] ?? chain[0] ?? clientAddress(client);
  };

/** Takes one request from the client's bucket, or throws `rate_limited` with its Retry-After. */
export type RateCheck = (client: Client) => Promise<void>;

export function rateCheck(options: RateLimitOptions): RateCheck {
  const now = options.now ?? Date.now;
  const key = options.key ?? clientAddress;
  const store = options.store ?? memoryBuckets(options.maxClients);
  const name = options.name ?? 'default';
  const rule = { perMinute: options.perMinute, burst: options.burst };
  return async (client) => {
    const taken = await store.take(name, key(client), now(), rule);
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
    await check(clientOf(c));
    await next();
  };

export const rateLimit = (options: RateLimitOptions): MiddlewareHandler =>
  asMiddleware(rateCheck(options));
