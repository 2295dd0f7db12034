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
  return bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw (
        options.tooLarge?.() ??
        new ApiError('invalid_request', `body too large: at most ${options.maxBytes} bytes`)
      );
    },
  });
}

export function requireJson(): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    const mediaType = type.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw new ApiError('invalid_request', '"Content-Type" must be application/json');
    }
    await next();
  };
}
