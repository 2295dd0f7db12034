/**
 * The Cafe24 app's tokens, one row per mall, in the backend's SQLite database: access token and
 * expiry, refresh token and expiry, a version that grows with every rotation, and a lease that lets
 * one process at a time refresh a mall (`BEGIN IMMEDIATE` takes SQLite's write lock, so two
 * processes can never both see "no lease" and both take it). Also the install `state`s: random,
 * single use, 10 minutes.
 */
import { hostname } from 'node:os';
import type { Db, Migration } from '../storage/database';

export const CAFE24_MIGRATIONS: readonly Migration[] = [
  {
    id: 'cafe24-001-tokens',
    sql: `CREATE TABLE cafe24_tokens (
      mall_id TEXT PRIMARY KEY,
      access_token TEXT NOT NULL,
      access_expires_at INTEGER NOT NULL,
      refresh_token TEXT NOT NULL,
      refresh_expires_at INTEGER NOT NULL,
      scopes TEXT NOT NULL DEFAULT '',
      version INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      updated_at INTEGER NOT NULL
    )`,
  },
  {
    id: 'cafe24-002-install-states',
    sql: `CREATE TABLE cafe24_install_states (
      state TEXT PRIMARY KEY,
      mall_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    )`,
  },
];

export interface TokenSet {
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  scopes: string[];
}

export interface TokenRow extends TokenSet {
  mallId: string;
  version: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

export type LeaseResult =
  | { kind: 'fresh'; row: TokenRow }
  | { kind: 'busy' }
  | { kind: 'leased'; row: TokenRow };

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));
const str = (v: unknown) => (typeof v === 'string' ? v : String(v ?? ''));

function toRow(raw: unknown): TokenRow | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const get = (key: string): unknown => Reflect.get(raw, key);
  const lease = get('lease_owner');
  return {
    mallId: str(get('mall_id')),
    accessToken: str(get('access_token')),
    accessExpiresAt: num(get('access_expires_at')),
    refreshToken: str(get('refresh_token')),
    refreshExpiresAt: num(get('refresh_expires_at')),
    scopes: str(get('scopes')).split(',').filter(Boolean),
    version: num(get('version')),
    leaseOwner: typeof lease === 'string' ? lease : null,
    leaseUntil: get('lease_until') === null ? null : num(get('lease_until')),
  };
}

/** `host:pid:random`: lets a process on the same host see that a lease's owner has died. */
export function leaseOwnerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
}

function ownerIsDead(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return error instanceof Error && Reflect.get(error, 'code') === 'ESRCH';
  }
}

export function createTokenStore(db: Db) {
  const select = db.prepare('SELECT * FROM cafe24_tokens WHERE mall_id = ?');
  const read = (mallId: string) => toRow(select.get(mallId));

  return {
    read,
    installedMalls: (): string[] =>
      db
        .prepare('SELECT mall_id FROM cafe24_tokens ORDER BY mall_id')
        .all()
        .map((r) => str(Reflect.get(Object(r), 'mall_id'))),

    /** After install: the first tokens of a mall (or a reinstall), lease cleared. */
    install(mallId: string, tokens: TokenSet, now: number): void {
      db.prepare(
        `INSERT INTO cafe24_tokens (mall_id, access_token, access_expires_at, refresh_token,
           refresh_expires_at, scopes, version, lease_owner, lease_until, updated_at)
         VALUES (@mall, @at, @ate, @rt, @rte, @scopes, 1, NULL, NULL, @now)
         ON CONFLICT(mall_id) DO UPDATE SET access_token = @at, access_expires_at = @ate,
           refresh_token = @rt, refresh_expires_at = @rte, scopes = @scopes,
           version = version + 1, lease_owner = NULL, lease_until = NULL, updated_at = @now`,
      ).run({ mall: mallId, now, ...params(tokens) });
    },

    /**
     * In one write transaction: the current access token if it is still good (someone else
     * refreshed), `busy` while another live process holds the lease, else the lease for `owner`.
     * `rejected`: an access token the API refused, which must not count as good.
     */
    tryLease(
      mallId: string,
      owner: string,
      now: number,
      leaseMs: number,
      goodUntil: number,
      rejected?: string,
    ): LeaseResult | undefined {
      return db
        .transaction((): LeaseResult | undefined => {
          const row = read(mallId);
          if (!row) return undefined;
          if (row.accessExpiresAt > goodUntil && row.accessToken !== rejected)
            return { kind: 'fresh', row };
          const held =
            row.leaseOwner !== null &&
            row.leaseOwner !== owner &&
            (row.leaseUntil ?? 0) > now &&
            !ownerIsDead(row.leaseOwner);
          if (held) return { kind: 'busy' };
          db.prepare(
            'UPDATE cafe24_tokens SET lease_owner = ?, lease_until = ? WHERE mall_id = ?',
          ).run(owner, now + leaseMs, mallId);
          return { kind: 'leased', row: { ...row, leaseOwner: owner, leaseUntil: now + leaseMs } };
        })
        .immediate();
    },

    /**
     * The rotated tokens, persisted unconditionally (the new refresh token is now the only valid
     * one, whoever holds the lease) and the lease released, in one transaction.
     */
    commitRefresh(mallId: string, tokens: TokenSet, now: number): void {
      db.transaction(() => {
        db.prepare(
          `UPDATE cafe24_tokens SET access_token = @at, access_expires_at = @ate,
             refresh_token = @rt, refresh_expires_at = @rte, scopes = @scopes,
             version = version + 1, lease_owner = NULL, lease_until = NULL, updated_at = @now
           WHERE mall_id = @mall`,
        ).run({ mall: mallId, now, ...params(tokens) });
      }).immediate();
    },

    release(mallId: string, owner: string): void {
      db.prepare(
        'UPDATE cafe24_tokens SET lease_owner = NULL, lease_until = NULL WHERE mall_id = ? AND lease_owner = ?',
      ).run(mallId, owner);
    },

    saveState(state: string, mallId: string, expiresAt: number): void {
      db.prepare(
        'INSERT INTO cafe24_install_states (state, mall_id, expires_at) VALUES (?, ?, ?)',
      ).run(state, mallId, expiresAt);
    },

    /** Single use: the row is deleted whether or not it was still valid. */
    takeState(state: string, now: number): string | undefined {
      return db
        .transaction(() => {
          const raw = db.prepare('SELECT * FROM cafe24_install_states WHERE state = ?').get(state);
          db.prepare('DELETE FROM cafe24_install_states WHERE state = ? OR expires_at <= ?').run(
            state,
            now,
          );
          if (!raw || num(Reflect.get(Object(raw), 'expires_at')) <= now) return undefined;
          return str(Reflect.get(Object(raw), 'mall_id'));
        })
        .immediate();
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;

const params = (t: TokenSet) => ({
  at: t.accessToken,
  ate: t.accessExpiresAt,
  rt: t.refreshToken,
  rte: t.refreshExpiresAt,
  scopes: t.scopes.join(','),
});
