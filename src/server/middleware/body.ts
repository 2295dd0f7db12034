/**
 * What the exchange endpoint accepts as a body: JSON, at most `maxBytes`. Both fail as 400
 * invalid_request with a message saying what was expected (the contract has no 413/415 codes).
 * Routes that answer in another shape (the identity provider's RFC 6749 errors) pass `tooLarge`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, Refusal } from '../errors';
import { headerOf } from '../request-headers';

export const bodyTooLarge = (maxBytes: number): ApiError =>
  new ApiError('invalid_request', `body too large: at most ${maxBytes} bytes`);

export function limitBody(options: {
  maxBytes: number;
  tooLarge?: () => Error;
}): MiddlewareHandler {
  const tooLarge = () => options.tooLarge?.() ?? bodyTooLarge(options.maxBytes);
  // Only for a body of unknown length (chunked): hono's limiter reads the stream with a cap, which
  // turns the request into a full WHATWG Request (the Node adapter's slow path).
  const streamed = bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return (c, next) => {
    if (!hasDeclaredLength(c, options.maxBytes, tooLarge)) return streamed(c, next);
    return next();
  };
}

/**
 * True when the body's length is declared (Content-Length, not chunked) and within `maxBytes`:
 * Node's parser never delivers more bytes than that, so the body can be read whole. Throws
 * `tooLarge()` when it declares more; false for a body of unknown length, to be read with a cap.
 */
export function hasDeclaredLength(c: Context, maxBytes: number, tooLarge: () => Error): boolean {
  return declaresLength(
    headerOf(c, 'content-length'),
    headerOf(c, 'transfer-encoding'),
    maxBytes,
    tooLarge,
  );
}

/** hasDeclaredLength over the two headers' values. */
export function declaresLength(
  contentLength: string | undefined,
  transferEncoding: string | undefined,
  maxBytes: number,
  tooLarge: () => Error,
): boolean {
  if (contentLength === undefined || transferEncoding !== undefined) return false;
  if (Number.parseInt(contentLength, 10) > maxBytes) throw tooLarge();
  return true;
}

/** The body as text, at most `maxBytes` of it: `tooLarge()` is thrown once more arrive. */
export async function readCapped(
  request: Request,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  const reader = request.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** `invalid_request` unless the media type is application/json; undefined when it is. */
export function jsonRefusal(contentType: string | undefined): Refusal | undefined {
  // What the widget and most clients send, taken without splitting and lowercasing a copy.
  if (contentType === 'application/json') return undefined;
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return undefined;
  return new Refusal('invalid_request', '"Content-Type" must be application/json');
}

/** Throws `invalid_request` unless the media type is application/json. */
export function refuseUnlessJson(contentType: string | undefined): void {
  const refusal = jsonRefusal(contentType);
  if (refusal) throw refusal.toError();
}

export function requireJson(): MiddlewareHandler {
  return (c, next) => {
    refuseUnlessJson(headerOf(c, 'content-type'));
    return next();
  };
}
