/**
 * The Cafe24 app's tokens, one row per mall, in the backend's SQLite database: access token and
 * expiry, refresh token and expiry, a version that grows with every rotation, and a lease that lets
 * one process at a time refresh a mall (`BEGIN IMMEDIATE` takes SQLite's write lock, so two
 * processes can never both see "no lease" and both take it). Also the install `state`s: random,
 * single use, 10 minutes.
 */
import { hostname } from 'node:os';
import type { Db, Migration } from '../storage/database';
import { isSealed, type Sealer } from './sealed';

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
  {
    id: 'cafe24-003-reauth-inflight-scripttag',
    sql: `ALTER TABLE cafe24_tokens ADD COLUMN refresh_started_at INTEGER;
    ALTER TABLE cafe24_tokens ADD COLUMN needs_reauth INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cafe24_tokens ADD COLUMN script_tag TEXT;`,
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
  /** Set when a refresh was sent and its answer not yet committed (cleared by the commit). */
  refreshStartedAt: number | null;
  /** Cafe24 refused the tokens (or they cannot be decrypted): only a new OAuth install helps. */
  needsReauth: boolean;
  /** The script tag's number once it is known to be on the store; null: (re)try it. */
  scriptTag: string | null;
}

export type LeaseResult =
  | { kind: 'fresh'; row: TokenRow }
  | { kind: 'busy' }
  | { kind: 'leased'; row: TokenRow };

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));
const str = (v: unknown) => (typeof v === 'string' ? v : String(v ?? ''));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : num(v));

