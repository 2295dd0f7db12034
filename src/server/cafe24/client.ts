/**
 * The Admin API client (developers.cafe24.com/docs/api/admin): Bearer tokens from tokens.ts, and
 * manners towards Cafe24's per-mall leaky bucket (40 calls, drains 2 a second, reported as
 * `X-Api-Call-Limit: n/40`, 429 when full — developers.cafe24.com/docs/ko/api/admin/#api-limit):
 * - it keeps its own estimate of each mall's bucket (what the last answer said, drained since, plus
 *   its own calls in flight) and waits before a call that would leave fewer than HEADROOM slots;
 * - a 429 is retried after `Retry-After` when given, else after the time the bucket needs to drain
 *   one slot, with exponential backoff, up to `maxRetries`;
 * - `limit` and `offset` beyond the reference's caps are refused before any call, with a message
 *   naming the endpoint: 500 and 10000 in general (the Admin API reference's paging rules,
 *   developers.cafe24.com/docs/en/api/admin/), tighter where an endpoint's reference says so
 *   (PAGING_CAPS).
 * A 401 triggers one refresh (the token may have been revoked or rotated by another process); a
 * second 401 with the fresh token means the grant is gone: the mall needs re-authorisation.
 */
import { ApiError } from '../errors';
import { type Fetch, requestJson } from '../http';
import { apiBase } from './oauth';
import type { Tokens } from './tokens';

export const MAX_LIMIT = 500;
export const MAX_OFFSET = 10_000;

/**
 * Per-endpoint caps from the Admin API reference (as mirrored in noston/cafe24-api-spec):
 * customers-coupons.md (limit 1–100, offset ≤ 10000) and points.md (limit 1–100, offset ≤ 8000).
 */
export const PAGING_CAPS: readonly { path: RegExp; limit: number; offset: number }[] = [
  { path: /^\/customers\/[^/]+\/coupons$/, limit: 100, offset: 10_000 },
  { path: /^\/points$/, limit: 100, offset: 8_000 },
];
/** Slots the client leaves free for other apps' and processes' calls. */
export const HEADROOM = 2;

export interface ClientOptions {
  tokens: Pick<Tokens, 'accessToken' | 'rejected' | 'unusable'>;
  apiUrl: string;
  fetch: Fetch;
  timeoutMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Cafe24's drain rate, calls per second. Default 2. */
  drainPerSecond?: number;
  maxRetries?: number;
  /** `X-Cafe24-Api-Version`; unset, the app's configured version applies. */
  apiVersion?: string;
}

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Endpoints the reference documents with a 1000 limit (none the app uses yet). */
  maxLimit?: 500 | 1000;
}

interface Bucket {
  level: number;
  max: number;
  at: number;
  /** Calls sent and not yet answered: Cafe24 may not have counted them yet. */
  inflight: number;
}

