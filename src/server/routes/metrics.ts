/**
 * `GET /metrics` (docs/operations.md): the instance's counters in Prometheus' text format, for a
 * scraper holding METRICS_TOKEN as a bearer token (RFC 6750 §2.1). Without METRICS_TOKEN the route
 * does not exist (404); a missing or wrong token gets 401 with `WWW-Authenticate: Bearer`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Metrics } from '../metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function metricsRoute(options: { token: string | undefined; metrics: Metrics }): Hono {
  const app = new Hono();
  if (!options.token) return app;
  // Compared as digests: same length whatever was sent, and in constant time.
  const expected = digest(options.token);
  app.get('/metrics', (c) => {
    const given = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return c.text('GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"\n', 401, {
        'WWW-Authenticate': 'Bearer realm="metrics"',
        'Cache-Control': 'no-store',
      });
    }
    return c.body(options.metrics.render(), 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  });
  return app;
}
