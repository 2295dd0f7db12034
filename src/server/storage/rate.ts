/**
 * Token buckets for the rate limiter, kept in the database so every instance counts against the
 * same bucket: one statement refills, checks and takes a token atomically (an upsert whose update
 * only happens while a token is left), so two instances can never both spend the last one.
 * Clients are stored as a SHA-256 of their address; buckets that have refilled are swept.
 */
import { createHash } from 'node:crypto';
import { type Migration, num, type Sql } from './sql';

export const RATE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'rate-001-buckets',
    sql: `CREATE TABLE rate_buckets (
      bucket TEXT PRIMARY KEY,
      tokens REAL NOT NULL,
      at REAL NOT NULL
    )`,
    postgres: `CREATE TABLE rate_buckets (
      bucket TEXT PRIMARY KEY,
      tokens DOUBLE PRECISION NOT NULL,
      at DOUBLE PRECISION NOT NULL
    )`,
  },
];

export interface BucketRule {
  perMinute: number;
  burst: number;
}

/** `ok`, or how many seconds until the next token. */
export type Take = { ok: true } | { ok: false; retryAfter: number };

export interface BucketStore {
  take(limiter: string, client: string, at: number, rule: BucketRule): Promise<Take>;
}

const retryAfterFor = (tokens: number, msPerToken: number) =>
  Math.max(1, Math.ceil(((1 - tokens) * msPerToken) / 1000));

/** Buckets in this process only: SQLite (one machine) and tests. */
export function memoryBuckets(maxClients = 10_000): BucketStore {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(limiter, client, at, rule) {
      const msPerToken = 60_000 / rule.perMinute;
      const refill = (bucket: { tokens: number; at: number }) => {
        // A clock that steps back (NTP) must not drain the bucket.
        bucket.tokens = Math.min(
          rule.burst,
          bucket.tokens + Math.max(0, at - bucket.at) / msPerToken,
        );
        bucket.at = Math.max(at, bucket.at);
      };
      const key = `${limiter}:${client}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxClients) {
          for (const [other, b] of buckets) {
            refill(b);
            if (b.tokens >= rule.burst) buckets.delete(other);
          }
          // Still too many under a flood: forget the oldest; they start again with a full bucket.
          for (const other of buckets.keys()) {
            if (buckets.size < maxClients) break;
            buckets.delete(other);
          }
        }
        bucket = { tokens: rule.burst, at };
        buckets.set(key, bucket);
      }
      refill(bucket);
      if (bucket.tokens < 1)
        return { ok: false, retryAfter: retryAfterFor(bucket.tokens, msPerToken) };
      bucket.tokens -= 1;
      return { ok: true };
    },
  };
}

/** Buckets every instance on the database shares (PostgreSQL; SQLite works the same way). */
export function sqlBuckets(sql: Sql): BucketStore {
  const [least, greatest] = sql.dialect === 'postgres' ? ['LEAST', 'GREATEST'] : ['MIN', 'MAX'];
  const n = 'CAST(? AS DOUBLE PRECISION)';
  // The tokens after refilling, from the stored row: used in the update and in its condition.
  const refilled = `${least}(${n}, rate_buckets.tokens + ${greatest}(0, ${n} - rate_buckets.at) / ${n})`;
  const takeSql = `INSERT INTO rate_buckets (bucket, tokens, at) VALUES (?, ${n}, ${n})
    ON CONFLICT (bucket) DO UPDATE SET tokens = ${refilled} - 1, at = ${greatest}(${n}, rate_buckets.at)
    WHERE ${refilled} >= 1
    RETURNING tokens`;
  let nextSweep = 0;

  return {
    async take(limiter, client, at, rule) {
      const msPerToken = 60_000 / rule.perMinute;
      const bucket = `${limiter}:${createHash('sha256').update(client).digest('base64url')}`;
      if (at >= nextSweep) {
        // Once a minute per instance: buckets full again are the same as no bucket.
        nextSweep = at + 60_000;
        await sql.run('DELETE FROM rate_buckets WHERE bucket LIKE ? AND at < ?', [
          `${limiter}:%`,
          at - rule.burst * msPerToken,
        ]);
      }
      const taken = await sql.get(takeSql, [
        bucket,
        rule.burst - 1,
        at,
        ...[rule.burst, at, msPerToken],
        at,
        ...[rule.burst, at, msPerToken],
      ]);
      if (taken) return { ok: true };
      const row = await sql.get('SELECT tokens, at FROM rate_buckets WHERE bucket = ?', [bucket]);
      const tokens = row
        ? Math.min(rule.burst, num(row.tokens) + Math.max(0, at - num(row.at)) / msPerToken)
        : 0;
      return { ok: false, retryAfter: retryAfterFor(tokens, msPerToken) };
    },
  };
}
