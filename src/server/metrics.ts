/**
 * What operators scrape at GET /metrics: counters and one histogram per backend instance, in
 * Prometheus' text exposition format (prometheus.io/docs/instrumenting/exposition_formats).
 * Counting is a map update; the text is built only when scraped. Label values come from our own
 * code (provider names, error codes, route paths of answered requests), never from a request's
 * free text, and each metric keeps at most MAX_SERIES label sets.
 */
import type { ApiErrorCode } from '../contract';

export type Labels = Record<string, string>;

/** Seconds: Kakao and Naver answer in tens of milliseconds; the default timeout is 5 s. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Past this many label sets a metric folds new ones into `other`: a scrape stays small. */
const MAX_SERIES = 500;
/** Label sets found without building a key: the folded ones count too. */
const MAX_INDEXED = 2 * MAX_SERIES;

interface Series<T> {
  labels: Labels;
  value: T;
}

class Family<T> {
  readonly series = new Map<string, Series<T>>();
  /**
   * The same series by each label's value in turn, a Map per label: counting reads the values
   * that are already strings, where a joined key would be a new string to build and hash on
   * every request.
   */
  private readonly index = new Map<string, unknown>();
  private indexed = 0;
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly fresh: () => T,
  ) {}

  at(labels: Labels): T {
    let found: unknown = this.index;
    for (const name in labels) {
      if (!(found instanceof Map)) return this.add(labels);
      found = found.get(labels[name] as string);
      if (found === undefined) return this.add(labels);
    }
    return found instanceof Map ? this.add(labels) : (found as Series<T>).value;
  }

  private add(labels: Labels): T {
    const kept = this.series.size >= MAX_SERIES ? otherwise(labels) : labels;
    const key = keyOf(kept);
    let series = this.series.get(key);
    if (!series) {
      series = { labels: kept, value: this.fresh() };
      this.series.set(key, series);
    }
    // Indexed under the labels asked for, folded or not, up to a bound: values past it are
    // looked up by their joined key each time, so many distinct values cannot grow the index.
    if (this.indexed < MAX_INDEXED) {
      this.indexed += 1;
      const values = Object.values(labels);
      let level = this.index;
      for (const [i, value] of values.entries()) {
        const there = level.get(value);
        if (i === values.length - 1) {
          // A longer label set indexed here first keeps its place (labels of one metric are
          // always the same names, but a mistake there should not lose a count).
          if (there === undefined) level.set(value, series);
        } else if (there === undefined) {
          const next = new Map<string, unknown>();
          level.set(value, next);
          level = next;
        } else if (there instanceof Map) level = there;
        else break;
      }
    }
    return series.value;
  }
}

/** A metric's label sets always name the same labels in the same order: their values say which. */
function keyOf(labels: Labels): string {
  let key = '';
  for (const name in labels) key += `${labels[name]}\u0000`;
  return key;
}

const otherwise = (labels: Labels): Labels =>
  Object.fromEntries(Object.keys(labels).map((key) => [key, 'other']));

export class Counter {
  private readonly family: Family<{ n: number }>;
  constructor(name: string, help: string) {
    this.family = new Family(name, help, 'counter', () => ({ n: 0 }));
  }
  inc(labels: Labels, by = 1): void {
    this.family.at(labels).n += by;
  }
  /** The current count for exactly these labels (tests, the doctor). */
  get(labels: Labels): number {
    return this.family.series.get(keyOf(labels))?.value.n ?? 0;
  }
  render(): string[] {
    return header(
      this.family,
      [...this.family.series.values()].map((s) => line(this.family.name, s.labels, s.value.n)),
    );
  }
}

