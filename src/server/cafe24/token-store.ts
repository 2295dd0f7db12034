/**
 * The Cafe24 app's tokens, one row per mall, in the backend's database: access token and expiry,
 * refresh token and expiry, a version that grows with every rotation, and a lease that lets one
 * process at a time refresh a mall. The lease is taken in a transaction that holds the mall's row:
 * SQLite's `BEGIN IMMEDIATE` write lock, PostgreSQL's `SELECT … FOR UPDATE` row lock, so two
 * processes (or instances) can never both see "no lease" and both take it. Also the install
 * `state`s: random, single use, 10 minutes.
 */
import { hostname } from 'node:os';
import type { Database, Migration, Sql } from '../storage/index';
import { forUpdate, num, numOrNull, str } from '../storage/sql';
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
    postgres: `CREATE TABLE cafe24_tokens (
      mall_id TEXT PRIMARY KEY,
      access_token TEXT NOT NULL,
      access_expires_at BIGINT NOT NULL,
      refresh_token TEXT NOT NULL,
      refresh_expires_at BIGINT NOT NULL,
      scopes TEXT NOT NULL DEFAULT '',
      version BIGINT NOT NULL,
      lease_owner TEXT,
      lease_until BIGINT,
      updated_at BIGINT NOT NULL
    )`,
  },
  {
    id: 'cafe24-002-install-states',
    sql: `CREATE TABLE cafe24_install_states (
      state TEXT PRIMARY KEY,
      mall_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    )`,
    postgres: `CREATE TABLE cafe24_install_states (
      state TEXT PRIMARY KEY,
      mall_id TEXT NOT NULL,
      expires_at BIGINT NOT NULL
    )`,
  },
  {
    id: 'cafe24-003-reauth-inflight-scripttag',
    sql: `ALTER TABLE cafe24_tokens ADD COLUMN refresh_started_at INTEGER;
    ALTER TABLE cafe24_tokens ADD COLUMN needs_reauth INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cafe24_tokens ADD COLUMN script_tag TEXT;`,
    postgres: `ALTER TABLE cafe24_tokens ADD COLUMN refresh_started_at BIGINT;
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
 * The store over `db`, sealing tokens with `sealer`. Its tables are migrated on first use, and rows
 * written before tokens were encrypted (plain values, no `v1.` prefix) are sealed then, once: a
 * step migration SQL cannot do. A failed start (database unreachable) is tried again next call.
 */
export function createTokenStore(db: Database, sealer: Sealer) {
  let ready: Promise<void> | undefined;
  const prepared = (): Promise<Sql> => {
    ready ??= db
      .migrate(CAFE24_MIGRATIONS)
      .then(() => sealPlainRows(db, sealer))
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready.then(() => db);
  };
  const readWith = async (sql: Sql, mallId: string, lock = false) =>
    toRow(
      await sql.get(`SELECT * FROM cafe24_tokens WHERE mall_id = ?${lock ? forUpdate(sql) : ''}`, [
        mallId,
      ]),
      sealer,
    );
  const tokenParams = (mallId: string, tokens: TokenSet, now: number) => {
    const p = params(sealer, tokens);
    return [p.at, p.ate, p.rt, p.rte, p.scopes, now, mallId];
  };

  return {
    read: async (mallId: string) => readWith(await prepared(), mallId),
    installedMalls: async (): Promise<string[]> =>
      (await (await prepared()).all('SELECT mall_id FROM cafe24_tokens ORDER BY mall_id')).map(
        (r) => str(r.mall_id),
      ),

    /** Every mall's row (the maintenance job's view). */
    all: async (): Promise<TokenRow[]> =>
      (await (await prepared()).all('SELECT * FROM cafe24_tokens ORDER BY mall_id')).flatMap(
        (raw) => toRow(raw, sealer) ?? [],
      ),

    /** After install: the first tokens of a mall (or a reinstall); lease, marker, reauth cleared. */
    async install(mallId: string, tokens: TokenSet, now: number): Promise<void> {
      const sql = await prepared();
      const p = params(sealer, tokens);
      await sql.run(
        `INSERT INTO cafe24_tokens (mall_id, access_token, access_expires_at, refresh_token,
           refresh_expires_at, scopes, version, lease_owner, lease_until, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, NULL, NULL, ?)
         ON CONFLICT (mall_id) DO UPDATE SET access_token = excluded.access_token,
           access_expires_at = excluded.access_expires_at,
           refresh_token = excluded.refresh_token, refresh_expires_at = excluded.refresh_expires_at,
           scopes = excluded.scopes, version = cafe24_tokens.version + 1, lease_owner = NULL,
           lease_until = NULL, refresh_started_at = NULL, needs_reauth = 0,
           updated_at = excluded.updated_at`,
        [mallId, p.at, p.ate, p.rt, p.rte, p.scopes, now],
      );
    },

    /**
     * In one write transaction holding the mall's row: the current access token if it is still
     * good (someone else refreshed), `busy` while another live process holds the lease, else the
     * lease for `owner` together with the "refresh in flight" marker (set before the request is
     * sent; the row returned carries the marker as it was, so the caller sees one a dead process
     * left). `rejected`: an access token the API refused, which must not count as good.
     * `refreshGoodUntil`: also refresh when the refresh token expires before this (the job).
     */
    async tryLease(
      mallId: string,
      owner: string,
      at: { now: number; leaseMs: number; goodUntil: number; refreshGoodUntil?: number },
      rejected?: string,
    ): Promise<LeaseResult | undefined> {
      const sql = await prepared();
      return sql.transaction(async (tx): Promise<LeaseResult | undefined> => {
        const row = await readWith(tx, mallId, true);
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
        await tx.run(
          'UPDATE cafe24_tokens SET lease_owner = ?, lease_until = ?, refresh_started_at = ? WHERE mall_id = ?',
          [owner, at.now + at.leaseMs, at.now, mallId],
        );
        return {
          kind: 'leased',
          row: { ...row, leaseOwner: owner, leaseUntil: at.now + at.leaseMs },
        };
      });
    },

    /**
     * The rotated tokens, persisted unconditionally (the new refresh token is now the only valid
     * one, whoever holds the lease), marker and lease cleared, in one statement.
     */
    async commitRefresh(mallId: string, tokens: TokenSet, now: number): Promise<void> {
      const sql = await prepared();
      await sql.run(
        `UPDATE cafe24_tokens SET access_token = ?, access_expires_at = ?,
           refresh_token = ?, refresh_expires_at = ?, scopes = ?,
           version = version + 1, lease_owner = NULL, lease_until = NULL,
           refresh_started_at = NULL, needs_reauth = 0, updated_at = ?
         WHERE mall_id = ?`,
        tokenParams(mallId, tokens, now),
      );
    },

    /** Lease released; the marker stays unless the refresh is known not to have rotated. */
    async release(mallId: string, owner: string, clearMarker: boolean): Promise<void> {
      const sql = await prepared();
      await sql.run(
        `UPDATE cafe24_tokens SET lease_owner = NULL, lease_until = NULL,
           refresh_started_at = CASE WHEN ? = 1 THEN NULL ELSE refresh_started_at END
         WHERE mall_id = ? AND lease_owner = ?`,
        [clearMarker ? 1 : 0, mallId, owner],
      );
    },

    /** Cafe24 refused this mall's tokens: Admin API calls fail until the app is installed again. */
    async markNeedsReauth(mallId: string): Promise<void> {
      const sql = await prepared();
      await sql.run(
        `UPDATE cafe24_tokens SET needs_reauth = 1, lease_owner = NULL, lease_until = NULL,
           refresh_started_at = NULL WHERE mall_id = ?`,
        [mallId],
      );
    },

    async setScriptTag(mallId: string, scriptNo: string | null): Promise<void> {
      const sql = await prepared();
      await sql.run('UPDATE cafe24_tokens SET script_tag = ? WHERE mall_id = ?', [
        scriptNo,
        mallId,
      ]);
    },

    async saveState(state: string, mallId: string, expiresAt: number): Promise<void> {
      const sql = await prepared();
      await sql.run(
        'INSERT INTO cafe24_install_states (state, mall_id, expires_at) VALUES (?, ?, ?)',
        [state, mallId, expiresAt],
      );
    },

    /** Single use: the row is deleted whether or not it was still valid (one atomic statement). */
    async takeState(state: string, now: number): Promise<string | undefined> {
      const sql = await prepared();
      const row = await sql.get(
        'DELETE FROM cafe24_install_states WHERE state = ? RETURNING mall_id, expires_at',
        [state],
      );
      await sql.run('DELETE FROM cafe24_install_states WHERE expires_at <= ?', [now]);
      if (!row || num(row.expires_at) <= now) return undefined;
      return str(row.mall_id);
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;

/** Seals the tokens of rows stored in plain text (before encryption at rest existed). */
async function sealPlainRows(db: Sql, sealer: Sealer): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.all(
      `SELECT mall_id, access_token, refresh_token FROM cafe24_tokens${forUpdate(tx)}`,
    );
    for (const raw of rows) {
      const at = str(raw.access_token);
      const rt = str(raw.refresh_token);
      if (isSealed(at) && isSealed(rt)) continue;
      await tx.run(
        'UPDATE cafe24_tokens SET access_token = ?, refresh_token = ? WHERE mall_id = ?',
        [
          isSealed(at) ? at : sealer.seal(at),
          isSealed(rt) ? rt : sealer.seal(rt),
          str(raw.mall_id),
        ],
      );
    }
  });
}

const params = (sealer: Sealer, t: TokenSet) => ({
  at: sealer.seal(t.accessToken),
  ate: t.accessExpiresAt,
  rt: sealer.seal(t.refreshToken),
  rte: t.refreshExpiresAt,
  scopes: t.scopes.join(','),
});
