/**
 * The Cafe24 app's background job (issue 4 item 5/6 review). Refresh tokens live two weeks and
 * are only refreshed on use (Cafe24's OAuth 2.0 guide; docs/providers.md), so a quiet store would lose
 * its grant; every `intervalMs` the job refreshes each mall whose refresh token expires within
 * `windowMs` (and once 30 s after start), through the same single-flight + lease path as any call (tokens.ts), and retries the
 * script tag of malls where it is not known to be on the store. A refresh left "in flight" by a
 * process that died is settled on the first pass (tokens.ts explains the marker). Errors are logged, never thrown.
 * The timer is `unref()`ed (it never keeps the process alive) and stopped by `stop()`.
 */
import type { TokenStore } from './token-store';
import type { Tokens } from './tokens';

export const MAINTENANCE_INTERVAL_MS = 60 * 60_000;
/** Refresh when fewer than 3 days of the 14 are left: a few failed hourly runs can still recover. */
export const REFRESH_WINDOW_MS = 3 * 24 * 3600_000;

export interface MaintenanceOptions {
  store: TokenStore;
  tokens: Pick<Tokens, 'refreshIfExpiringBefore' | 'rejected'>;
  ensureScriptTag: (mallId: string) => Promise<unknown>;
  now: () => number;
  warn: (message: string) => void;
  intervalMs?: number;
  /** The first pass, soon after start: a backend restarted more often than hourly still runs it. */
  firstRunMs?: number;
  windowMs?: number;
}

export function maintenance(options: MaintenanceOptions) {
  const windowMs = options.windowMs ?? REFRESH_WINDOW_MS;
  let running: Promise<void> | undefined;

  async function pass(): Promise<void> {
    for (const row of await options.store.all()) {
      if (row.needsReauth) continue;
      const goodUntil = options.now() + windowMs;
      try {
        // A refresh some process started and never finished (it died): settle it now, while the
        // old refresh token may still work, rather than on a shopper's next request. Passing the
        // current access token as "rejected" takes the lease, or waits for a live holder's result.
        if (row.refreshStartedAt !== null)
          await options.tokens.rejected(row.mallId, row.accessToken);
        else if (row.refreshExpiresAt <= goodUntil)
          await options.tokens.refreshIfExpiringBefore(row.mallId, goodUntil);
        if (row.scriptTag === null) await options.ensureScriptTag(row.mallId);
      } catch (error) {
        options.warn(
          `Cafe24 maintenance for mall "${row.mallId}" failed: ${error instanceof Error ? error.message : 'unknown error'}`,
        );
      }
    }
  }

  /** One pass over every mall; overlapping calls share the pass in progress. */
  const runOnce = (): Promise<void> => {
    running ??= pass()
      .catch((error: unknown) => {
        // The database is unreachable (it restarts): the next pass tries again.
        options.warn(
          `Cafe24 maintenance skipped: ${error instanceof Error ? error.message : 'unknown error'}`,
        );
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    runOnce,
    start(): () => void {
      const first = setTimeout(runOnce, options.firstRunMs ?? 30_000);
      const timer = setInterval(runOnce, options.intervalMs ?? MAINTENANCE_INTERVAL_MS);
      first.unref();
      timer.unref();
      return () => {
        clearTimeout(first);
        clearInterval(timer);
      };
    },
  };
}
