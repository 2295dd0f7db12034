/**
 * `POST /api/exchange` (docs/backend.md "HTTP API"; ARCHITECTURE.md, steps 4–5 of a login): the widget brings the
 * code it got on the store's redirect page; we trade it for tokens with the provider's secret,
 * verify Kakao's ID token, read the profile and resolve the member.
 * Origin, rate, size and content type are checked first, in exchangeEndpoint.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import {
  type ExchangeRequest,
  type ExchangeResponse,
  PROVIDERS,
  type Provider,
  type ShopperProfile,
} from '../../contract';
import { withDeadline } from '../deadline';
import {
  type AnsweredRequest,
  ApiError,
  answeredRequest,
  type ErrorAnswerSource,
  errorBody,
  errorHeaders,
  Refusal,
  toApiError,
} from '../errors';
import type { IdTokenVerifier } from '../id-token';
import type { Logger } from '../logger';
import type { MemberStore } from '../members';
import { bodyTooLarge, declaresLength, jsonRefusal, readCapped } from '../middleware/body';
import { corsHeaders } from '../middleware/cors';
import { isAllowedRedirectUri, originRefusal } from '../middleware/origin';
import { type Client, clientOf, type RateCheck } from '../middleware/rate-limit';
import type { ProviderClient } from '../providers/provider';
import { note, type RequestNotes } from '../request-notes';
import { assertSocialLoginAllowed, type StoreRules } from '../rules';
import { ExchangeRequestSchema, issuesOf } from '../schemas';
import type { TicketIssuer } from '../sso/tickets';

/**
 * The most a whole exchange may take: both provider calls (and Kakao's keys), the member check and
 * the Cafe24 app's calls together. Below the widget's own limit (EXCHANGE_TIMEOUT_MS, 15 s, in
 * src/widget/exchange.ts) by enough for the answer to travel back over a slow mobile network, so
 * the shopper sees the backend's `upstream_timeout` and its retry rather than a network error.
 */
export const EXCHANGE_DEADLINE_MS = 12_000;

export interface ExchangeOptions {
  providers: Partial<Record<Provider, ProviderClient>>;
  verifyIdToken: IdTokenVerifier | undefined;
  memberStore: MemberStore;
  allowedOrigins: readonly string[];
  /** Store rules (rules.ts): checked before the provider is called. */
  storeRules?: StoreRules;
  /** Set when the store completes logins through its SSO (Cafe24): the answer carries a ticket. */
  issueTicket?: TicketIssuer;
  /**
   * Run for a returning shopper, with the request's Origin: the Cafe24 app's deleted-member check
   * (cafe24/member-check.ts) throws `login_blocked` when the store deleted the member.
   */
  checkMember?: (user: ShopperProfile, origin: string | undefined) => Promise<void>;
  /**
   * On a store with the Cafe24 app: the welcome pass for this shopper and the request's Origin
   * (cafe24/welcome.ts), or undefined when the origin belongs to no installed mall.
   */
  issueWelcome?: (
    provider: Provider,
    user: ShopperProfile,
    origin: string | undefined,
  ) => Promise<string | undefined>;
  /** Default EXCHANGE_DEADLINE_MS. */
  deadlineMs?: number;
}

const deadlinePassed = (ms: number) =>
  new ApiError(
    'upstream_timeout',
    `the login did not complete within ${ms} ms: a provider or the store answered too slowly; try again`,
    {
      hint: 'Check the backend can reach Kakao, Naver and Cafe24 quickly (outbound network, firewall, DNS); UPSTREAM_TIMEOUT_MS bounds each call, this deadline the whole login.',
    },
  );

/** What POST /api/exchange checks for one mall before the exchange itself, in this order. */
export interface ExchangeGuards {
  /** The mall's ALLOWED_ORIGINS: the request's `Origin` must be one of them. */
  allowedOrigins: ReadonlySet<string>;
  /** The client's bucket; undefined when rate limiting is off. */
  rate: RateCheck | undefined;
  maxBodyBytes: number;
}

export interface MallExchange {
  guards: ExchangeGuards;
  options: ExchangeOptions;
}

export interface ExchangeEndpointDeps {
  /**
   * The exchange of the mall whose page sent `Origin: origin` (malls/dispatch.ts); at once when no
   * registry read is needed.
   */
  mallOf: (origin: string | undefined) => Promise<MallExchange> | MallExchange;
  /** The request's Origin when it may read the answer (middleware/cors.ts). */
  corsOrigin: (origin: string | undefined) => Promise<string | undefined> | string | undefined;
  logger: Logger;
}

