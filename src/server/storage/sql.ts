/**
 * The one way the backend talks to its database, whichever it is: a few async calls over SQL
 * written once with `?` placeholders. SQLite (libsql, embedded, one machine) and
 * PostgreSQL (node-postgres pool, any number of instances) implement it in sqlite.ts and
 * postgres.ts. SQL that differs between the two is chosen by `dialect` where it is written.
 */

export type Dialect = 'sqlite' | 'postgres';
export type Param = string | number | null;
export type Row = Record<string, unknown>;

export interface Sql {
  readonly dialect: Dialect;
  /** Every row the statement returns (SELECT, or anything with RETURNING). */
  all(sql: string, params?: readonly Param[]): Promise<Row[]>;
  get(sql: string, params?: readonly Param[]): Promise<Row | undefined>;
  /** A statement without rows: how many rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /**
   * `fn` alone against the database until it returns: SQLite takes its write lock up front
   * (`BEGIN IMMEDIATE`), PostgreSQL runs it on one pooled connection (rows locked with
   * `forUpdate`). Committed when `fn` resolves, rolled back when it throws.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export interface Database extends Sql {
  /** Applies the migrations this database has not seen; once, even when instances start together. */
  migrate(migrations: readonly Migration[]): Promise<string[]>;
  close(): Promise<void>;
}

export interface Migration {
  /** Unique and stable forever, e.g. `sso-001-grants`. */
  id: string;
  /** SQLite's statements (the first dialect; kept as shipped, databases already ran them). */
  sql: string;
  /** PostgreSQL's, where types differ (BIGINT for millisecond times); default: `sql`. */
  postgres?: string;
}

/**
 * The mall whose rows carry no other id: the one configured from the environment, and every row
 * written before the backend served several malls (docs/malls.md). Not a valid Cafe24 mall id, so
 * a registered mall can never take it.
 */
export const DEFAULT_MALL = 'default';

/** Locks the selected rows until the transaction ends; SQLite's `BEGIN IMMEDIATE` already did. */
export const forUpdate = (sql: Sql) => (sql.dialect === 'postgres' ? ' FOR UPDATE' : '');

/**
 * The database could not be reached or dropped the connection (PostgreSQL restarting, network):
 * answered 503 `service_unavailable`, and worth retrying for a write that must not be lost.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
}

export const isStorageUnavailable = (error: unknown): boolean =>
  error instanceof StorageUnavailableError;

/** Reads a column as a number: PostgreSQL's BIGINT arrives as a string from some drivers. */
export const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value));
export const str = (value: unknown): string =>
  typeof value === 'string' ? value : String(value ?? '');
export const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : num(value);
