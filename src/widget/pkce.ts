import { base64url, randomToken } from './random';

/**
 * PKCE (RFC 7636) for the REST fallback: Kakao's token endpoint accepts `code_verifier`, the JS SDK
 * path does not send a challenge. 32 random bytes give the 43-character verifier §4.1 recommends.
 */
export const createCodeVerifier = (): string => randomToken(32);

/** `BASE64URL(SHA256(ASCII(code_verifier)))`, RFC 7636 §4.2. */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
