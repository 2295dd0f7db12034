/**
 * What every mount on the page shows, in one @preact/signals-core signal: one login at a time per page.
 * The flow writes it; the components read it through `watching(status, …)` (ui/watching.ts) and
 * redraw when it changes.
 */
import { signal } from '@preact/signals-core';
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

export const status = signal<Status>({ kind: 'idle' });

export type Busy = Extract<Status, { kind: 'redirecting' | 'exchanging' }>;
export const isBusy = (s: Status): s is Busy => s.kind === 'redirecting' || s.kind === 'exchanging';
