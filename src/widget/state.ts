/** What every mount on the page shows, in one signal: one login at a time per page. */
// signals-core is what @preact/signals re-exports; its Preact binding (~1.8 KB gzip) is left out:
// each mount subscribes with effect() and re-renders, see mount.tsx.
import { signal } from '@preact/signals-core';
import type { LoginErrorCode, Provider } from '../contract';

export type Status =
  | { kind: 'idle' }
  | { kind: 'redirecting'; provider: Provider }
  | { kind: 'exchanging'; provider: Provider }
  | { kind: 'success'; provider: Provider }
  | {
      kind: 'error';
      code: LoginErrorCode;
      message: string;
      provider: Provider | null;
      /** Where the failed attempt was going, so a retry goes there too. */
      returnTo?: string;
    };

export const status = signal<Status>({ kind: 'idle' });

export const isBusy = (s: Status): boolean => s.kind === 'redirecting' || s.kind === 'exchanging';
