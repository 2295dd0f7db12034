/**
 * The provider's redirect back to the store (RFC 6749 §4.1.2): `code` and `state`, or `error`,
 * `error_description` and `state`. Pure: reading, deciding and cleaning the URL.
 */
import type { PendingAttempt, Taken } from './pending';

export interface ReturnParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

const RETURN_PARAMS = ['code', 'state', 'error', 'error_description'];

/** The return's parameters, or null when this page load is not a provider's redirect. */
export function readReturn(href: string): ReturnParams | null {
  const q = new URL(href).searchParams;
  const get = (name: string) => q.get(name) ?? undefined;
  // Both providers always send `state` back; without it a `code` parameter belongs to someone else.
  if (!q.has('state') || !(q.has('code') || q.has('error'))) return null;
  return {
    code: get('code'),
    state: get('state'),
    error: get('error'),
    errorDescription: get('error_description'),
  };
}

/** The same URL without the return's parameters (everything else, hash included, kept). */
export function cleanUrl(href: string): string {
  const url = new URL(href);
  for (const name of RETURN_PARAMS) url.searchParams.delete(name);
  return url.href;
}

export type Decision =
  | { kind: 'mismatch'; pending?: PendingAttempt }
  | { kind: 'expired'; pending: PendingAttempt }
  | {
      kind: 'provider_error';
      code: 'access_denied' | 'consent_required' | 'provider_error';
      error: string;
      pending: PendingAttempt;
    }
  | { kind: 'code'; code: string; pending: PendingAttempt };

/** What to do with a return, given the pending attempt taken from this tab. */
export function decide(params: ReturnParams, taken: Taken): Decision {
  if (taken.status === 'none') return { kind: 'mismatch' };
  const { pending } = taken;
  if (params.state !== pending.state) return { kind: 'mismatch', pending };
  if (taken.status === 'expired') return { kind: 'expired', pending };
  if (params.error !== undefined || !params.code) {
    const error = params.error ?? 'provider_error';
    const code =
      error === 'access_denied' || error === 'consent_required' ? error : 'provider_error';
    return { kind: 'provider_error', code, error, pending };
  }
  return { kind: 'code', code: params.code, pending };
}
