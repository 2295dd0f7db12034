/** What every mount on the page shows, in one signal: one login at a time per page. */
import type { BlockReason, LoginErrorCode, Provider } from '../contract';

export type Status =
  | { kind: 'idle' }
  // `silent`: the automatic login; the mounts show a neutral "signing in…" instead of buttons.
  | { kind: 'redirecting'; provider: Provider; silent?: boolean }
  | { kind: 'exchanging'; provider: Provider; silent?: boolean }
  | { kind: 'success'; provider: Provider }
  | {
      kind: 'error';
      code: LoginErrorCode;
      /** The store rule behind a `login_blocked`, when the backend named it. */
      reason?: BlockReason;
      message: string;
      provider: Provider | null;
      /** Where the failed attempt was going, so a retry goes there too. */
      returnTo?: string;
    };

/**
 * A signal with only what the widget uses: `value` and `subscribe` (same names and behaviour as
 * @preact/signals-core's, which cost 1.5 KB gzip for one signal and one effect: measured when
 * issue 3 needed the room under the 12 KB budget).
 */
export interface Signal<T> {
  value: T;
  /** Calls `fn` now and after every change; returns the unsubscribe. */
  subscribe(fn: (value: T) => void): () => void;
}

export function signal<T>(initial: T): Signal<T> {
  let current = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get value() {
      return current;
    },
    set value(next) {
      if (next === current) return;
      current = next;
      for (const fn of [...listeners]) fn(next);
    },
    subscribe(fn) {
      listeners.add(fn);
      fn(current);
      return () => listeners.delete(fn);
    },
  };
}

export const status = signal<Status>({ kind: 'idle' });

export const isBusy = (s: Status): boolean => s.kind === 'redirecting' || s.kind === 'exchanging';
