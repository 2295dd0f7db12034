/**
 * Everything the backend keeps, behind one small interface (issue 4): one-time grants (hand-off
 * tickets, the browser's SSO session, authorization codes, access tokens), member links and
 * tombstones. The default is the embedded SQLite file at DATABASE_URL (WAL, migrations at start);
 * `:memory:` runs the very same code for tests and the sandbox. Other features (the Cafe24 app's
 * tokens) add their own tables through `db` with their own migration list.
 */
import { type Db, migrate, openDatabase } from './database';
import { createGrantStore, GRANT_MIGRATIONS, type GrantStore } from './grants';
import { createMemberTable, MEMBER_MIGRATIONS, type MemberTable } from './members';

export type { Grant, GrantKind, GrantStore } from './grants';
export type { Link, MemberTable, Tombstone } from './members';

export interface Storage {
  /** The open database, for features that bring their own migrations (`migrate(db, list)`). */
  db: Db;
  grants: GrantStore;
  members: MemberTable;
  close(): void;
}

export interface StorageOptions {
  /** Milliseconds since the epoch; expiry is judged by it. */
  now?: () => number;
}

export const STORAGE_MIGRATIONS = [...GRANT_MIGRATIONS, ...MEMBER_MIGRATIONS];

/** Opens (and migrates) the database at `url`: `file:<path>` or `:memory:`. */
export function openStorage(url: string, options: StorageOptions = {}): Storage {
  const db = openDatabase(url);
  migrate(db, STORAGE_MIGRATIONS);
  const now = options.now ?? Date.now;
  return {
    db,
    grants: createGrantStore(db, now),
    members: createMemberTable(db, now),
    close: () => db.close(),
  };
}
