/**
 * What the exchange endpoint accepts as a body: JSON, at most `maxBytes`. Both fail as 400
 * invalid_request with a message saying what was expected (the contract has no 413/415 codes).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors';

export function limitBody(options: { maxBytes: number }): MiddlewareHandler {
  // Only for a body of unknown length (chunked): hono's limiter reads the stream with a cap, which
  // turns the request into a full WHATWG Request (the Node adapter's slow path).
  const streamed = bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw tooLarge(options.maxBytes);
    },
  });
  return (c, next) => {
    const length = c.req.header('content-length');
    // With Content-Length, Node's parser never delivers more bytes than it declares.
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > options.maxBytes) throw tooLarge(options.maxBytes);
      return next();
    }
    return streamed(c, next);
  };
}

const tooLarge = (maxBytes: number) =>
  new ApiError('invalid_request', `body too large: at most ${maxBytes} bytes`);

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