export function createAdminClient(options: ClientOptions) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const drain = options.drainPerSecond ?? 2;
  const maxRetries = options.maxRetries ?? 6;
  const buckets = new Map<string, Bucket>();

  const bucketOf = (mallId: string): Bucket => {
    const bucket = buckets.get(mallId) ?? { level: 0, max: 40, at: now(), inflight: 0 };
    buckets.set(mallId, bucket);
    const t = now();
    bucket.level = Math.max(0, bucket.level - ((t - bucket.at) / 1000) * drain);
    bucket.at = t;
    return bucket;
  };

  /**
   * Waits until one more call fits under the estimate, then sends it. A call on its way counts
   * whole until it is answered: Cafe24 starts draining it only when it arrives, and a busy process
   * or network delays some calls more than others.
   */
  async function acquire(mallId: string): Promise<Bucket> {
    for (;;) {
      const bucket = bucketOf(mallId);
      const room = bucket.max - HEADROOM;
      const over = bucket.level + bucket.inflight + 1 - room;
      if (over <= 0) {
        bucket.inflight += 1;
        return bucket;
      }
      await sleep(Math.ceil((Math.max(over, 1) / drain) * 1000));
    }
  }

  function observe(mallId: string, header: string | null): void {
    const match = /^(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
    if (!match) return;
    const bucket = bucketOf(mallId);
    bucket.max = Number(match[2]);
    bucket.level = Math.max(bucket.level, Number(match[1]));
  }

  function checkPaging(path: string, call: CallOptions): void {
    const cap = PAGING_CAPS.find((c) => c.path.test(path));
    const max = cap?.limit ?? call.maxLimit ?? MAX_LIMIT;
    const maxOffset = cap?.offset ?? MAX_OFFSET;
    const limit = call.query?.limit;
    const offset = call.query?.offset;
    if (limit !== undefined && !(Number.isInteger(Number(limit)) && +limit >= 1 && +limit <= max))
      throw new ApiError(
        'invalid_request',
        `Cafe24 ${path}: "limit" must be 1 to ${max}; got ${limit}`,
      );
    if (
      offset !== undefined &&
      !(Number.isInteger(Number(offset)) && +offset >= 0 && +offset <= maxOffset)
    )
      throw new ApiError(
        'invalid_request',
        `Cafe24 ${path}: "offset" must be 0 to ${maxOffset}; got ${offset} (narrow the query, e.g. by date, instead of paging further)`,
      );
  }

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    mallId: string,
    path: string,
    opts: CallOptions = {},
  ): Promise<unknown> {
    checkPaging(path, opts);
    const url = new URL(`${apiBase(options.apiUrl, mallId)}/api/v2/admin${path}`);
    for (const [key, value] of Object.entries(opts.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      // The token first (it may wait on the database): the request must leave right after its
      // slot is counted, or calls paced apart would reach Cafe24 together.
      const token = await options.tokens.accessToken(mallId);
      const slot = await acquire(mallId);
      const response = await requestJson(
        options,
        { provider: 'Cafe24', step: `${method} ${path}` },
        url.href,
        {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.apiVersion ? { 'x-cafe24-api-version': options.apiVersion } : {}),
          },
          ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
        },
      ).finally(() => {
        // Answered (or given up on): Cafe24 counted it about now; it drains from here.
        slot.inflight -= 1;
        bucketOf(mallId).level += 1;
      });
      observe(mallId, response.headers.get('x-api-call-limit'));
      if (response.status === 429 && attempt < maxRetries) {
        const bucket = bucketOf(mallId);
        bucket.level = Math.max(bucket.level, bucket.max);
        await sleep(backoffMs(response.headers, attempt, drain));
        continue;
      }
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        await options.tokens.rejected(mallId, token);
        continue;
      }
      if (response.status === 401) throw await options.tokens.unusable(mallId);
      const { body } = response;
      if (response.status >= 200 && response.status < 300) return body;
      if (response.status === 429)
        throw new ApiError('rate_limited', `Cafe24 kept answering 429 for ${path}`, {
          retryAfter: 1,
        });
      const message = messageOf(body);
      throw new ApiError(
        response.status === 404 ? 'not_found' : 'upstream_error',
        `Cafe24 ${method} ${path} answered HTTP ${response.status}${message ? `: ${message}` : ''}`,
      );
    }
  }

  return {
    get: (mallId: string, path: string, opts?: CallOptions) => call('GET', mallId, path, opts),
    post: (mallId: string, path: string, body: unknown) => call('POST', mallId, path, { body }),
    delete: (mallId: string, path: string) => call('DELETE', mallId, path),
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;

/** Retry-After (seconds) when sent; else one slot's drain time; doubled per attempt, max 10 s. */
export function backoffMs(headers: Headers, attempt: number, drainPerSecond: number): number {
  const retryAfter = Number(headers.get('retry-after'));
  const base =
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000 / drainPerSecond;
  return Math.min(10_000, base * 2 ** Math.min(attempt, 4));
}

/** Cafe24's `{"error":{"code","message"}}`. */
function messageOf(body: unknown): string | undefined {
  const error = body && typeof body === 'object' ? Reflect.get(body, 'error') : undefined;
  const message = error && typeof error === 'object' ? Reflect.get(error, 'message') : undefined;
  return typeof message === 'string' ? message.slice(0, 200) : undefined;
}
