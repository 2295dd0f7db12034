/**
 * Secrets at rest: AES-256-GCM (node:crypto) with a key derived from SESSION_SECRET by
 * HKDF-SHA256 (RFC 5869), one key per purpose, so a copy of the database alone opens no store's
 * Admin API (the Cafe24 app's tokens) nor any mall's provider or SSO secrets (malls/registry.ts).
 * A sealed value is `v1.` + base64url(iv 12 bytes | tag 16 bytes | ciphertext).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'v1.';

export interface Sealer {
  seal(plain: string): string;
  /** The plaintext, or undefined when the value was sealed with another key or altered. */
  open(sealed: string): string | undefined;
}

export const isSealed = (value: string) => value.startsWith(PREFIX);

/** `purpose` names what is sealed (`cafe24-tokens/v1`, `malls/v1`): each gets its own key. */
export function sealer(sessionSecret: string, purpose: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, '', purpose, 32));
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
