/**
 * Everything the backend keeps, behind one small interface: one-time grants (hand-off tickets, the
 * browser's SSO session, authorization codes, access tokens), member links, tombstones and the
 * shared rate-limit buckets. DATABASE_URL picks the database: the embedded SQLite file (the default,
 * one machine; `:memory:` for tests and the sandbox) or PostgreSQL (`postgres://…`), which any
 * number of instances share. Other features (the Cafe24 app's tokens) add their own tables through
 * `sql.migrate` with their own migration list.
 */
import {
  createGrantStore,
  GRANT_MIGRATIONS,
  type GrantKind,
  type GrantStore,
  mallOfGrant,
} from './grants';
import { createMemberTable, MEMBER_MIGRATIONS, type MemberTable } from './members';
import { postgresDatabase } from './postgres';
import { RATE_MIGRATIONS } from './rate';
import type { Database } from './sql';
import { migrateSqlite, openSqliteHandle, sqliteDatabase } from './sqlite';

export type { Grant, GrantKind, GrantStore } from './grants';
export type { Link, MemberTable, Tombstone } from './members';
export type { Database, Migration, Sql } from './sql';
export { DEFAULT_MALL } from './sql';

/** What one mall keeps: its grants, its member links and tombstones. */
export interface MallData {
  grants: GrantStore;
  members: MemberTable;
}

export interface Storage extends MallData {
  /** The open database, for features that bring their own migrations (`sql.migrate(list)`). */
  sql: Database;
  /** The default mall's grants (the one configured from the environment). */
  grants: GrantStore;
  members: MemberTable;
  /** Another mall's grants and members; no row of one mall is ever seen through another's. */
  mall(id: string): MallData;
  /** The mall a live grant was issued in, if any (a bearer token shown without its client). */
  mallOfGrant(kind: GrantKind, value: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** Milliseconds since the epoch; expiry is judged by it. */
  now?: () => number;
  /** PostgreSQL: connections per instance (DATABASE_POOL_SIZE). */
  poolSize?: number;
}

export const STORAGE_MIGRATIONS = [...GRANT_MIGRATIONS, ...MEMBER_MIGRATIONS, ...RATE_MIGRATIONS];

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

function storageOver(sql: Database, options: StorageOptions): Storage {
  const now = options.now ?? Date.now;
  return {
    sql,
    grants: createGrantStore(sql, now),
    members: createMemberTable(sql, now),
    mall: (id) => ({
      grants: createGrantStore(sql, now, id),
      members: createMemberTable(sql, now, id),
    }),
    mallOfGrant: (kind, value) => mallOfGrant(sql, now(), kind, value),
    close: () => sql.close(),
  };
}

/** Opens and migrates the database at `url`: `postgres://…`, `file:<path>` or `:memory:`. */
export async function openStorage(url: string, options: StorageOptions = {}): Promise<Storage> {
  if (!isPostgresUrl(url)) return openSqliteStorage(url, options);
  const sql = postgresDatabase(url, options.poolSize ? { poolSize: options.poolSize } : {});
  try {
    await sql.migrate(STORAGE_MIGRATIONS);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return storageOver(sql, options);
}

/** SQLite only, opened and migrated synchronously (createApp's in-memory default). */
export function openSqliteStorage(url: string, options: StorageOptions = {}): Storage {
  const handle = openSqliteHandle(url);
  migrateSqlite(handle, STORAGE_MIGRATIONS);
  return storageOver(sqliteDatabase(handle), options);
}

/** The database at `url`, not migrated: features and tests that bring their own tables. */
export function openDatabase(url: string, options: StorageOptions = {}): Database {
  return isPostgresUrl(url)
    ? postgresDatabase(url, options.poolSize ? { poolSize: options.poolSize } : {})
    : sqliteDatabase(openSqliteHandle(url));
}
