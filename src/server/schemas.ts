/** zod schemas for the shapes in src/contract.ts: what the backend accepts and answers. */
import { z } from 'zod';
import { type ExchangeRequest, PROVIDERS } from '../contract';

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** `state` and `nonce` are 128-bit random values, base64url: 22 characters. */
const opaque = z
  .string()
  .min(16, 'must be at least 16 characters')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url characters');

export const ExchangeRequestSchema = z.object({
  provider: z.enum(PROVIDERS),
  code: z.string().min(1, 'must not be empty').max(2048, 'must be at most 2048 characters'),
  state: opaque,
  redirectUri: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  nonce: opaque.optional(),
  /** RFC 7636: 43 to 128 unreserved characters. */
  codeVerifier: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be 43 to 128 unreserved characters (RFC 7636)')
    .optional(),
});

// The schema and the contract's type must describe the same body.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesContract: Same<z.infer<typeof ExchangeRequestSchema>, ExchangeRequest> = true;
void schemaMatchesContract;

/**
 * A failed parse's issues. Zod builds its error (an Error, with a stack) on first read; the stack is
 * never used and capturing it was a large part of answering a 400 (docs/benchmarks.md).
 */
export function issuesOf(failure: { error: z.ZodError }): z.core.$ZodIssue[] {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return failure.error.issues;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
