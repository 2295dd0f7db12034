/**
 * The embedded SQLite database (better-sqlite3): one file under ./data by default, WAL journal so
 * readers never wait for the writer, synchronous=FULL, and forward-only migrations applied at start. Each feature
 * owns its tables and its migrations (a list of named SQL steps); `migrate` applies the ones this
 * database has not seen yet, each in its own transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_DATABASE_URL } from '../config';

export type Db = Database.Database;

export interface Migration {
  /** Unique and stable forever, e.g. `sso-001-tickets`. */
  id: string;
  sql: string;
}

/** `file:<path>` (relative to the working directory) or `:memory:` (tests). */
export function openDatabase(url: string = DEFAULT_DATABASE_URL): Db {
  if (url === ':memory:') return new Database(':memory:');
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be "file:<path>" or ":memory:"; got "${url}".`);
  }
  const path = resolve(url.slice('file:'.length));
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives power loss too (NORMAL in WAL mode may lose the last
  // ones), and a rotated Cafe24 refresh token is the only valid one (seed 003).
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): string[] {
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
    })();
    applied.push(migration.id);
  }
  return applied;
}
