/**
 * Kakao's OpenID Connect ID token, verified before its profile is trusted: RS256 signature against
 * Kakao's JWKS, `iss` = KAKAO_AUTH_URL, `aud` = the REST API key, `exp`, and `nonce` equal to the
 * one the widget generated for this attempt (which binds the token to the shopper's tab).
 * Docs: https://developers.kakao.com/docs/latest/ko/kakaologin/utilize#oidc (ID token checks),
 * https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation, docs/providers.md.
 */
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  type JWSHeaderParameters,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { joinDeadline } from './deadline';
import { ApiError } from './errors';
import type { Fetch } from './http';
import { KAKAO_JWKS_PATH } from './providers/kakao';

export interface IdTokenOptions {
  /** KAKAO_AUTH_URL: the issuer, and where the JWKS lives. */
  issuer: string;
  /** The REST API key: Kakao issues ID tokens to it. */
  audience: string;
  fetch: Fetch;
  timeoutMs: number;
  now: () => number;
}

/** `deadline`: the whole exchange's (deadline.ts); a key fetch it starts is aborted when it passes. */
export type IdTokenVerifier = (
  idToken: string,
  nonce: string | undefined,
  deadline?: AbortSignal,
) => Promise<JWTPayload>;

const invalid = (message: string, cause?: unknown) =>
  new ApiError('id_token_invalid', `Kakao ID token rejected: ${message}`, { cause });

/** One JWKS cache per verifier (so per app instance): keys are fetched once, refetched on rotation. */
export function createIdTokenVerifier(options: IdTokenOptions): IdTokenVerifier {
  const remote = createRemoteJWKSet(new URL(`${options.issuer}${KAKAO_JWKS_PATH}`), {
    timeoutDuration: options.timeoutMs,
    // Bounded by the deadline of the exchange that started it too (deadline.ts), not only by
    // jose's own timeout: jose calls this synchronously from `remote(header)` below.
    [customFetch]: (url, init) =>
      options.fetch(url, { ...init, signal: joinDeadline(init.signal, starting) ?? null }),
  });
  let starting: AbortSignal | undefined;
  // Fetching the keys is an upstream call: its failures are Kakao's, not the token's.
  const keys = async (header: JWSHeaderParameters, deadline: AbortSignal | undefined) => {
    try {
      starting = deadline;
      let pending: Promise<Awaited<ReturnType<typeof remote>>>;
      try {
        pending = remote(header);
      } finally {
        starting = undefined;
      }
      return await pending;
    } catch (cause) {
      if (deadline?.aborted) throw deadline.reason;
      if (cause instanceof errors.JWKSNoMatchingKey) throw cause;
      if (cause instanceof errors.JWKSTimeout) {
        throw new ApiError(
          'upstream_timeout',
          `Kakao (jwks) did not answer within ${options.timeoutMs} ms`,
          { cause },
        );
      }
      throw new ApiError('upstream_error', 'Kakao (jwks) answered with an unusable key set', {
        cause,
      });
    }
  };

  return async (idToken, nonce, deadline) => {
    // Without a nonce of our own, a token replayed from another login would pass every other check.
    if (!nonce) throw invalid('the request carried no nonce, but Kakao issued an ID token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, (header) => keys(header, deadline), {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: new Date(options.now()),
        clockTolerance: 30,
        // Fresh from the token endpoint: an old or future `iat` is not this login's token.
        maxTokenAge: '1 hour',
      }));
    } catch (cause) {
      throw cause instanceof ApiError ? cause : joseFailure(cause, options);
    }
    if (payload.nonce !== nonce) throw invalid('nonce does not match the one sent at login');
    return payload;
  };
}

function joseFailure(cause: unknown, options: IdTokenOptions): ApiError {
  if (cause instanceof errors.JWTExpired) return invalid('it has expired', cause);
  if (cause instanceof errors.JWTClaimValidationFailed) {
    switch (cause.claim) {
      case 'iss':
        return invalid(`issuer is not ${options.issuer}`, cause);
      case 'aud':
        return invalid("audience is not this app's REST API key", cause);
      case 'nbf':
      case 'iat':
        return invalid(`"${cause.claim}" is in the future`, cause);
      default:
        return invalid(`claim "${cause.claim}" is missing or invalid`, cause);
    }
  }
  if (cause instanceof errors.JWSSignatureVerificationFailed) {
    return invalid("signature does not verify with Kakao's published key", cause);
  }
  if (cause instanceof errors.JWKSNoMatchingKey) {
    return invalid("it is signed with a key Kakao's JWKS does not publish", cause);
  }
  if (cause instanceof errors.JOSEAlgNotAllowed) return invalid('algorithm must be RS256', cause);
  return invalid('it is not a well-formed signed JWT', cause);
}