/** A request to POST /api/exchange as the endpoint reads it, whichever server received it. */
export interface ExchangeCall extends Client, AnsweredRequest {
  /**
   * The body as text (UTF-8, a leading byte order mark dropped). `declared`: its length was
   * declared within `maxBytes`, so the parser delivers no more; else `tooLarge()` is thrown once
   * more than `maxBytes` arrive.
   */
  text(declared: boolean, maxBytes: number, tooLarge: () => Error): Promise<string>;
}

/** The endpoint's answer: a JSON body, its headers as a plain object, and what the log line notes. */
export interface ExchangeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  notes: RequestNotes;
}

export type ExchangeEndpoint = (call: ExchangeCall) => Promise<ExchangeAnswer>;

/**
 * The whole endpoint as one function: who is asking first (a page that may not call us cannot
 * drain a shopper's bucket), then the rate, then what they sent, then the exchange. One function
 * rather than a chain of middleware and a second app per mall because this is the path every
 * login takes: each layer cost microseconds a request (docs/benchmarks.md). It answers through
 * the Hono app (exchangeRoute) and through the Node server's own routes (node-routes.ts) alike;
 * its answers, errors included, carry the CORS headers themselves.
 */
export function exchangeEndpoint(deps: ExchangeEndpointDeps): ExchangeEndpoint {
  return async (call) => {
    const origin = call.header('origin');
    const notes: RequestNotes = {};
    let allowOrigin: string | undefined;
    try {
      // Both are awaited only when they have to read the registry of malls.
      const allowed = deps.corsOrigin(origin);
      allowOrigin = allowed instanceof Promise ? await allowed : allowed;
      const mall = deps.mallOf(origin);
      const { guards, options } = mall instanceof Promise ? await mall : mall;
      const foreign = originRefusal(guards.allowedOrigins, origin);
      if (foreign) return errorAnswer(foreign, allowOrigin, notes);
      if (guards.rate) await guards.rate(call);
      const tooLarge = () => bodyTooLarge(guards.maxBodyBytes);
      const declared = declaresLength(
        call.header('content-length'),
        call.header('transfer-encoding'),
        guards.maxBodyBytes,
        tooLarge,
      );
      const notJson = jsonRefusal(call.header('content-type'));
      if (notJson) return errorAnswer(notJson, allowOrigin, notes);
      const request = readExchangeRequest(await call.text(declared, guards.maxBodyBytes, tooLarge));
      if (request instanceof Refusal) return errorAnswer(request, allowOrigin, notes);
      notes.provider = request.provider;
      const deadlineMs = options.deadlineMs ?? EXCHANGE_DEADLINE_MS;
      const response = await withDeadline(
        deadlineMs,
        () => deadlinePassed(deadlineMs),
        (deadline) => exchange(options, request, origin, deadline),
      );
      const headers = answerHeaders(allowOrigin);
      // The shopper's profile and one-time ticket and pass: no cache may keep them (RFC 9111 §5.2.2.5).
      headers['Cache-Control'] = 'no-store';
      return { status: 200, headers, body: JSON.stringify(response), notes };
    } catch (thrown) {
      return errorAnswer(toApiError(thrown as Error, call, deps.logger), allowOrigin, notes);
    }
  };
}

function errorAnswer(
  error: ErrorAnswerSource,
  allowOrigin: string | undefined,
  notes: RequestNotes,
): ExchangeAnswer {
  notes.code = error.code;
  const headers = errorHeaders(error, answerHeaders(allowOrigin));
  return { status: error.status, headers, body: JSON.stringify(errorBody(error)), notes };
}

/** A JSON answer's headers, a fresh object each time: its server adds to it (node-routes.ts). */
const answerHeaders = (allowOrigin: string | undefined) =>
  corsHeaders(allowOrigin, { 'Content-Type': 'application/json' });

