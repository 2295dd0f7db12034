/**
 * PKCE (RFC 7636) at the identity provider, held to RFC 9700 §2.1.1: a code issued for a
 * `code_challenge` is traded only with its `code_verifier`, and a `code_verifier` brought for a code
 * issued without a challenge is refused too (otherwise an attacker who strips the challenge from
 * the authorization request downgrades the flow unnoticed).
 *
 * Only `S256`: RFC 7636 §4.2 makes it the method every server implements, and `plain` protects
 * nothing once the authorization request leaks. A request naming another method, or none (which
 * §4.3 reads as `plain`), is an `invalid_request` (§4.4.1).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** §4.2: BASE64URL(SHA-256(verifier)) is always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export type ChallengeRequest =
  | { ok: true; challenge: string | undefined }
  | { ok: false; description: string };

/** The authorization request's PKCE parameters: the challenge to keep with the code, if any. */
export function readChallenge(
  challenge: string | undefined,
  method: string | undefined,
): ChallengeRequest {
  if (challenge === undefined) {
    return method === undefined
      ? { ok: true, challenge: undefined }
      : { ok: false, description: 'code_challenge_method was sent without code_challenge' };
  }
  if (method !== 'S256')
    return { ok: false, description: 'code_challenge_method must be S256 (plain is not accepted)' };
  if (!S256_CHALLENGE.test(challenge))
    return {
      ok: false,
      description: 'code_challenge must be 43 base64url characters (SHA-256 of the verifier)',
    };
  return { ok: true, challenge };
}

/**
 * Why the token request's `code_verifier` does not fit the code, or undefined when it does. Every
 * answer is `invalid_grant` for the caller (§4.6): the code cannot be used.
 */
export function verifierProblem(
  challenge: string | undefined,
  verifier: string | undefined,
): string | undefined {
  if (challenge === undefined)
    return verifier === undefined
      ? undefined
      : 'code_verifier was sent, but the authorization request had no code_challenge';
  if (verifier === undefined)
    return 'code_verifier is required: the authorization request had a code_challenge';
  if (!VERIFIER.test(verifier))
    return 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~';
  const derived = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return derived.length === expected.length && timingSafeEqual(derived, expected)
    ? undefined
    : 'code_verifier does not match the code_challenge';
}
