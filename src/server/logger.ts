/**
 * Logging as one JSON object per line, for log pipelines (docs/operations.md), with two promises:
 * no secret in any line (every string passes `redact` with the configured secrets) and never a
 * query string (where codes travel). Lines leave through log-writer.ts, off the event loop.
 *
 * Field names are stable: `time`, `level`, `msg`, then for each request `requestId`, `method`,
 * `route`, `status`, `durationMs`, and when known `code` (the error code answered) and `provider`.
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiErrorCode, Provider } from '../contract';
import type { LogLevel } from './config';
import { fdWriter, type LogWriter } from './log-writer';
import { type Metrics, outcomeOf } from './metrics';
import { headerOf } from './request-headers';
import { notesOf } from './request-notes';

export type LogFields = Record<string, string | number | boolean | undefined>;
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The line of one answered request: the same line as `info('request', fields)`. */
  request(fields: RequestLineFields): void;
}

/** A request's log line, field by field, in the order they are written. */
export interface RequestLineFields {
  /** Only `[A-Za-z0-9._:-]`, as recordRequest ensures: written as it is, once redacted. */
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  code: ApiErrorCode | undefined;
  provider: Provider | undefined;
}
export type Level = Exclude<LogLevel, 'silent'>;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };
const RESERVED = new Set(['time', 'level', 'msg']);

/** `{"time":…,"level":…,"msg":…,…fields}`; undefined fields are left out, strings redacted. */
export function formatLine(
  level: Level,
  message: string,
  fields: LogFields = {},
  secrets: readonly string[] = [],
  time?: Date,
): string {
  const entry: Record<string, string | number | boolean> = {
    time: time ? time.toISOString() : isoNow(),
    level,
    msg: redact(message, secrets),
  };
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined || RESERVED.has(key)) continue;
    entry[key] = typeof value === 'string' ? redact(value, secrets) : value;
  }
  return JSON.stringify(entry);
}

let isoSecond = Number.NaN;
let isoPrefix = '';
/**
 * The time as ISO 8601, its date and seconds formatted once a second (`Date#toISOString` formats
 * through printf): under load many lines share them, and only the milliseconds change.
 */
export function isoNow(at = Date.now()): string {
  const ms = at % 1000;
  const second = at - ms;
  if (second !== isoSecond) {
    isoSecond = second;
    // `2026-12-03T12:34:56.` of `2026-12-03T12:34:56.000Z`
    isoPrefix = new Date(second).toISOString().slice(0, -4);
  }
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/**
 * The request line, as formatLine('info', 'request', fields) writes it, without its generic work:
 * every request writes one, and building the object and serialising it was most of a refused
 * exchange's logging (docs/benchmarks.md). `quote` is the JSON string of a redacted value.
 */
function formatRequestLine(
  fields: RequestLineFields,
  quote: (value: string) => string,
  secrets: readonly string[],
): string {
  const id = redact(fields.requestId, secrets);
  let line = `{"time":"${isoNow()}","level":"info","msg":${quote('request')},"requestId":"${id}","method":${quote(fields.method)},"route":${quote(fields.route)},"status":${jsonNumber(fields.status)},"durationMs":${jsonNumber(fields.durationMs)}`;
  if (fields.code !== undefined) line += `,"code":${quote(fields.code)}`;
  if (fields.provider !== undefined) line += `,"provider":${quote(fields.provider)}`;
  return `${line}}`;
}

const jsonNumber = (value: number) => (Number.isFinite(value) ? `${value}` : 'null');

/** Past this many distinct values (a route's paths), the quoted forms are not kept. */
const QUOTED_KEPT = 256;

/**
 * `JSON.stringify(redact(value, secrets))`, remembered: a request line's method, route, code and
 * provider come from a few values each.
 */
function quoter(secrets: readonly string[]): (value: string) => string {
  const kept = new Map<string, string>();
  return (value) => {
    let quoted = kept.get(value);
    if (quoted === undefined) {
      quoted = JSON.stringify(redact(value, secrets));
      if (kept.size < QUOTED_KEPT) kept.set(value, quoted);
    }
    return quoted;
  };
}

/** Receives each line (one JSON object, no newline); the default writes to stdout and stderr. */
export type Sink = (level: Level, line: string) => void;

let standard: { out: LogWriter; err: LogWriter } | undefined;

/** stdout for debug and info, stderr for warnings and errors; both flushed when the process exits. */
function standardSink(): Sink {
  if (!standard) {
    const dropped = (count: number) =>
      formatLine('warn', 'log lines dropped: the log reader was not keeping up', {
        dropped: count,
      });
    const writers = { out: fdWriter(1, { dropped }), err: fdWriter(2, { dropped }) };
    process.once('exit', () => {
      writers.out.flushSync();
      writers.err.flushSync();
    });
    standard = writers;
  }
  const { out, err } = standard;
  return (level, line) => (level === 'warn' || level === 'error' ? err : out).line(line);
}

export function createLogger(
  options: { level?: LogLevel; secrets?: readonly string[]; sink?: Sink } = {},
): Logger {
  const threshold = RANK[options.level ?? 'info'];
  // Shorter ones are not redacted (redact's rule); dropped here once, not on every line.
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 4);
  // Opened only when something is written: a silent logger leaves stdout alone.
  let sink = options.sink;
  const write = (level: Level) => (message: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return;
    sink ??= standardSink();
    sink(level, formatLine(level, message, fields, secrets));
  };
  const quote = quoter(secrets);
  const requestsLogged = RANK.info >= threshold;
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    request(fields) {
      if (!requestsLogged) return;
      sink ??= standardSink();
      sink('info', formatRequestLine(fields, quote, secrets));
    },
  };
}

