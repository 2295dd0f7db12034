/**
 * Who has come through the identity provider (links) and who deleted their store account
 * (tombstones), both keyed by the stable subject of src/server/sso/subject.ts. Links hold ids
 * only — names, e-mails and phone numbers live no longer than the grants that carry them.
 */
import type { Db, Migration } from './database';

export interface Link {
  subject: string;
  provider: string;
  appId: string;
  providerUserId: string;
}

export interface Tombstone {
  subject: string;
  deletedAt: number;
}

export interface MemberTable {
  /** Records the link when unseen; whether this subject had been seen before. */
  link(link: Link): 'new' | 'existing';
  tombstone(subject: string): Tombstone | undefined;
  /** The store deleted this member: the same social account may not sign up again. */
  bury(subject: string): void;
  /**
   * Whether the link exists and was confirmed as a store member (the store's Admin API found
   * `<subject>@s`); only a confirmed link can later be judged deleted.
   */
  linkState(subject: string): 'none' | 'unconfirmed' | 'confirmed';
  confirm(subject: string): void;
}

export const MEMBER_MIGRATIONS: readonly Migration[] = [
  {
    id: 'members-001-links-tombstones',
    sql: `CREATE TABLE member_links (
      subject TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      app_id TEXT NOT NULL,
      provider_user_id TEXT NOT NULL,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL
    );
    CREATE TABLE member_tombstones (
      subject TEXT PRIMARY KEY,
      deleted_at INTEGER NOT NULL
    );`,
  },
  {
    id: 'members-002-link-confirmed',
    sql: 'ALTER TABLE member_links ADD COLUMN confirmed_at INTEGER',
  },
];

export function createMemberTable(db: Db, now: () => number): MemberTable {
  const insert = db.prepare(
    `INSERT INTO member_links (subject, provider, app_id, provider_user_id, first_seen, last_seen)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subject) DO NOTHING`,
  );
  const touch = db.prepare('UPDATE member_links SET last_seen = ? WHERE subject = ?');
  const grave = db.prepare('SELECT deleted_at FROM member_tombstones WHERE subject = ?');
  const bury = db.prepare(
    'INSERT INTO member_tombstones (subject, deleted_at) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING',
  );
  const forget = db.prepare('DELETE FROM member_links WHERE subject = ?');
  const state = db.prepare('SELECT confirmed_at FROM member_links WHERE subject = ?');
  const confirm = db.prepare(
    'UPDATE member_links SET confirmed_at = ? WHERE subject = ? AND confirmed_at IS NULL',
  );

  return {
    link(link) {
      const at = now();
      const { changes } = insert.run(
        link.subject,
        link.provider,
        link.appId,
        link.providerUserId,
        at,
        at,
      );
      if (changes === 1) return 'new';
      touch.run(at, link.subject);
      return 'existing';
    },
    tombstone(subject) {
      const row: unknown = grave.get(subject);
      const deletedAt = typeof row === 'object' && row ? Reflect.get(row, 'deleted_at') : undefined;
      return typeof deletedAt === 'number' ? { subject, deletedAt } : undefined;
    },
    bury: db.transaction((subject: string) => {
      bury.run(subject, now());
      forget.run(subject);
    }),
    linkState(subject) {
      const row: unknown = state.get(subject);
      if (typeof row !== 'object' || !row) return 'none';
      return typeof Reflect.get(row, 'confirmed_at') === 'number' ? 'confirmed' : 'unconfirmed';
    },
    confirm(subject) {
      confirm.run(now(), subject);
    },
  };
}
