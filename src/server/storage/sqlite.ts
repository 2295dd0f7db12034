/**
 * The embedded SQLite database (better-sqlite3): one file under ./data by default, WAL journal so
 * readers never wait for the writer, synchronous=FULL, and forward-only migrations applied at
 * start, each in its own transaction. better-sqlite3 answers synchronously; the async `Sql` face
 * only adds a queue, so a transaction's statements never interleave with another request's on the
 * one connection.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  type Database,
  type Migration,
  type Param,
  type Row,
  type Sql,
  StorageUnavailableError,
} from './sql';

export type SqliteHandle = BetterSqlite3.Database;

/** `file:<path>` (relative to the working directory) or `:memory:` (tests, the sandbox). */
export function openSqliteHandle(url: string): SqliteHandle {
  if (url === ':memory:') return new BetterSqlite3(':memory:');
  if (!url.startsWith('file:')) {
    throw new Error(
      `DATABASE_URL must be "file:<path>", ":memory:" or "postgres://…"; got "${url}".`,
    );
  }
  const path = resolve(url.slice('file:'.length));
  mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives power loss too (NORMAL in WAL mode may lose the last
  // ones), and a rotated Cafe24 refresh token is the only valid one.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
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
  const seen = new Set(
    db
      .prepare('SELECT id FROM migrations')
      .all()
      .map((row) => String((row as { id: unknown }).id)),
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    if (seen.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)').run(
        migration.id,
        Date.now(),
      );
    }).immediate();
    applied.push(migration.id);
  }
  return applied;
}

export interface SqliteDatabase extends Database {
  /** The raw handle, for tests that look at pragmas and files. */
  readonly handle: SqliteHandle;
}

export function sqliteDatabase(db: SqliteHandle): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
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
