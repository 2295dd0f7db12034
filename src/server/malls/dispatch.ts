/**
 * Which mall a request to /api/* or /sso/* is for, read from what the caller cannot choose for
 * another mall (docs/malls.md):
 * - the shopper's pages (/api/*, the hand-off): the store origin, `Origin`, or the hand-off's
 *   `back` page when the browser withheld `Origin`;
 * - the store's servers (/sso/authorize, token, tombstones): the SSO client's id, which the client
 *   then proves with its secret at the mall it named;
 * - /sso/userinfo: the client when it names itself, else the mall its bearer token was issued in.
 * Nothing matched: the environment's mall, which refuses the request as it always has.
 */
import type { Context } from 'hono';
import { headerOf } from '../request-headers';
import { readBasic } from '../sso/oauth';
import type { Storage } from '../storage/index';
import type { Mall, Malls } from './index';

/** The most of a body read to find a parameter (the SSO routes refuse larger bodies anyway). */
const PEEK_BYTES = 8192;

/** The request's form or JSON parameters, from a copy of at most PEEK_BYTES; {} otherwise. */
async function peekParams(request: Request): Promise<Record<string, string>> {
  if (request.method !== 'POST' || !request.body) return {};
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > PEEK_BYTES) return {};
  const reader = request.clone().body?.getReader();
  if (!reader) return {};
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= PEEK_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    return {}; // the body broke off: the mall's routes answer that
  } finally {
    // Not awaited: a tee'd copy's cancel settles only once the original is done with too.
    reader.cancel().catch(() => {});
  }
  if (size > PEEK_BYTES) return {};
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const params: Record<string, string> = {};
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {};
    }
    if (body && typeof body === 'object' && !Array.isArray(body))
      for (const [key, value] of Object.entries(body))
        if (typeof value === 'string') params[key] = value;
    return params;
  }
  for (const [key, value] of new URLSearchParams(text)) params[key] ??= value;
  return params;
}

const bearer = (header: string | undefined) =>
  header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header)?.[1] : undefined;

const originOf = (url: string | undefined) =>
  url && URL.canParse(url) ? new URL(url).origin : undefined;

/**
 * The mall of a shopper's page that sent `Origin: header` (/api/*); the default without one. At
 * once for the environment's own origins: only another origin needs the registry.
 */
export function mallOfOrigin(malls: Malls, header: string | undefined): Mall | Promise<Mall> {
  const origin = pageOrigin(header);
  if (origin === undefined) return malls.default;
  return malls.defaultFor(origin) ?? malls.byOrigin(origin).then((mall) => mall ?? malls.default);
}

/** `Origin` as a page's origin: absent, or `null` (an opaque origin), is none. */
const pageOrigin = (header: string | undefined) =>
  header && header !== 'null' ? header : undefined;

export async function mallOfRequest(c: Context, malls: Malls, storage: Storage): Promise<Mall> {
  const path = c.req.path;
  const header = headerOf(c, 'origin');
  if (!path.startsWith('/sso/')) return mallOfOrigin(malls, header);
  const origin = pageOrigin(header);
  let mall: Mall | undefined;
  if (path === '/sso/authorize') {
    const clientId = c.req.query('client_id');
    mall = clientId ? await malls.byClientId(clientId) : undefined;
  } else if (path === '/sso/handoff') {
    const back = origin ? undefined : originOf((await peekParams(c.req.raw)).back);
    const page = origin ?? back;
    mall = page ? await malls.byOrigin(page) : undefined;
  } else {
    const params = await peekParams(c.req.raw);
    const authorization = c.req.header('authorization');
    const clientId = (authorization ? readBasic(authorization)?.id : undefined) ?? params.client_id;
    if (clientId) mall = await malls.byClientId(clientId);
    else if (path === '/sso/userinfo') {
      const token = bearer(authorization) ?? params.access_token;
      const id = token ? await storage.mallOfGrant('access', token) : undefined;
      mall = id ? await malls.byId(id) : undefined;
    }
  }
  return mall ?? malls.default;
}
