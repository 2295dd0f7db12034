/**
 * Cafe24 tokens at rest (issue 4 item 5/6 review): AES-256-GCM (node:crypto) with a key derived
 * from SESSION_SECRET by HKDF-SHA256 (RFC 5869), so a copy of the SQLite file alone opens no
 * store's Admin API. A sealed value is `v1.` + base64url(iv 12 bytes | tag 16 bytes | ciphertext);
 * anything without the prefix is a row written before encryption (migrated at start, token-store).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'v1.';

export interface Sealer {
  seal(plain: string): string;
  /** The plaintext, or undefined when the value was sealed with another key or altered. */
  open(sealed: string): string | undefined;
}

export const isSealed = (value: string) => value.startsWith(PREFIX);

export function tokenSealer(sessionSecret: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, '', 'cafe24-tokens/v1', 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      if (!isSealed(sealed)) return undefined;
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      if (raw.length < 28) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      }
    },
  };
}
