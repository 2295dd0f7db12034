import { randomBytes } from 'node:crypto';

/**
 * Single-use authorization codes and bearer tokens with an expiry, on the sandbox's own clock so
 * tests can move time forward. RFC 6749 §4.1.2: a code "MUST NOT be used more than once" and
 * should live at most 10 minutes — Kakao documents exactly 10 minutes for its codes
 * (developers.kakao.com/docs/latest/ko/kakaologin/rest-api, 인가 코드 받기).
 */
export type Lookup<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

interface Entry<T> {
  value: T;
  expiresAt: number;
  used: boolean;
}

export class ExpiringStore<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Stores `value` under a fresh 256-bit random key that expires `ttlSeconds` from now. */
  issue(value: T, ttlSeconds: number): string {
    this.#sweep();
    const key = randomBytes(32).toString('base64url');
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlSeconds * 1000, used: false });
    return key;
  }

  /** Takes a single-use value: the first call wins, every later one answers `used`. */
  redeem(key: string): Lookup<T> {
    const found = this.peek(key);
    const entry = this.#entries.get(key);
    if (found.ok && entry) entry.used = true;
    return found;
  }

  /** Reads a value that may be presented many times (an access token). */
  peek(key: string): Lookup<T> {
    const entry = this.#entries.get(key);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.used) return { ok: false, reason: 'used' };
    if (this.#now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, value: entry.value };
  }

  clear(): void {
    this.#entries.clear();
  }

  /**
   * Forgets entries long past expiry so a long `npm start` session does not grow without bound,
   * while recent ones stay to answer `used`/`expired` precisely.
   */
  #sweep(): void {
    const horizon = this.#now() - 60 * 60 * 1000;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt < horizon) this.#entries.delete(key);
    }
  }
}
