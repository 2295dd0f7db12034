/**
 * The one error class the backend answers with, and the app-wide mapping of anything thrown to the
 * contract's `{error:{code,message}}` body (docs/backend.md "HTTP API"). Unknown errors become a
 * generic 500: their messages may carry internals, so they are logged, never sent.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { API_ERROR_STATUS, type ApiErrorCode, type BlockReason, type ErrorBody } from '../contract';
import type { Logger } from './logger';
import { note } from './request-notes';
import { isStorageUnavailable } from './storage/sql';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: (typeof API_ERROR_STATUS)[ApiErrorCode];
  /** Seconds, sent as `Retry-After` (rate_limited). */
  readonly retryAfter?: number;
  /** Which store rule refused the shopper (login_blocked), sent as `error.reason`. */
  readonly blockReason?: BlockReason;
  /** The provider's own error code (`KOE010`, `invalid_client`), sent as `error.providerCode`. */
  readonly providerCode?: string;
  /** One line: what the merchant does about it, sent as `error.hint`. */
  readonly hint?: string;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    options: {
      cause?: unknown;
      retryAfter?: number;
      reason?: BlockReason;
      providerCode?: string | undefined;
      hint?: string;
    } = {},
  ) {
    // An answer, not a crash: its stack is never logged or sent, and capturing one was most of the
    // cost of a refused request (docs/benchmarks.md).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, { cause: options.cause });
    Error.stackTraceLimit = stackTraceLimit;
    this.status = API_ERROR_STATUS[code];
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
    if (options.reason !== undefined) this.blockReason = options.reason;
    if (options.providerCode !== undefined) this.providerCode = options.providerCode;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

/** What an error answer is made of: an ApiError, or a Refusal answered without throwing one. */
export interface ErrorAnswerSource {
  readonly code: ApiErrorCode;
  readonly status: (typeof API_ERROR_STATUS)[ApiErrorCode];
  readonly message: string;
  readonly retryAfter?: number;
  readonly blockReason?: BlockReason;
  readonly providerCode?: string;
  readonly hint?: string;
}

/**
 * A request refused on the busiest path (the exchange's origin, media type and body checks),
 * returned rather than thrown: an Error subclass built and thrown there cost a refused exchange
 * more than the rest of its checks together (docs/benchmarks.md). Answered exactly as the
 * ApiError of the same code and message.
 */
export class Refusal implements ErrorAnswerSource {
  readonly status: (typeof API_ERROR_STATUS)[ApiErrorCode];
  constructor(
    readonly code: ApiErrorCode,
    readonly message: string,
  ) {
    this.status = API_ERROR_STATUS[code];
  }
  /** The same refusal for a caller that throws (the other routes' middleware). */
  toError(): ApiError {
    return new ApiError(this.code, this.message);
  }
}

/** The contract's error body for `error` (docs/backend.md "HTTP API"). */
export function errorBody(error: ErrorAnswerSource): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.blockReason ? { reason: error.blockReason } : {}),
      ...(error.providerCode ? { providerCode: error.providerCode } : {}),
      ...(error.hint ? { hint: error.hint } : {}),
    },
  };
}

/**
 * The headers an error answer carries besides its body, added to `headers`: `Retry-After`, exposed
 * to the store's page (CORS hides it otherwise) so the widget can say when to try again.
 */
export function errorHeaders(
  error: ErrorAnswerSource,
  headers: Record<string, string> = {},
): Record<string, string> {
  if (error.retryAfter !== undefined) {
    headers['Retry-After'] = String(error.retryAfter);
    headers['Access-Control-Expose-Headers'] = 'Retry-After';
  }
  return headers;
}

export function errorResponse(c: Context, error: ApiError): Response {
  note(c, { code: error.code });
  return c.json(errorBody(error), error.status, errorHeaders(error));
}

/** What toApiError needs to know of the request being answered, whichever server received it. */
export interface AnsweredRequest {
  method: string;
  path: string;
  /** True once the client has closed the connection (read only when an error needs it). */
  clientGone(): boolean;
}

/** A Hono request as toApiError sees it. */
export const answeredRequest = (c: Context): AnsweredRequest => ({
  method: c.req.method,
  path: c.req.path,
  // The Node adapter aborts the request's signal on a premature close.
  clientGone: () => c.req.raw.signal?.aborted === true,
});

/**
 * What anything thrown while answering a request is answered as, logged as it deserves: an ApiError as
 * it is (a warning when it is the backend's or a provider's fault), the database away as 503, a
 * client gone mid-upload as 400 (information, not an error), anything else as a logged 500.
 */
export function toApiError(error: Error, request: AnsweredRequest, logger: Logger): ApiError {
  if (error instanceof ApiError) {
    if (error.status >= 500) {
      logger.warn(`${error.code}: ${error.message}`, {
        cause: describeCause(error.cause),
        ...(error.providerCode ? { providerCode: error.providerCode } : {}),
      });
    }
    return error;
  }
  if (isStorageUnavailable(error)) {
    logger.warn('service_unavailable: the database cannot be reached', {
      cause: describeCause(error),
    });
    return new ApiError(
      'service_unavailable',
      'the login backend cannot reach its database; try again in a few seconds',
      { retryAfter: 5 },
    );
  }
  if (isClientAbort(error, request)) {
    // The client went away mid-upload (a closed tab, a lost signal): nothing failed here, and
    // nobody will read the answer. Logged as such, answered 400, never counted as an error.
    logger.info('client closed the connection before its request body arrived', {
      method: request.method,
      path: request.path,
    });
    return new ApiError('invalid_request', 'the request body was not completely received');
  }
  logger.error('unhandled error', { error: describeCause(error) });
  return new ApiError('internal_error', 'the login backend failed; try again');
}

export function onError(logger: Logger): ErrorHandler {
  return (error, c) => errorResponse(c, toApiError(error, answeredRequest(c), logger));
}

export const notFound: NotFoundHandler = (c) =>
  errorResponse(c, new ApiError('not_found', `no route for ${c.req.method} ${c.req.path}`));

/**
 * Reading the body failed because the client closed the connection: the server saw it go, and
 * Node's own error is `aborted`/ECONNRESET.
 */
function isClientAbort(error: Error, request: AnsweredRequest): boolean {
  if (request.clientGone()) return true;
  return error.message === 'aborted' && (error as { code?: unknown }).code === 'ECONNRESET';
}

/** Name and message only: stacks stay out of logs too, and the logger redacts secrets. */
function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return typeof cause;
}
