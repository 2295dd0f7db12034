/**
 * RFC 6749 plumbing for the identity provider: error bodies (§5.2), client authentication by HTTP
 * Basic or by body parameters (§2.3.1), and request bodies sent as form or JSON. The Cafe24 guide
 * shows both a form and a JSON request for its token and user-info calls (support.cafe24.com.ph,
 * "How do I set up Single Sign-on with other services?"), so both are accepted.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { SsoClient } from '../config';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'access_denied'
  | 'invalid_token'
  /** §4.1.2.1; also answered by the back-channel endpoints when rate limited or out of database. */
  | 'temporarily_unavailable';

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly status: 400 | 401 | 429 | 503 = 400,
    /** `WWW-Authenticate` value on 401s. */
    readonly challenge?: string,
    /** Seconds, sent as `Retry-After` (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

/** §5.1/§5.2: JSON, never cached. */
export function noStore(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
}

export function oauthErrorResponse(c: Context, error: OAuthError): Response {
  noStore(c);
  if (error.challenge) c.header('WWW-Authenticate', error.challenge);
  if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
  return c.json({ error: error.code, error_description: error.description }, error.status);
}

export type Params = Map<string, string>;

/**
 * Form (`application/x-www-form-urlencoded`) or JSON object; every value a string. A parameter
 * sent twice is an `invalid_request` (§3.1: "Request and response parameters MUST NOT be
 * included more than once").
 */
export async function readParams(c: Context): Promise<Params> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const text = await c.req.text();
  const params: Params = new Map();
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new OAuthError('invalid_request', 'the JSON body does not parse');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new OAuthError('invalid_request', 'the JSON body must be an object');
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') params.set(key, value);
      else if (typeof value === 'number') params.set(key, String(value));
      else if (value !== null && value !== undefined)
        throw new OAuthError('invalid_request', `"${key}" must be a string`);
    }
    return params;
  }
  if (type !== 'application/x-www-form-urlencoded' && text !== '')
    throw new OAuthError(
      'invalid_request',
      'send the body as application/x-www-form-urlencoded or application/json',
    );
  for (const [key, value] of new URLSearchParams(text)) {
    if (params.has(key)) throw new OAuthError('invalid_request', `"${key}" is repeated`);
    params.set(key, value);
  }
  return params;
}

const BASIC_CHALLENGE = 'Basic realm="sso", charset="UTF-8"';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** §2.3.1: values are form-encoded before Base64, so decode them after the split. */
export function readBasic(header: string): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const form = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
    return { id: form(decoded.slice(0, colon)), secret: form(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/**
 * The registered client the request authenticates as. `invalid_client` answers 401 with a Basic
 * challenge (§5.2: MUST when the client tried the Authorization header, MAY otherwise).
 */
export function authenticateClient(
  c: Context,
  params: Params,
  clients: readonly SsoClient[],
): SsoClient {
  const header = c.req.header('authorization');
  const bodySecret = params.get('client_secret');
  const fail = (description: string) =>
    new OAuthError('invalid_client', description, 401, BASIC_CHALLENGE);
  let id: string | undefined;
  let secret: string | undefined;
  if (header !== undefined) {
    if (bodySecret !== undefined)
      throw new OAuthError(
        'invalid_request',
        'authenticate with the Authorization header or client_secret, not both',
      );
    const basic = readBasic(header);
    if (!basic) throw fail('the Authorization header must be HTTP Basic client_id:client_secret');
    ({ id, secret } = basic);
    const bodyId = params.get('client_id');
    if (bodyId !== undefined && bodyId !== id)
      throw fail('client_id differs from the authenticated client');
  } else {
    id = params.get('client_id');
    secret = bodySecret;
    if (id === undefined || secret === undefined)
      throw fail(
        'client authentication is missing: send HTTP Basic or client_id and client_secret',
      );
  }
  const client = clients.find((candidate) => candidate.clientId === id);
  // Compare against something even for an unknown id, so timing does not tell ids apart.
  const matches = same(secret, client?.clientSecret ?? '\u0000'.repeat(secret.length + 1));
  if (!client || !matches) throw fail('unknown client or wrong client secret');
  return client;
}

/** §6750 2.1 / 2.2: a bearer token from `Authorization: Bearer`, or `access_token` in the body. */
export function bearerToken(c: Context, params: Params): string | undefined {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header) : null;
  return match?.[1] ?? params.get('access_token');
}
