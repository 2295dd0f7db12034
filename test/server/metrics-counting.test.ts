/**
 * Counting (src/server/metrics.ts): each label set its own series, however many there are, until
 * a metric holds 500 and folds the rest into `other`; what a scrape shows is what was counted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Counter, Histogram } from '../../src/server/metrics';

const MAX_SERIES = 500;

/** The rule (metrics.ts, MAX_SERIES): the first 500 label sets, then `other` for the rest. */
function expectedCounts(incs: readonly { route: string; status: string }[]) {
  const counts = new Map<string, number>();
  for (const { route, status } of incs) {
    let key = `${route} ${status}`;
    if (!counts.has(key) && counts.size >= MAX_SERIES) key = 'other other';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** `name{route="…",status="…"} n` lines of a scrape, as a map. */
function scraped(counter: Counter) {
  const counts = new Map<string, number>();
  for (const line of counter.render()) {
    const match = /^\w+\{route="([^"]*)",status="([^"]*)"\} (\d+)$/.exec(line);
    if (match) counts.set(`${match[1]} ${match[2]}`, Number(match[3]));
  }
  return counts;
}

describe('a counter', () => {
  it('counts each label set apart, and past 500 of them counts the rest as other', () => {
    // Few values (every set found again many times) or many (past both the series and the
    // lookup bounds), in any order.
    const value = (max: number) => fc.integer({ min: 0, max }).map(String);
    const incs = fc.oneof(
      fc.array(fc.record({ route: value(3), status: value(3) }), { maxLength: 200 }),
      fc.array(fc.record({ route: value(60), status: value(60) }), {
        minLength: 1000,
        maxLength: 3000,
      }),
    );
    fc.assert(
      fc.property(incs, (list) => {
        const counter = new Counter('test_total', 'test');
        for (const labels of list) counter.inc({ ...labels });
        const expected = expectedCounts(list);
        expect(scraped(counter)).toEqual(expected);
        for (const [key, count] of expected) {
          const [route = '', status = ''] = key.split(' ');
          expect(counter.get({ route, status })).toBe(count);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('counts a label set by its values, whichever objects carry them', () => {
    const counter = new Counter('test_total', 'test');
    const route = ['/api', 'exchange'].join('/');
    counter.inc({ route: '/api/exchange', status: '400' });
    counter.inc({ route, status: String(400) }, 2);
    counter.inc({ route: '/api/exchange', status: '200' });
    expect(counter.get({ route: '/api/exchange', status: '400' })).toBe(3);
    expect(counter.get({ route: '/api/exchange', status: '200' })).toBe(1);
  });

  it('keeps counting when one metric is given label sets of different lengths', () => {
    const counter = new Counter('test_total', 'test');
    const long = { route: '/a', status: '200' };
    const short = { route: '/a' } as unknown as typeof long;
    for (const labels of [long, short, long, short, long]) counter.inc(labels);
    expect(counter.get(long)).toBe(3);
    expect(counter.get(short)).toBe(2);
    const other = new Counter('test_total', 'test');
    for (const labels of [short, long, short]) other.inc(labels);
    expect(other.get(long)).toBe(1);
    expect(other.get(short)).toBe(2);
  });

  it('without labels, is one series', () => {
    const counter = new Counter('test_total', 'test');
    counter.inc({});
    counter.inc({}, 4);
    expect(counter.render()).toContain('test_total 5');
  });
});

describe('a histogram', () => {
  it('puts each observation in its series and buckets', () => {
    const histogram = new Histogram('test_seconds', 'test', [0.1, 1]);
    histogram.observe({ provider: 'kakao', endpoint: 'token' }, 0.05);
    histogram.observe({ provider: 'kakao', endpoint: 'token' }, 0.5);
    histogram.observe({ provider: 'naver', endpoint: 'token' }, 2);
    const text = histogram.render().join('\n');
    expect(text).toContain('test_seconds_bucket{provider="kakao",endpoint="token",le="0.1"} 1');
    expect(text).toContain('test_seconds_bucket{provider="kakao",endpoint="token",le="1"} 2');
    expect(text).toContain('test_seconds_count{provider="kakao",endpoint="token"} 2');
    expect(text).toContain('test_seconds_bucket{provider="naver",endpoint="token",le="1"} 0');
    expect(text).toContain('test_seconds_count{provider="naver",endpoint="token"} 1');
  });
});