function toRow(raw: unknown, sealer: Sealer): TokenRow | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const get = (key: string): unknown => Reflect.get(raw, key);
  const lease = get('lease_owner');
  const tag = get('script_tag');
  const access = sealer.open(str(get('access_token')));
  const refresh = sealer.open(str(get('refresh_token')));
  return {
    mallId: str(get('mall_id')),
    accessToken: access ?? '',
    accessExpiresAt: num(get('access_expires_at')),
    refreshToken: refresh ?? '',
    refreshExpiresAt: num(get('refresh_expires_at')),
    scopes: str(get('scopes')).split(',').filter(Boolean),
    version: num(get('version')),
    leaseOwner: typeof lease === 'string' ? lease : null,
    leaseUntil: numOrNull(get('lease_until')),
    refreshStartedAt: numOrNull(get('refresh_started_at')),
    // Sealed with another SESSION_SECRET: as good as refused.
    needsReauth: num(get('needs_reauth')) === 1 || access === undefined || refresh === undefined,
    scriptTag: typeof tag === 'string' ? tag : null,
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

/**
 * The store over `db`, sealing tokens with `sealer`. Rows written before tokens were encrypted
 * (plain values, no `v1.` prefix) are sealed here once, at start: the migration step SQL cannot do.
 */
export function createTokenStore(db: Db, sealer: Sealer) {
  const select = db.prepare('SELECT * FROM cafe24_tokens WHERE mall_id = ?');
  const read = (mallId: string) => toRow(select.get(mallId), sealer);
  sealPlainRows(db, sealer);

  return {
    read,
    installedMalls: (): string[] =>
      db
        .prepare('SELECT mall_id FROM cafe24_tokens ORDER BY mall_id')
        .all()
        .map((r) => str(Reflect.get(Object(r), 'mall_id'))),

    /** Every mall's row (the maintenance job's view). */
    all: (): TokenRow[] =>
      db
        .prepare('SELECT * FROM cafe24_tokens ORDER BY mall_id')
        .all()
        .flatMap((raw) => toRow(raw, sealer) ?? []),

    /** After install: the first tokens of a mall (or a reinstall); lease, marker, reauth cleared. */
    install(mallId: string, tokens: TokenSet, now: number): void {
      db.prepare(
        `INSERT INTO cafe24_tokens (mall_id, access_token, access_expires_at, refresh_token,
           refresh_expires_at, scopes, version, lease_owner, lease_until, updated_at)
         VALUES (@mall, @at, @ate, @rt, @rte, @scopes, 1, NULL, NULL, @now)
         ON CONFLICT(mall_id) DO UPDATE SET access_token = @at, access_expires_at = @ate,
           refresh_token = @rt, refresh_expires_at = @rte, scopes = @scopes,
           version = version + 1, lease_owner = NULL, lease_until = NULL,
           refresh_started_at = NULL, needs_reauth = 0, updated_at = @now`,
      ).run({ mall: mallId, now, ...params(sealer, tokens) });
    },

    /**
     * In one write transaction: the current access token if it is still good (someone else
     * refreshed), `busy` while another live process holds the lease, else the lease for `owner`
     * together with the "refresh in flight" marker (set before the request is sent; the row
     * returned carries the marker as it was, so the caller sees one a dead process left).
     * `rejected`: an access token the API refused, which must not count as good.
     * `refreshGoodUntil`: also refresh when the refresh token expires before this (the job).
     */
    tryLease(
      mallId: string,
      owner: string,
      at: { now: number; leaseMs: number; goodUntil: number; refreshGoodUntil?: number },
      rejected?: string,
    ): LeaseResult | undefined {
      return db
        .transaction((): LeaseResult | undefined => {
          const row = read(mallId);
          if (!row) return undefined;
          if (
            !row.needsReauth &&
            row.accessExpiresAt > at.goodUntil &&
            row.refreshExpiresAt > (at.refreshGoodUntil ?? 0) &&
            row.accessToken !== rejected
          )
            return { kind: 'fresh', row };
          const held =
            row.leaseOwner !== null &&
            row.leaseOwner !== owner &&
            (row.leaseUntil ?? 0) > at.now &&
            !ownerIsDead(row.leaseOwner);
          if (held) return { kind: 'busy' };
          db.prepare(
            'UPDATE cafe24_tokens SET lease_owner = ?, lease_until = ?, refresh_started_at = ? WHERE mall_id = ?',
          ).run(owner, at.now + at.leaseMs, at.now, mallId);
          return {
            kind: 'leased',
            row: { ...row, leaseOwner: owner, leaseUntil: at.now + at.leaseMs },
          };
        })
        .immediate();
    },

    /**
     * The rotated tokens, persisted unconditionally (the new refresh token is now the only valid
     * one, whoever holds the lease), marker and lease cleared, in one transaction.
     */
    commitRefresh(mallId: string, tokens: TokenSet, now: number): void {
      db.transaction(() => {
        db.prepare(
          `UPDATE cafe24_tokens SET access_token = @at, access_expires_at = @ate,
             refresh_token = @rt, refresh_expires_at = @rte, scopes = @scopes,
             version = version + 1, lease_owner = NULL, lease_until = NULL,
             refresh_started_at = NULL, needs_reauth = 0, updated_at = @now
           WHERE mall_id = @mall`,
        ).run({ mall: mallId, now, ...params(sealer, tokens) });
      }).immediate();
    },

    /** Lease released; the marker stays unless the refresh is known not to have rotated. */
    release(mallId: string, owner: string, clearMarker: boolean): void {
      db.prepare(
        `UPDATE cafe24_tokens SET lease_owner = NULL, lease_until = NULL,
           refresh_started_at = CASE WHEN ? THEN NULL ELSE refresh_started_at END
         WHERE mall_id = ? AND lease_owner = ?`,
      ).run(clearMarker ? 1 : 0, mallId, owner);
    },

    /** Cafe24 refused this mall's tokens: Admin API calls fail until the app is installed again. */
    markNeedsReauth(mallId: string): void {
      db.prepare(
        `UPDATE cafe24_tokens SET needs_reauth = 1, lease_owner = NULL, lease_until = NULL,
           refresh_started_at = NULL WHERE mall_id = ?`,
      ).run(mallId);
    },

    setScriptTag(mallId: string, scriptNo: string | null): void {
      db.prepare('UPDATE cafe24_tokens SET script_tag = ? WHERE mall_id = ?').run(scriptNo, mallId);
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

/** Seals the tokens of rows stored in plain text (before encryption at rest existed). */
function sealPlainRows(db: Db, sealer: Sealer): void {
  const rows = db.prepare('SELECT mall_id, access_token, refresh_token FROM cafe24_tokens').all();
  const update = db.prepare(
    'UPDATE cafe24_tokens SET access_token = ?, refresh_token = ? WHERE mall_id = ?',
  );
  db.transaction(() => {
    for (const raw of rows) {
      const at = str(Reflect.get(Object(raw), 'access_token'));
      const rt = str(Reflect.get(Object(raw), 'refresh_token'));
      if (isSealed(at) && isSealed(rt)) continue;
      update.run(
        isSealed(at) ? at : sealer.seal(at),
        isSealed(rt) ? rt : sealer.seal(rt),
        Reflect.get(Object(raw), 'mall_id'),
      );
    }
  }).immediate();
}

const params = (sealer: Sealer, t: TokenSet) => ({
  at: sealer.seal(t.accessToken),
  ate: t.accessExpiresAt,
  rt: sealer.seal(t.refreshToken),
  rte: t.refreshExpiresAt,
  scopes: t.scopes.join(','),
});
