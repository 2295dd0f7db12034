/**
 * The login attempt in flight, kept in this tab only (sessionStorage) between the click and the
 * provider's redirect back: single use, 10 minutes (docs/backend.md "Security"). Never a code or token.
 */
import {
  isProvider,
  isString,
  optionalStrings,
  type Provider,
  prop,
  STORAGE_PREFIX,
} from '../contract';

export interface PendingAttempt {
  provider: Provider;
  state: string;
  nonce: string;
  codeVerifier?: string;
  /** The automatic login inside KakaoTalk (`prompt: 'none'`): its failure shows no message. */
  silent?: boolean;
  /** The automatic login's starting page, where a miss brings the shopper back. */
  from?: string;
  returnTo: string;
  redirectUri: string;
  createdAt: number;
}

export const PENDING_KEY = `${STORAGE_PREFIX}pending`;
export const PENDING_TTL_MS = 10 * 60 * 1000;

export type Taken =
  | { status: 'none' }
  | { status: 'expired'; pending: PendingAttempt }
  | { status: 'ok'; pending: PendingAttempt };

function storage(): Storage | undefined {
  try {
    return sessionStorage;
  } catch {
    // Storage can be disabled (privacy settings, sandboxed frames): then no login can be matched.
    return undefined;
  }
}

export function savePending(pending: PendingAttempt): void {
  storage()?.setItem(PENDING_KEY, JSON.stringify(pending));
}

const filled = (v: unknown) => isString(v) && v.length > 0;

export function isPendingAttempt(v: unknown): v is PendingAttempt {
  return (
    isProvider(prop(v, 'provider')) &&
    ['state', 'nonce', 'returnTo', 'redirectUri'].every((key) => filled(prop(v, key))) &&
    optionalStrings(v, ['codeVerifier', 'from']) &&
    (prop(v, 'silent') === undefined || prop(v, 'silent') === true) &&
    typeof prop(v, 'createdAt') === 'number'
  );
}

/** Reads and removes the pending attempt: a second call finds none. */
export function takePending(now: number = Date.now()): Taken {
  const store = storage();
  let value: unknown;
  try {
    value = JSON.parse(store?.getItem(PENDING_KEY) ?? 'null');
  } catch {
    value = null;
  }
  store?.removeItem(PENDING_KEY);
  if (!isPendingAttempt(value)) return { status: 'none' };
  const age = now - value.createdAt;
  return age >= 0 && age < PENDING_TTL_MS
    ? { status: 'ok', pending: value }
    : { status: 'expired', pending: value };
}