export function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets)
    if (secret.length >= 4 && out.includes(secret)) out = out.replaceAll(secret, '[redacted]');
  return out;
}

/** A proxy's or load balancer's request id when it looks like one, else a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** One answered request, as its log line and metrics tell it. */
export interface AnsweredRequestRecord {
  method: string;
  /** The route's path; `(unmatched)` for a 404. */
  route: string;
  status: number;
  durationMs: number;
  /** The X-Request-ID header as the client sent it, if any. */
  givenRequestId: string | undefined;
  code: ApiErrorCode | undefined;
  provider: Provider | undefined;
}

/**
 * The log line (`msg: "request"`) and metrics of one answered request: the status, the error code
 * answered, a login's provider and outcome, rate-limit refusals. Shared by the Hono middleware
 * below and the Node server's own routes (node-routes.ts).
 */
export function recordRequest(
  logger: Logger,
  metrics: Metrics | undefined,
  record: AnsweredRequestRecord,
): void {
  const { method, route, status, code, provider, givenRequestId } = record;
  if (metrics) {
    metrics.requests.inc({ route, status: `${status}` });
    if (code) metrics.errors.inc({ code });
    if (code === 'rate_limited') metrics.rateLimited.inc({ route });
    if (route === '/api/exchange' && method === 'POST')
      metrics.logins.inc({ provider: provider ?? 'unknown', outcome: outcomeOf(status, code) });
  }
  logger.request({
    requestId: givenRequestId && REQUEST_ID.test(givenRequestId) ? givenRequestId : randomUUID(),
    method,
    route,
    status,
    durationMs: Math.round(record.durationMs * 10) / 10,
    code,
    provider,
  });
}

/** One line and the metrics of every request the Hono app answers (recordRequest). */
export function requestLog(
  logger: Logger,
  metrics?: Metrics,
  now: () => number = () => performance.now(),
): MiddlewareHandler {
  return async (c, next) => {
    const start = now();
    await next();
    const status = c.res.status;
    const { code, provider } = notesOf(c);
    recordRequest(logger, metrics, {
      method: c.req.method,
      route: routeOf(c, status),
      status,
      durationMs: now() - start,
      givenRequestId: headerOf(c, 'x-request-id'),
      code,
      provider,
    });
  };
}

/** The path of a request we have a route for; any unknown path is one label, not many. */
const routeOf = (c: Context, status: number) => (status === 404 ? '(unmatched)' : c.req.path);
