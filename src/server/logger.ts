/**
 * Logging with two promises: one line per request (method, path, status, ms; never a query string,
 * where codes travel), and no secret in any line — every line passes `redact` with the configured
 * secrets before it is written.
 */
import type { MiddlewareHandler } from 'hono';
import type { LogLevel } from './config';

export type LogFields = Record<string, string | number | boolean | undefined>;
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
type Level = Exclude<LogLevel, 'silent'>;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

export function formatLine(message: string, fields: LogFields = {}): string {
  const extra = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return [message, ...extra].join(' ');
}

/** Writes `line` somewhere; the default is the console (stderr for warnings and errors). */
export type Sink = (level: Level, line: string) => void;

const consoleSink: Sink = (level, line) => {
  const stamp = new Date().toISOString();
  (level === 'warn' || level === 'error' ? console.error : console.log)(
    `${stamp} ${level} ${line}`,
  );
};

export function createLogger(
  options: { level?: LogLevel; secrets?: readonly string[]; sink?: Sink } = {},
): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const secrets = options.secrets ?? [];
  const sink = options.sink ?? consoleSink;
  const write = (level: Level) => (message: string, fields?: LogFields) => {
    if (RANK[level] >= threshold) sink(level, redact(formatLine(message, fields), secrets));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (secret.length >= 4) out = out.replaceAll(secret, '[redacted]');
  return out;
}

/** One line per request: `POST /api/exchange 200 12ms`. */
export function requestLog(
  logger: Logger,
  now: () => number = () => performance.now(),
): MiddlewareHandler {
  return async (c, next) => {
    const start = now();
    await next();
    logger.info(`${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(now() - start)}ms`);
  };
}
