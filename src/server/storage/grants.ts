/**
 * One-time and short-lived grants: the hand-off ticket /api/exchange answers with, the browser's
 * SSO session behind the `sl_sso` cookie, authorization codes and access tokens of the identity
 * provider. Only a SHA-256 of each value is stored, so a copy of the database opens nothing;
 * `take` deletes and returns in one statement, so a value is used at most once even when two
 * requests race for it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Migration } from './database';

/**
 * `spent-welcome`: a welcome pass already traded (the pass itself is signed, not stored).
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
  | 'spent-welcome';

export interface Grant {
  kind: GrantKind;
  /** The grant's content: JSON-serialisable, parsed again by whoever reads it. */
  data: unknown;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface GrantStore {
  /** A fresh 256-bit random value (base64url) standing for `data` until `expiresAt`. */
  issue(kind: GrantKind, data: unknown, expiresAt: number): string;
  /** Single use: the grant's data once, then never again; undefined when unknown or expired. */
  take(kind: GrantKind, value: string): Grant | undefined;
  /** Reusable until expiry (access tokens). */
  peek(kind: GrantKind, value: string): Grant | undefined;
  /**
   * Records a value made elsewhere (a signed pass) as used until `expiresAt`: true the first time,
   * false for a replay, atomically under concurrent requests.
   */
  spend(kind: GrantKind, value: string, expiresAt: number): boolean;
  /** Forgets a grant or a spent value: a pass whose use failed can be used again. */
  release(kind: GrantKind, value: string): void;
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
  },
];

const hashOf = (value: string) => createHash('sha256').update(value).digest('base64url');

interface Row {
  data: string;
  expires_at: number;
}

function isRow(row: unknown): row is Row {
  return (
    typeof row === 'object' &&
    row !== null &&
    typeof Reflect.get(row, 'data') === 'string' &&
    typeof Reflect.get(row, 'expires_at') === 'number'
  );
}

export function createGrantStore(db: Db, now: () => number): GrantStore {
  const insert = db.prepare(
    'INSERT INTO sso_grants (kind, hash, data, expires_at) VALUES (?, ?, ?, ?)',
  );
  const remove = db.prepare(
    'DELETE FROM sso_grants WHERE kind = ? AND hash = ? RETURNING data, expires_at',
  );
  const select = db.prepare('SELECT data, expires_at FROM sso_grants WHERE kind = ? AND hash = ?');
  const sweep = db.prepare('DELETE FROM sso_grants WHERE expires_at <= ?');
  const once = db.prepare(
    "INSERT OR IGNORE INTO sso_grants (kind, hash, data, expires_at) VALUES (?, ?, 'null', ?)",
  );

  const read = (kind: GrantKind, row: unknown): Grant | undefined => {
    if (!isRow(row) || row.expires_at <= now()) return undefined;
    return { kind, data: JSON.parse(row.data), expiresAt: row.expires_at };
  };

  return {
    issue(kind, data, expiresAt) {
      sweep.run(now());
      const value = randomBytes(32).toString('base64url');
      insert.run(kind, hashOf(value), JSON.stringify(data), Math.floor(expiresAt));
      return value;
    },
    take: (kind, value) => read(kind, remove.get(kind, hashOf(value))),
    peek: (kind, value) => read(kind, select.get(kind, hashOf(value))),
    spend(kind, value, expiresAt) {
      sweep.run(now());
      return once.run(kind, hashOf(value), Math.floor(expiresAt)).changes === 1;
    },
    release(kind, value) {
      remove.run(kind, hashOf(value));
    },
  };
}
