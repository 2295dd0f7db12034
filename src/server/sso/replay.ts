/**
 * RFC 6749 §4.1.2: "If an authorization code is used more than once, the authorization server MUST
 * deny the request and SHOULD revoke (when possible) all tokens previously issued based on that
 * authorization code." A code that bought a token leaves a record under the code's hash for as long
 * as that token lives, holding the token sealed (AES-256-GCM) with a key derived from the code: a
 * replay brings the code, so it can open the record and revoke the token; a copy of the database
 * holds neither the code nor the token, and opens nothing.
 *
 * Two requests with one code may overlap: the first takes the code, the second finds it gone before
 * the first has written its record. So each side writes before it reads the other's mark (the
 * replay its `replayed-code`, the redemption its `redeemed-code`): whichever comes second sees the
 * first, and the token is revoked either way.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { GrantStore } from '../storage/index';

const keyOf = (code: string) =>
  createHash('sha256').update('sso redeemed code\u0000').update(code).digest();

function seal(code: string, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(code), iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function open(code: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length < 29) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(code), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * After `code` bought `accessToken`: remembers it until `expiresAt`. False when a replay of the
 * same code came in meanwhile; the token is then revoked already and must not be answered.
 */
export async function recordRedemption(
  grants: GrantStore,
  code: string,
  accessToken: string,
  expiresAt: number,
): Promise<boolean> {
  await grants.spend('redeemed-code', code, expiresAt, seal(code, accessToken));
  if (!(await grants.take('replayed-code', code))) return true;
  await grants.release('access', accessToken);
  return false;
}

/** A code that is no longer there was shown again: revokes what its first use bought, if anything. */
export async function revokeReplayed(
  grants: GrantStore,
  code: string,
  expiresAt: number,
): Promise<void> {
  await grants.spend('replayed-code', code, expiresAt);
  const record = await grants.take('redeemed-code', code);
  const token = open(code, record?.data);
  if (token !== undefined) await grants.release('access', token);
}
