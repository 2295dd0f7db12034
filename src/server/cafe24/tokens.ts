/**
 * Access tokens per mall, refreshed before they expire, rotation-safe (issue 4 item 5):
 * - one refresh at a time per mall in this process (a per-mall promise every caller shares);
 * - one at a time across processes (a lease row taken in a `BEGIN IMMEDIATE` transaction; a lease
 *   whose owner died on this host, or that timed out, is taken over);
 * - the rotated refresh token is committed in the same synchronous step that parses the answer,
 *   before the new access token is handed to anyone, so a restart always finds the newest one.
 * Cafe24 documents no grace period for the previous refresh token (seed 003: "마지막에 발급받은
 * refresh token 하나만 유효"), so this ordering is the only protection there is; see README
 * "Installing the Cafe24 app" for what remains (a connection cut after Cafe24 rotated but before
 * the answer arrived can only be healed by reinstalling).
 */
import { ApiError } from '../errors';
import type { TokenClient } from './oauth';
import { leaseOwnerId, type TokenStore } from './token-store';

export interface TokenHooks {
  /** Test hook: runs right after a rotation was committed, before the new token is used. */
  afterCommit?(mallId: string): Promise<void> | void;
  /** Test hook: runs after the lease was taken, before the refresh request is sent. */
  afterLease?(mallId: string): Promise<void> | void;
}

export interface TokenOptions {
  store: TokenStore;
  client: TokenClient;
  now?: () => number;
  /** Refresh this long before expiry. Default 5 minutes. */
  skewMs?: number;
  /** How long a lease protects a refresh in flight. Default 30 s. */
  leaseMs?: number;
  /** How often a process waiting on another's lease looks again. Default 100 ms. */
  pollMs?: number;
  hooks?: TokenHooks;
}

export function createTokens(options: TokenOptions) {
  const { store, client, hooks = {} } = options;
  const now = options.now ?? Date.now;
  const skewMs = options.skewMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const owner = leaseOwnerId();
  const inflight = new Map<string, Promise<string>>();

  async function refreshOnce(mallId: string, rejected?: string): Promise<string> {
    for (;;) {
      const lease = store.tryLease(mallId, owner, now(), leaseMs, now() + skewMs, rejected);
      if (!lease) throw notInstalled(mallId);
      if (lease.kind === 'fresh') return lease.row.accessToken;
      if (lease.kind === 'busy') {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        continue;
      }
      await hooks.afterLease?.(mallId);
      let tokens: Awaited<ReturnType<TokenClient['refresh']>>;
      try {
        tokens = await client.refresh(mallId, lease.row.refreshToken);
      } catch (error) {
        store.release(mallId, owner);
        if (error instanceof ApiError && error.code === 'invalid_grant') {
          throw new ApiError(
            'upstream_error',
            `Cafe24 no longer accepts the app's refresh token for mall "${mallId}"; open the app from the store admin to reinstall it`,
            { cause: error },
          );
        }
        throw error;
      }
      store.commitRefresh(mallId, tokens, now());
      await hooks.afterCommit?.(mallId);
      return tokens.accessToken;
    }
  }

  /** Shared per mall: N callers with a stale token cause one refresh. */
  function refresh(mallId: string, rejected?: string): Promise<string> {
    let running = inflight.get(mallId);
    if (!running) {
      running = refreshOnce(mallId, rejected).finally(() => inflight.delete(mallId));
      inflight.set(mallId, running);
    }
    return running;
  }

  return {
    /** A token good for at least `skewMs`, refreshing first if needed. */
    async accessToken(mallId: string): Promise<string> {
      const row = store.read(mallId);
      if (!row) throw notInstalled(mallId);
      if (row.accessExpiresAt > now() + skewMs && !inflight.has(mallId)) return row.accessToken;
      return refresh(mallId);
    },
    /** The API answered 401 to `token`: refresh unless someone already has. */
    rejected: (mallId: string, token: string) => refresh(mallId, token),
  };
}

export type Tokens = ReturnType<typeof createTokens>;

const notInstalled = (mallId: string) =>
  new ApiError('not_found', `the Cafe24 app is not installed on mall "${mallId}"`);
