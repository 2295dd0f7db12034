/**
 * Access tokens per mall, refreshed before they expire, rotation-safe (issue 4 item 5):
 * - one refresh at a time per mall in this process (a per-mall promise every caller shares);
 * - one at a time across processes (a lease row taken in a `BEGIN IMMEDIATE` transaction; a lease
 *   whose owner died on this host, or that outlived twice the upstream timeout, is taken over);
 * - an "in flight" marker is written with the lease, before the refresh is sent, and cleared by
 *   the commit; the rotated refresh token is committed before the new access token is handed to
 *   anyone, retrying while the database is busy or unreachable (the tokens only exist in this process's memory then);
 * - a refresh Cafe24 refuses (`invalid_grant`) marks the mall "needs re-authorisation": every
 *   Admin API call for it then fails with NeedsReauthError until the merchant opens the app from
 *   the store admin, which runs the OAuth install again (routes.ts).
 * Cafe24 documents no grace period for the previous refresh token (its OAuth 2.0 guide: only the
 * newest refresh token is valid), so a process that finds a marker with no result can only try the old
 * token: it works when the request never reached Cafe24, and when it did, nothing but a reinstall
 * can help. docs/cafe24.md#the-cafe24-app explains this to the merchant.
 */
import { ApiError } from '../errors';
import { isStorageUnavailable } from '../storage/sql';
import type { TokenClient } from './oauth';
import { leaseOwnerId, type TokenSet, type TokenStore } from './token-store';

export interface TokenHooks {
  /** Test hook: runs after the lease (and marker) was taken, before the refresh request is sent. */
  afterLease?(mallId: string): Promise<void> | void;
  /** Test hook: Cafe24 has answered (and so rotated), the answer is not yet committed. */
  afterResponse?(mallId: string): Promise<void> | void;
  /** Test hook: runs right after a rotation was committed, before the new token is used. */
  afterCommit?(mallId: string): Promise<void> | void;
}

export interface TokenOptions {
  store: TokenStore;
  client: TokenClient;
  /** The token endpoint's timeout: the lease is derived from it (leaseMsFor). */
  timeoutMs: number;
  now?: () => number;
  /** Refresh this long before expiry. Default 5 minutes. */
  skewMs?: number;
  /** How often a process waiting on another's lease looks again. Default 100 ms. */
  pollMs?: number;
  /** How long a commit is retried while the database is busy or unreachable. Default 2 minutes. */
  commitRetryMs?: number;
  /** Told when a dead process's refresh marker is found, and when a mall needs re-authorisation. */
  warn?: (message: string) => void;
  hooks?: TokenHooks;
}

/** The merchant must open the app from the store admin again: Cafe24 refuses the stored tokens. */
export class NeedsReauthError extends ApiError {
  readonly reason = 'needs_reauthorization';
  constructor(mallId: string, options: { cause?: unknown } = {}) {
    super(
      'upstream_error',
      `the Cafe24 app on mall "${mallId}" needs re-authorisation: Cafe24 no longer accepts its tokens. Open the app from the store admin (Apps › My apps) to authorise it again`,
      options,
    );
  }
}

/**
 * A lease outlives the refresh it protects: twice the upstream timeout (the request, and its
 * answer's parse and commit) plus 5 s, so a live holder is never taken over mid-request.
 */
export const leaseMsFor = (timeoutMs: number) => 2 * timeoutMs + 5_000;

export function createTokens(options: TokenOptions) {
  const { store, client, hooks = {} } = options;
  const now = options.now ?? Date.now;
  const skewMs = options.skewMs ?? 5 * 60_000;
  const leaseMs = leaseMsFor(options.timeoutMs);
  const pollMs = options.pollMs ?? 100;
  const commitRetryMs = options.commitRetryMs ?? 120_000;
  const warn = options.warn ?? (() => {});
  const owner = leaseOwnerId();
  const inflight = new Map<string, Promise<string>>();

  /** Cafe24 already rotated: keep trying to write the new tokens down (bounded, but long). */
  async function commit(mallId: string, tokens: TokenSet): Promise<void> {
    const deadline = now() + commitRetryMs;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      try {
        await store.commitRefresh(mallId, tokens, now());
        return;
      } catch (error) {
        if (!isStorageUnavailable(error) || now() + wait > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  async function refreshOnce(
    mallId: string,
    rejected?: string,
    refreshGoodUntil?: number,
  ): Promise<string> {
    for (;;) {
      const t = now();
      const at = { now: t, leaseMs, goodUntil: t + skewMs, refreshGoodUntil };
      const lease = await store.tryLease(mallId, owner, at, rejected);
      if (!lease) throw notInstalled(mallId);
      if (lease.kind === 'fresh') return lease.row.accessToken;
      if (lease.kind === 'busy') {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        continue;
      }
      if (lease.row.needsReauth) {
        await store.release(mallId, owner, true);
        throw new NeedsReauthError(mallId);
      }
      const orphan = lease.row.refreshStartedAt !== null;
      if (orphan)
        warn(
          `Cafe24 mall "${mallId}": an earlier refresh never finished (its process died or its answer was lost); trying the stored refresh token`,
        );
      await hooks.afterLease?.(mallId);
      let tokens: TokenSet;
      try {
        tokens = await client.refresh(mallId, lease.row.refreshToken);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'invalid_grant') {
          await store.markNeedsReauth(mallId);
          warn(
            `Cafe24 mall "${mallId}" needs re-authorisation: the refresh token was refused${orphan ? ' after an unfinished refresh' : ''}`,
          );
          throw new NeedsReauthError(mallId, { cause: error });
        }
        // No answer (timeout, network): Cafe24 may have rotated, so the marker stays.
        const answered = error instanceof ApiError && error.code === 'upstream_error';
        await store.release(mallId, owner, answered).catch(() => {});
        throw error;
      }
      await hooks.afterResponse?.(mallId);
      await commit(mallId, tokens);
      await hooks.afterCommit?.(mallId);
      return tokens.accessToken;
    }
  }

  /** Shared per mall: N callers with a stale token cause one refresh. */
  function refresh(mallId: string, rejected?: string, refreshGoodUntil?: number): Promise<string> {
    let running = inflight.get(mallId);
    if (!running) {
      running = refreshOnce(mallId, rejected, refreshGoodUntil).finally(() =>
        inflight.delete(mallId),
      );
      inflight.set(mallId, running);
    }
    return running;
  }

  return {
    /** A token good for at least `skewMs`, refreshing first if needed. */
    async accessToken(mallId: string): Promise<string> {
      const row = await store.read(mallId);
      if (!row) throw notInstalled(mallId);
      if (row.needsReauth) throw new NeedsReauthError(mallId);
      if (row.accessExpiresAt > now() + skewMs && !inflight.has(mallId)) return row.accessToken;
      return refresh(mallId);
    },
    /** The API answered 401 to `token`: refresh unless someone already has. */
    rejected: (mallId: string, token: string) => refresh(mallId, token),
    /** The job: refresh when the refresh token expires before `goodUntil` (same lease path). */
    refreshIfExpiringBefore: (mallId: string, goodUntil: number) =>
      refresh(mallId, undefined, goodUntil),
    /** A fresh token was refused too: the app was removed or its grant revoked. */
    async unusable(mallId: string): Promise<NeedsReauthError> {
      await store.markNeedsReauth(mallId);
      warn(`Cafe24 mall "${mallId}" needs re-authorisation: a freshly refreshed token was refused`);
      return new NeedsReauthError(mallId);
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;

const notInstalled = (mallId: string) =>
  new ApiError('not_found', `the Cafe24 app is not installed on mall "${mallId}"`);
