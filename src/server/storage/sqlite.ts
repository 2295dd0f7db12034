/**
 * The embedded SQLite database: one file under ./data by default, WAL journal so readers never
 * wait for the writer, synchronous=FULL, and forward-only migrations applied at start, each in its
 * own transaction. The driver is `libsql` (docs/deploy.md says why): SQLite's file format, locks
 * and WAL, in a binary npm ships per platform, so installing it compiles nothing. It answers
 * synchronously; the async `Sql` face only adds a queue, so a transaction's statements never
 * interleave with another request's on the one connection. Only `exec`, `prepare` (`all`, `run`,
 * `reader`) and `inTransaction` are used, a surface Node's own `node:sqlite` shares.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Libsql from 'libsql';
import {
  type Database,
  type Migration,
  type Param,
  type Row,
  type Sql,
  StorageUnavailableError,
} from './sql';

export type SqliteHandle = Libsql.Database;

/** `file:<path>` (relative to the working directory) or `:memory:` (tests, the sandbox). */
export function openSqliteHandle(url: string): SqliteHandle {
  if (url === ':memory:') return new Libsql(':memory:');
  if (!url.startsWith('file:')) {
    throw new Error(
      `DATABASE_URL must be "file:<path>", ":memory:" or "postgres://…"; got "${url}".`,
    );
  }
  const path = resolve(url.slice('file:'.length));
  mkdirSync(dirname(path), { recursive: true });
  const db = new Libsql(path);
  // busy_timeout first: switching to WAL needs a lock another starting instance may hold.
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: a committed transaction survives power loss too (NORMAL in WAL mode may lose the last
  // ones), and a rotated Cafe24 refresh token is the only valid one.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  return db;
}

/** Another process holds the write lock past busy_timeout: as good as unreachable for now. */
function wrap(error: unknown): unknown {
  const code = error instanceof Error ? String(Reflect.get(error, 'code')) : '';
  return /^SQLITE_BUSY/.test(code)
    ? new StorageUnavailableError('the SQLite database is locked by another process', {
        cause: error,
      })
    : error;
}

export function migrateSqlite(db: SqliteHandle, migrations: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id TEXT PRIMARY KEY,
    applied_at INTEGER NOT NULL
  )`);
  const seen = db.prepare('SELECT 1 FROM migrations WHERE id = ?');
  const applied: string[] = [];
  for (const migration of migrations) {
    if (seen.all(migration.id).length > 0) continue;
    // Asked again under the write lock: another process starting at the same moment may have
    // applied it while this one waited for the lock.
    db.exec('BEGIN IMMEDIATE');
    try {
      if (seen.all(migration.id).length === 0) {
        db.exec(migration.sql);
        db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)').run(
          migration.id,
          Date.now(),
        );
        applied.push(migration.id);
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
  return applied;
}

export interface SqliteDatabase extends Database {
  /** The driver's own handle, for tests that look at files. */
  readonly handle: SqliteHandle;
}

export function sqliteDatabase(db: SqliteHandle): SqliteDatabase {
  const statements = new Map<string, Libsql.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const direct = {
    all: (sql: string, params: readonly Param[] = []): Row[] => {
      const statement = prepare(sql);
      if (statement.reader) return statement.all(...params) as Row[];
      statement.run(...params);
      return [];
    },
    run: (sql: string, params: readonly Param[] = []) => prepare(sql).run(...params).changes,
  };
  const attempt = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw wrap(error);
    }
  };

  // One transaction at a time on the one connection; while any runs or waits, single statements
  // queue behind it too (a statement run inside another's transaction would share its fate).
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    pending += 1;
    const previous = tail;
    let release = () => {};
    tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    return previous.then(fn).finally(() => {
      pending -= 1;
      release();
    });
  };
  const statement = <T>(guarded: boolean, fn: () => T): Promise<T> =>
    guarded && pending > 0
      ? exclusive(async () => attempt(fn))
      : new Promise<T>((resolve) => resolve(attempt(fn)));

  const face = (guarded: boolean): Sql => ({
    dialect: 'sqlite',
    all: (sql, params) => statement(guarded, () => direct.all(sql, params)),
    get: (sql, params) => statement(guarded, () => direct.all(sql, params)[0]),
    run: (sql, params) => statement(guarded, () => direct.run(sql, params)),
    transaction: (fn) => (guarded ? transaction(fn) : fn(face(false))),
  });

  const transaction = <T>(fn: (tx: Sql) => Promise<T>): Promise<T> =>
    exclusive(async () => {
      attempt(() => db.exec('BEGIN IMMEDIATE'));
      try {
        const result = await fn(face(false));
        attempt(() => db.exec('COMMIT'));
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });

  return {
    ...face(true),
    handle: db,
    migrate: async (migrations) => attempt(() => migrateSqlite(db, migrations)),
    close: async () => {
      db.close();
    },
  };
}