interface Buckets {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram {
  private readonly family: Family<Buckets>;
  constructor(
    name: string,
    help: string,
    private readonly bounds: readonly number[] = LATENCY_BUCKETS,
  ) {
    this.family = new Family(name, help, 'histogram', () => ({
      counts: bounds.map(() => 0),
      sum: 0,
      count: 0,
    }));
  }
  observe(labels: Labels, value: number): void {
    const buckets = this.family.at(labels);
    // Stored per bucket (not cumulative): one increment per observation, summed when scraped.
    const i = this.bounds.findIndex((bound) => value <= bound);
    if (i > -1) buckets.counts[i] = (buckets.counts[i] ?? 0) + 1;
    buckets.sum += value;
    buckets.count += 1;
  }
  render(): string[] {
    const { name } = this.family;
    const lines: string[] = [];
    for (const { labels, value } of this.family.series.values()) {
      // Each bucket counts every observation at or below its bound (cumulative), then +Inf.
      let below = 0;
      for (const [i, bound] of this.bounds.entries()) {
        below += value.counts[i] ?? 0;
        lines.push(line(`${name}_bucket`, { ...labels, le: String(bound) }, below));
      }
      lines.push(line(`${name}_bucket`, { ...labels, le: '+Inf' }, value.count));
      lines.push(line(`${name}_sum`, labels, value.sum));
      lines.push(line(`${name}_count`, labels, value.count));
    }
    return header(this.family, lines);
  }
}

function header(family: Family<unknown>, lines: string[]): string[] {
  return [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`, ...lines];
}

/** `name{a="x",b="y"} 3`, label values escaped as the format asks (backslash, quote, newline). */
function line(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(
    ([key, raw]) =>
      `${key}="${raw.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`,
  );
  return `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${Number.isFinite(value) ? value : 0}`;
}

export interface Metrics {
  /** Every POST /api/exchange answer: `outcome` is `success` or the error code. */
  logins: Counter;
  /** Every error answer in the HTTP API's shape, by code. */
  errors: Counter;
  /** Requests refused by a rate limiter, by route. */
  rateLimited: Counter;
  /** Calls to Kakao, Naver and Cafe24, from sending to the whole answer read. */
  upstreamSeconds: Histogram;
  /** Cafe24 access-token refreshes, by outcome (`success` or the error code). */
  cafe24Refreshes: Counter;
  /** Answered requests by route and status. */
  requests: Counter;
  /** The exposition text: `text/plain; version=0.0.4`. */
  render(): string;
}

export function createMetrics(): Metrics {
  const metrics = {
    logins: new Counter(
      'social_login_logins_total',
      'Login exchanges answered, by provider and outcome (success or the error code).',
    ),
    errors: new Counter(
      'social_login_errors_total',
      'Error answers of the HTTP API, by error code.',
    ),
    rateLimited: new Counter(
      'social_login_rate_limited_total',
      'Requests refused by a rate limit, by route.',
    ),
    upstreamSeconds: new Histogram(
      'social_login_upstream_duration_seconds',
      'Calls to Kakao, Naver and Cafe24, by provider and endpoint, in seconds.',
    ),
    cafe24Refreshes: new Counter(
      'social_login_cafe24_token_refreshes_total',
      'Cafe24 access-token refreshes, by outcome (success or the error code).',
    ),
    requests: new Counter(
      'social_login_http_requests_total',
      'Answered HTTP requests, by route and status.',
    ),
  };
  const started = Date.now() / 1000;
  return {
    ...metrics,
    render: () =>
      [
        ...Object.values(metrics).flatMap((metric) => metric.render()),
        '# HELP process_start_time_seconds When this instance started, in seconds since the epoch.',
        '# TYPE process_start_time_seconds gauge',
        `process_start_time_seconds ${started}`,
        '',
      ].join('\n'),
  };
}

/** The outcome label of an answer: `success`, or the API error code it carried. */
export const outcomeOf = (status: number, code: ApiErrorCode | undefined): string =>
  status < 400 ? 'success' : (code ?? `http_${status}`);

/** Feeds upstream calls (http.ts observedFetch) into the latency histogram and refresh counter. */
export const upstreamObserver =
  (metrics: Metrics) =>
  (call: { provider: string; step: string }, seconds: number, outcome: string): void => {
    metrics.upstreamSeconds.observe(
      { provider: call.provider.toLowerCase(), endpoint: call.step },
      seconds,
    );
    if (call.provider === 'Cafe24' && call.step === 'token refresh')
      metrics.cafe24Refreshes.inc({ outcome });
  };
