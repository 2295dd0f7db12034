/**
 * Every call to a provider goes through here (like arctic's request.ts): one timeout, one way of
 * reading answers, one mapping of unusable answers to our codes. An answer that is not JSON (an HTML
 * error page from a proxy, a truncated body) or a 5xx is `upstream_error`; no answer in time is
 * `upstream_timeout`. 4xx JSON bodies are returned for the provider module to interpret.
 */
import type { z } from 'zod';
import { callSignal, deadlineReason } from './deadline';
import { ApiError } from './errors';

export type Fetch = typeof fetch;

export interface Upstream {
  fetch: Fetch;
  timeoutMs: number;
}

/** Names the call in messages: `Kakao token`, `Naver profile`. Never a URL with parameters. */
export interface CallLabel {
  provider: 'Kakao' | 'Naver' | 'Cafe24';
  step: string;
}

export interface UpstreamAnswer {
  status: number;
  body: unknown;
  /** For what callers pace or retry by (Cafe24's X-Api-Call-Limit, Retry-After). */
  headers: Headers;
}

const label = (call: CallLabel) => `${call.provider} (${call.step})`;

/** One-line hints for the merchant (`error.hint`) when the provider could not be used at all. */
const unreachableHint = (call: CallLabel) =>
  `Check the backend can reach ${call.provider} (outbound network, firewall, DNS, proxy) and that no ${call.provider.toUpperCase()}_*_URL variable points elsewhere.`;
const slowHint = (call: CallLabel) =>
  `Check the backend can reach ${call.provider} (outbound network, firewall); raise UPSTREAM_TIMEOUT_MS if it is only slow.`;
const failingHint = (call: CallLabel) =>
  `${call.provider} is failing or under maintenance: nothing to change on your side; shoppers can retry in a while.`;

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Told of every call made through an observed fetch: how long, and `success`, `http_4xx` or a code. */
export type UpstreamObserver = (call: CallLabel, seconds: number, outcome: string) => void;

const observers = new WeakMap<Fetch, UpstreamObserver>();

/**
 * `fetch` whose calls through requestJson are reported to `observe` (metrics.ts). The observer
 * travels with the function, so every module handed this fetch (providers, the Cafe24 app) is
 * measured without being told.
 */
export function observedFetch(fetch: Fetch, observe: UpstreamObserver): Fetch {
  const observed: Fetch = (input, init) => fetch(input, init);
  observers.set(observed, observe);
  return observed;
}

export async function requestJson(
  upstream: Upstream,
  call: CallLabel,
  url: string,
  init: RequestInit,
): Promise<UpstreamAnswer> {
  const observe = observers.get(upstream.fetch);
  if (!observe) return send(upstream, call, url, init);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const answer = await send(upstream, call, url, init);
    observe(call, seconds(), answer.status < 400 ? 'success' : `http_${answer.status}`);
    return answer;
  } catch (error) {
    observe(call, seconds(), error instanceof ApiError ? error.code : 'upstream_error');
    throw error;
  }
}

async function send(
  upstream: Upstream,
  call: CallLabel,
  url: string,
  init: RequestInit,
): Promise<UpstreamAnswer> {
  let response: Response;
  let text: string;
  // Its own timeout, and the whole request's deadline when the caller passes one as `init.signal`
  // (deadline.ts).
  const bounded = callSignal(upstream.timeoutMs, init.signal);
  try {
    response = await upstream.fetch(url, {
      ...init,
      headers: { accept: 'application/json', ...init.headers },
      redirect: 'manual',
      signal: bounded.signal,
    });
    text = await response.text();
  } catch (cause) {
    const deadline = deadlineReason(init.signal);
    if (deadline instanceof ApiError) throw deadline;
    if (isTimeout(cause)) {
      throw new ApiError(
        'upstream_timeout',
        `${label(call)} did not answer within ${upstream.timeoutMs} ms`,
        { cause, hint: slowHint(call) },
      );
    }
    throw new ApiError('upstream_error', `${label(call)} could not be reached`, {
      cause,
      hint: unreachableHint(call),
    });
  } finally {
    bounded.done();
  }
  if (response.status >= 500) {
    throw new ApiError('upstream_error', `${label(call)} answered HTTP ${response.status}`, {
      hint: failingHint(call),
    });
  }
  if (response.status >= 300 && response.status < 400) {
    throw new ApiError('upstream_error', `${label(call)} answered with a redirect`, {
      hint: unreachableHint(call),
    });
  }
  const body = parseJson(text);
  if (body === undefined) {
    const html = /html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(text);
    throw new ApiError(
      'upstream_error',
      `${label(call)} answered HTTP ${response.status} with ${html ? 'an HTML page' : 'malformed JSON'} instead of JSON`,
      { hint: failingHint(call) },
    );
  }
  return { status: response.status, body, headers: response.headers };
}

function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    // A bare string or number is valid JSON but never a provider's answer.
    return value !== null && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Narrows a provider's JSON with `schema`; a surprise shape is the provider's fault: 502. */
export function parseUpstream<T>(schema: z.ZodType<T>, body: unknown, call: CallLabel): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'body'))];
  throw new ApiError(
    'upstream_error',
    `${label(call)} answered with an unexpected body (${fields.slice(0, 5).join(', ')})`,
    { cause: parsed.error, hint: failingHint(call) },
  );
}

/** `application/x-www-form-urlencoded`, skipping absent values (OAuth token requests, RFC 6749 4.1.3). */
export function form(params: Record<string, string | undefined>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) body.set(key, value);
  return body;
}

/** Provider error codes are untrusted text: only a short token of safe characters reaches messages. */
export function safeToken(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : undefined;
}
