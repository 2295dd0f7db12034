/**
 * The exchange body is checked field by field (routes/exchange.ts `problemsOf`, the fast way to
 * refuse), and must say exactly what the whole zod object schema says: the same fields, the same
 * words, the same order, and nothing when the body is fine. Property-based over bodies built from
 * valid values, near misses and wrong types. Reading a body returns its refusal rather than throwing
 * one (the refused exchange is the endpoint's busiest answer), in words the same as the schema's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS, type ApiErrorCode } from '../../src/contract';
import { ApiError, errorBody, errorHeaders, Refusal } from '../../src/server/errors';
import { describeIssues, problemsOf, readExchangeRequest } from '../../src/server/routes/exchange';
import { ExchangeRequestSchema, issuesOf } from '../../src/server/schemas';

const text = (min: number, max: number, chars: string) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max });
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const anyValue = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, '', ' ', [], {}, ['kakao']),
  fc.string({ maxLength: 40 }),
);
const fields = {
  provider: fc.oneof(fc.constantFrom('kakao', 'naver', 'google', 'KAKAO'), anyValue),
  code: fc.oneof(text(1, 30, 'abc-_'), fc.constant('x'.repeat(2049)), anyValue),
  state: fc.oneof(text(10, 40, B64URL), text(16, 30, `${B64URL}!+/=`), anyValue),
  redirectUri: fc.oneof(
    fc.constantFrom(
      'https://shop.example.com/member/login.html',
      'http://localhost:5173/cb',
      ' https://shop.example.com/x ',
      'ftp://shop.example.com/',
      'javascript:alert(1)',
      'https://',
      'not a url',
    ),
    anyValue,
  ),
  nonce: fc.oneof(text(14, 30, B64URL), anyValue),
  codeVerifier: fc.oneof(text(40, 50, `${B64URL}.~`), anyValue),
  extra: anyValue,
  ['__proto__']: fc.constant({ code: 'from-prototype' }),
};
const bodies = fc.record(fields, { requiredKeys: [] }).map((body) => {
  // As JSON.parse makes it: "__proto__" an own key, not the prototype.
  return JSON.parse(JSON.stringify(body)) as object;
});

function viaSchema(body: object): string | undefined {
  const parsed = ExchangeRequestSchema.safeParse(body);
  return parsed.success ? undefined : describeIssues(issuesOf(parsed), body);
}

describe('refusing an exchange body field by field', () => {
  it('says what the whole schema says, for every body', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        expect(problemsOf(body)).toBe(viaSchema(body));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    [{ provider: 'naver' }, '"code" is required; "state" is required; "redirectUri" is required'],
    [
      {},
      '"provider" is required; "code" is required; "state" is required; "redirectUri" is required',
    ],
    [
      { provider: 'line', code: '', state: 'short', redirectUri: 'ftp://x', nonce: 1 },
      '"provider" must be one of kakao, naver; "code" must not be empty; "state" must be at least 16 characters; "redirectUri" must be an http(s) URL; "nonce" must be a string',
    ],
  ])('names every field of %o', (body, message) => {
    expect(problemsOf(body)).toBe(message);
    expect(viaSchema(body)).toBe(message);
  });
});

/** What reading `text` gives, by JSON.parse and the whole object schema. */
function expectedRead(text: string): unknown {
  const notAnObject = new Refusal('invalid_request', 'body must be a JSON object');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return notAnObject;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return notAnObject;
  const problems = viaSchema(body);
  return problems ? new Refusal('invalid_request', problems) : ExchangeRequestSchema.parse(body);
}

describe('reading an exchange body', () => {
  it('returns the request, or its refusal with the same words, and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bodies.map((body) => JSON.stringify(body)),
          fc.string({ maxLength: 60 }),
          fc.constantFrom('', 'null', '[]', '"x"', '1', '{', '\uFEFF{}'),
        ),
        (text) => {
          expect(readExchangeRequest(text)).toStrictEqual(expectedRead(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('answers a refusal exactly as the ApiError of the same code and message', () => {
    for (const code of Object.keys(API_ERROR_STATUS) as ApiErrorCode[]) {
      const refusal = new Refusal(code, `refused: ${code}`);
      const error = new ApiError(code, `refused: ${code}`);
      expect(refusal.status).toBe(error.status);
      expect(errorBody(refusal)).toEqual(errorBody(error));
      expect(errorHeaders(refusal, {})).toEqual(errorHeaders(error, {}));
    }
  });
});
