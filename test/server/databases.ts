/**
 * The two databases the backend runs on, for suites that must pass on both: a fresh SQLite file,
 * or a fresh schema on the machine's PostgreSQL (TEST_POSTGRES_URL, default
 * postgres://postgres@127.0.0.1:5432/test), so parallel runs and suites never see each other's
 * rows. `drop()` removes it again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface FreshDatabase {
  kind: DatabaseKind;
  /** DATABASE_URL for the backend. */
  url: string;
  drop(): Promise<void>;
}

/** `postgres://…?options=-c search_path=<schema>`: every connection lands in `schema`. */
export function inSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.href;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = POSTGRES_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${error instanceof Error ? error.message : error}); start it (see .ci/run) or set TEST_POSTGRES_URL`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function freshDatabase(
  kind: DatabaseKind,
  base = POSTGRES_URL,
): Promise<FreshDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'social-login-db-'));
    return {
      kind,
      url: `file:${join(dir, 'test.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await admin((client) => client.query(`CREATE SCHEMA ${schema}`), base);
  return {
    kind,
    url: inSchema(base, schema),
    drop: () =>
      admin((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`), base).then(
        () => {},
      ),
  };
}
