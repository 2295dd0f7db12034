/**
 * One-time and short-lived grants: the hand-off ticket /api/exchange answers with, the browser's
 * SSO session behind the `sl_sso` cookie, authorization codes and access tokens of the identity
 * provider. Only a SHA-256 of each value is stored, so a copy of the database opens nothing;
 * `take` deletes and returns in one statement, so a value is used at most once even when two
 * requests race for it. Every grant belongs to one mall: a store is given only its own mall's
 * grants, so a value issued for one mall is unknown at every other (docs/malls.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_MALL, type Migration, num, type Sql } from './sql';

/**
 * `spent-welcome`: a welcome pass already traded (the pass itself is signed, not stored).
 * `redeemed-code`, `replayed-code`: an SSO code that bought a token, and one shown again
 * (sso/replay.ts).
 * `spent-launch`: a Cafe24 launch URL already acted on (cafe24/routes.ts).
 * `confirmation`, `confirmed`: a hand-off the store page still has to confirm, and one it did
 * (sso/handoff.ts).
 */
export type GrantKind =
  | 'ticket'
  | 'browser'
  | 'confirmation'
  | 'confirmed'
  | 'code'
  | 'access'
  | 'redeemed-code'
  | 'replayed-code'
  | 'spent-welcome'
  | 'spent-launch';

export interface Grant {
  kind: GrantKind;
  /** The grant's content: JSON-serialisable, parsed again by whoever reads it. */
  data: unknown;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface GrantStore {
  /** A fresh 256-bit random value (base64url) standing for `data` until `expiresAt`. */
  issue(kind: GrantKind, data: unknown, expiresAt: number): Promise<string>;
  /** Single use: the grant's data once, then never again; undefined when unknown or expired. */
  take(kind: GrantKind, value: string): Promise<Grant | undefined>;
  /** Reusable until expiry (access tokens). */
  peek(kind: GrantKind, value: string): Promise<Grant | undefined>;
  /**
   * Records a value made elsewhere (a signed pass, a used code) as used until `expiresAt`, with
   * `data` for whoever takes the record later: true the first time, false for a replay, atomically
   * under concurrent requests.
   */
  spend(kind: GrantKind, value: string, expiresAt: number, data?: unknown): Promise<boolean>;
  /** Forgets a grant or a spent value: a pass whose use failed can be used again. */
  release(kind: GrantKind, value: string): Promise<void>;
}

export const GRANT_MIGRATIONS: readonly Migration[] = [
  {
    id: 'sso-001-grants',
    sql: `CREATE TABLE sso_grants (
      kind TEXT NOT NULL,
      hash TEXT NOT NULL,
      data TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (kind, hash)
    );
    CREATE INDEX sso_grants_expiry ON sso_grants (expires_at);`,
    postgres: `CREATE TABLE sso_grants (
      kind TEXT NOT NULL,
      hash TEXT NOT NULL,
      data TEXT NOT NULL,
      expires_at BIGINT NOT NULL,
      PRIMARY KEY (kind, hash)
    );
    CREATE INDEX sso_grants_expiry ON sso_grants (expires_at);`,
  },
  {
    id: 'sso-002-grant-mall',
    sql: `ALTER TABLE sso_grants ADD COLUMN mall_id TEXT NOT NULL DEFAULT '${DEFAULT_MALL}'`,
  },
];

const hashOf = (value: string) => createHash('sha256').update(value).digest('base64url');

/** The grants of `mall` (the environment's mall unless named). */
export function createGrantStore(
  sql: Sql,
  now: () => number,
  mall: string = DEFAULT_MALL,
): GrantStore {
  const read = (kind: GrantKind, row: Record<string, unknown> | undefined): Grant | undefined => {
    if (!row || typeof row.data !== 'string') return undefined;
    const expiresAt = num(row.expires_at);
    if (!(expiresAt > now())) return undefined;
    return { kind, data: JSON.parse(row.data), expiresAt };
  };
  const sweep = () => sql.run('DELETE FROM sso_grants WHERE expires_at <= ?', [now()]);
  const remove = (kind: GrantKind, value: string) =>
    sql.get(
      'DELETE FROM sso_grants WHERE kind = ? AND hash = ? AND mall_id = ? RETURNING data, expires_at',
      [kind, hashOf(value), mall],
    );

  return {
    async issue(kind, data, expiresAt) {
      await sweep();
      const value = randomBytes(32).toString('base64url');
      await sql.run(
        'INSERT INTO sso_grants (kind, hash, data, expires_at, mall_id) VALUES (?, ?, ?, ?, ?)',
        [kind, hashOf(value), JSON.stringify(data), Math.floor(expiresAt), mall],
      );
      return value;
    },
    // One statement: of two instances racing for the same value, exactly one gets the row.
    take: async (kind, value) => read(kind, await remove(kind, value)),
    peek: async (kind, value) =>
      read(
        kind,
        await sql.get(
          'SELECT data, expires_at FROM sso_grants WHERE kind = ? AND hash = ? AND mall_id = ?',
          [kind, hashOf(value), mall],
        ),
      ),
    async spend(kind, value, expiresAt, data = null) {
      await sweep();
      const changed = await sql.run(
        `INSERT INTO sso_grants (kind, hash, data, expires_at, mall_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind, hash) DO NOTHING`,
        [kind, hashOf(value), JSON.stringify(data), Math.floor(expiresAt), mall],
      );
      return changed === 1;
    },
    async release(kind, value) {
      await remove(kind, value);
    },
  };
}

/**
 * The mall a live grant belongs to, whoever asks: for a bearer token presented without a client
 * (/sso/userinfo), whose holder is by definition the client it was issued to.
 */
export async function mallOfGrant(
  sql: Sql,
  now: number,
  kind: GrantKind,
  value: string,
): Promise<string | undefined> {
  const row = await sql.get(
    'SELECT mall_id FROM sso_grants WHERE kind = ? AND hash = ? AND expires_at > ?',
    [kind, hashOf(value), now],
  );
  return typeof row?.mall_id === 'string' ? row.mall_id : undefined;
}
