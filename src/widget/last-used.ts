/**
 * "Last used": the provider this shopper last signed in with on this store, so its button can carry
 * a small badge. Kept in localStorage on the store's origin, under STORAGE_PREFIX; the value is only
 * the provider's name, never an ID, name, code or token.
 */
import { isProvider, type Provider, STORAGE_PREFIX } from '../contract';

export const LAST_USED_KEY = `${STORAGE_PREFIX}last-used`;

/** The remembered provider, or null (none yet, storage disabled, or a value we did not write). */
export function lastUsed(): Provider | null {
  try {
    const value = localStorage.getItem(LAST_USED_KEY);
    return isProvider(value) ? value : null;
  } catch {
    return null;
  }
}

/** Called after a verified login. Storage may be full or disabled: then nothing is remembered. */
export function rememberLastUsed(provider: Provider): void {
  try {
    localStorage.setItem(LAST_USED_KEY, provider);
  } catch {}
}
