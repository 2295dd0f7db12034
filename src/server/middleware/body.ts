/**
 * What the exchange endpoint accepts as a body: JSON, at most `maxBytes`. Both fail as 400
 * invalid_request with a message saying what was expected (the contract has no 413/415 codes).
 * Routes that answer in another shape (the identity provider's RFC 6749 errors) pass `tooLarge`.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors';

export function limitBody(options: {
  maxBytes: number;
  tooLarge?: () => Error;
}): MiddlewareHandler {
  const tooLarge = () =>
    options.tooLarge?.() ??
    new ApiError('invalid_request', `body too large: at most ${options.maxBytes} bytes`);
  // Only for a body of unknown length (chunked): hono's limiter reads the stream with a cap, which
  // turns the request into a full WHATWG Request (the Node adapter's slow path).
  const streamed = bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return (c, next) => {
    const length = c.req.header('content-length');
    // With Content-Length, Node's parser never delivers more bytes than it declares.
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > options.maxBytes) throw tooLarge();
      return next();
    }
    return streamed(c, next);
  };
}

export function requireJson(): MiddlewareHandler {
  return (c, next) => {
    const type = c.req.header('content-type') ?? '';
    const mediaType = type.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw new ApiError('invalid_request', '"Content-Type" must be application/json');
    }
    return next();
  };
}
