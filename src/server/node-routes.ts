/**
 * `GET /healthz` and `POST /api/exchange` answered with Node's own request and response objects,
 * before the Hono app's adapter builds WHATWG ones: a load balancer probes the first every few
 * seconds, and every login (and every script that tries the login endpoint) takes the second.
 * The same endpoint function (routes/exchange.ts) answers through the Hono app on other
 * runtimes; what is answered here, its log line and its metrics are the same as through the app
 * (test/server/node-routes.test.ts). Anything this does not recognise exactly, by method, target
 * and Host, goes to the app, which checks the request line as it always has.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, toApiError } from './errors';
import type { Logger } from './logger';
import { recordRequest } from './logger';
import type { Metrics } from './metrics';
import { rawHeader } from './request-headers';
import type { ExchangeAnswer, ExchangeCall, ExchangeEndpoint } from './routes/exchange';
import { healthBody } from './routes/health';

/** Answers the request and returns true, or returns false and leaves it to the app. */
export type NodeRoutes = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface NodeRoutesDeps {
  exchange: ExchangeEndpoint;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
}

/** The Host values the Node adapter takes as they are (its own check, hono/node-server url.ts). */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

export function nodeRoutes(deps: NodeRoutesDeps): NodeRoutes {
  const now = deps.now ?? (() => performance.now());
  const { logger, metrics } = deps;
  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    start: number,
    route: string,
    { status, headers, body, notes }: ExchangeAnswer,
  ) => {
    headers['Content-Length'] = String(Buffer.byteLength(body));
    res.writeHead(status, headers);
    res.end(body);
    recordRequest(logger, metrics, {
      method: req.method ?? '',
      route,
      status,
      durationMs: now() - start,
      givenRequestId: rawHeader(req.rawHeaders, 'x-request-id'),
      code: notes.code,
      provider: notes.provider,
    });
  };

  let plainHost: string | undefined;
  return (req, res) => {
    const { url, method } = req;
    if (url !== '/api/exchange' && url !== '/healthz') return false;
    const host = req.headers.host;
    if (host === undefined) return false;
    // The Host a server is reached by is nearly always the one it was just reached by.
    if (host !== plainHost) {
      if (!PLAIN_HOST.test(host)) return false;
      plainHost = host;
    }
    const start = now();
    if (url === '/healthz') {
      if (method !== 'GET') return false;
      answer(req, res, start, url, healthy());
      return true;
    }
    if (method !== 'POST') return false;
    const call = new NodeExchangeCall(req);
    deps
      .exchange(call)
      .then((answered) => {
        answer(req, res, start, url, answered);
        // Answered before its body was read whole: the rest is dropped, within bounds.
        if (!req.readableEnded) res.once('finish', () => discardRest(req));
      })
      // The endpoint answers every error itself: this is a bug's last resort, never a hang.
      .catch((thrown: unknown) => {
        const error = toApiError(thrown as Error, call, logger);
        if (res.headersSent) return void res.destroy();
        const headers = { 'Content-Type': 'application/json' };
        const body = JSON.stringify(errorBody(error));
        const notes = { code: error.code };
        answer(req, res, start, url, { status: error.status, headers, body, notes });
      });
    return true;
  };
}

const HEALTHY_BODY = JSON.stringify(healthBody);
/** A fresh answer each time: its headers get the body's length. */
const healthy = (): ExchangeAnswer => ({
  status: 200,
  headers: { 'Content-Type': 'application/json' },
  body: HEALTHY_BODY,
  notes: {},
});

/** The exchange's view of a Node request (a class: no closures made per request). */
class NodeExchangeCall implements ExchangeCall {
  readonly method = 'POST';
  readonly path = '/api/exchange';
  constructor(private readonly req: IncomingMessage) {}
  header(name: string): string | undefined {
    return rawHeader(this.req.rawHeaders, name);
  }
  peer(): string | undefined {
    return this.req.socket.remoteAddress;
  }
  clientGone(): boolean {
    return this.req.destroyed || this.req.socket.destroyed;
  }
  text(declared: boolean, maxBytes: number, tooLarge: () => Error): Promise<string> {
    return readBody(this.req, declared ? undefined : maxBytes, tooLarge);
  }
}

/** As the Node adapter does (hono/node-server drainIncoming): at most this long and this much. */
const DISCARD_MS = 500;
const DISCARD_BYTES = 64 * 2 ** 20;

/**
 * A body answered before it was read (refused, or over the cap) is read and dropped for a short
 * while, so the client reads its answer rather than a reset, then the connection is let go.
 */
function discardRest(req: IncomingMessage): void {
  if (req.readableEnded || req.destroyed) return;
  let read = 0;
  const letGo = () => {
    clearTimeout(timer);
    req.off('data', onData);
    if (!req.socket.destroyed) req.socket.destroySoon();
  };
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (read > DISCARD_BYTES) letGo();
  };
  const timer = setTimeout(letGo, DISCARD_MS);
  timer.unref();
  req.on('data', onData);
  req.once('end', () => {
    clearTimeout(timer);
    req.off('data', onData);
  });
  req.resume();
}

const BYTE_ORDER_MARK = 0xfeff;

/** What Node's own stream says when a client leaves mid-body (errors.ts reads it as such). */
const clientLeft = () => Object.assign(new Error('aborted'), { code: 'ECONNRESET' });

/**
 * The body as UTF-8 text, a leading byte order mark dropped (as a WHATWG Request's text() does).
 * With `cap`, more than `cap` bytes throw `tooLarge()`; the rest is discarded after the answer.
 */
function readBody(
  req: IncomingMessage,
  cap: number | undefined,
  tooLarge: () => Error,
): Promise<string> {
  return new Promise((resolve, reject) => {
    // The client left while the endpoint was busy (a registry read, a shared rate limit): no
    // event will come.
    if (req.destroyed) return reject(clientLeft());
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // Taken off only when the body is given up: after its end the request emits nothing more
    // these would act on but `close`, which finds the promise settled.
    const done = () => {
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (cap !== undefined && size > cap) {
        done();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      settled = true;
      const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString(
        'utf8',
      );
      resolve(text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text);
    };
    const onError = (error: Error) => {
      if (settled) return;
      done();
      reject(error);
    };
    // The client went away before the end of its body (Node emits `error` with `aborted` too).
    const onClose = () => {
      if (settled) return;
      done();
      reject(clientLeft());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