/** The endpoint in the Hono app: for other runtimes, and on Node for what node-routes.ts passes on. */
export function exchangeRoute(endpoint: ExchangeEndpoint) {
  return async (c: Context): Promise<Response> => {
    const answer = await endpoint({
      ...clientOf(c),
      ...answeredRequest(c),
      text: (declared, maxBytes, tooLarge) =>
        declared ? c.req.text() : readCapped(c.req.raw, maxBytes, tooLarge),
    });
    note(c, answer.notes);
    // Headers as a plain object: the Node adapter writes those directly.
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}

async function exchange(
  options: ExchangeOptions,
  request: ExchangeRequest,
  origin: string | undefined,
  deadline: AbortSignal,
): Promise<ExchangeResponse> {
  if (options.storeRules) assertSocialLoginAllowed(options.storeRules);
  if (!isAllowedRedirectUri(options.allowedOrigins, request.redirectUri)) {
    throw new ApiError('origin_not_allowed', '"redirectUri" must be on one of ALLOWED_ORIGINS');
  }
  const provider = options.providers[request.provider];
  if (!provider) {
    throw new ApiError(
      'unsupported_provider',
      `"${request.provider}" login is not configured on this backend`,
    );
  }

  const tokens = await provider.exchange(
    {
      code: request.code,
      redirectUri: request.redirectUri,
      state: request.state,
      ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}),
    },
    deadline,
  );
  let subject: string | undefined;
  if (tokens.idToken) {
    if (!options.verifyIdToken) throw new ApiError('id_token_invalid', 'unexpected ID token');
    subject = (await options.verifyIdToken(tokens.idToken, request.nonce, deadline)).sub;
  }
  const user = await provider.profile(tokens.accessToken, deadline);
  if (subject !== undefined && subject !== user.providerUserId) {
    throw new ApiError(
      'id_token_invalid',
      "Kakao ID token rejected: its subject is not the profile's user",
    );
  }
  const status = await options.memberStore.resolve(user);
  if (status === 'existing') await options.checkMember?.(user, origin);
  // requireAllowedOrigin ran before: the Origin is one of ALLOWED_ORIGINS.
  const ticket = origin ? await options.issueTicket?.(request.provider, user, origin) : undefined;
  const welcome = await options.issueWelcome?.(request.provider, user, origin);
  return {
    provider: request.provider,
    user,
    member: { status },
    ...(ticket ? { ticket } : {}),
    ...(welcome ? { welcome } : {}),
  };
}

/** The exchange request in `text`, or why it is refused (`invalid_request`), never thrown. */
export function readExchangeRequest(text: string): ExchangeRequest | Refusal {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Refusal('invalid_request', 'body must be a JSON object');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return new Refusal('invalid_request', 'body must be a JSON object');
  }
  const problems = problemsOf(body);
  if (problems) return new Refusal('invalid_request', problems);
  // Every field passed its own schema: this is the typed, stripped body.
  const parsed = ExchangeRequestSchema.safeParse(body);
  if (!parsed.success) {
    return new Refusal('invalid_request', describeIssues(issuesOf(parsed), body));
  }
  return parsed.data;
}

const FIELDS = Object.entries(ExchangeRequestSchema.shape);
const REQUIRED = new Set(
  FIELDS.filter(([, schema]) => !schema.safeParse(undefined).success).map(([field]) => field),
);

/**
 * What `describeIssues` says of the whole body's issues, field by field with each field's own
 * schema, in the schema's order; undefined when every field is fine. A field that is simply
 * missing costs no zod issue: building those was most of the cost of a refused exchange
 * (docs/benchmarks.md). test/server/exchange-parse.test.ts holds it to the object schema.
 */
export function problemsOf(body: object): string | undefined {
  // Joined as it goes: an array and its join cost more than the few parts there can be.
  let problems: string | undefined;
  for (const [field, schema] of FIELDS) {
    let part: string | undefined;
    if (!(field in body)) {
      if (REQUIRED.has(field)) part = `"${field}" is required`;
    } else {
      const result = schema.safeParse(Reflect.get(body, field));
      const [issue] = result.success ? [] : issuesOf(result);
      if (issue) part = `"${field}" ${describeIssue(issue, field, body)}`;
    }
    if (part !== undefined) problems = problems === undefined ? part : `${problems}; ${part}`;
  }
  return problems;
}

/** `"redirectUri" must be an http(s) URL; "state" is required`: every field named, in order. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], body: object): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    parts.push(`"${field}" ${describeIssue(issue, field, body)}`);
  }
  return parts.join('; ');
}

function describeIssue(issue: z.core.$ZodIssue, field: string, body: object): string {
  if (!(field in body)) return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      return `must be a ${issue.expected}`;
    case 'invalid_value':
      return field === 'provider'
        ? `must be one of ${PROVIDERS.join(', ')}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}
