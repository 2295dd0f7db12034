/**
 * Who has come through the identity provider (links) and who deleted their store account
 * (tombstones), both keyed by the stable subject of src/server/sso/subject.ts. Links hold ids
 * only — names, e-mails and phone numbers live no longer than the grants that carry them.
 */
import { type Migration, num, type Sql } from './sql';

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
  link(link: Link): Promise<'new' | 'existing'>;
  tombstone(subject: string): Promise<Tombstone | undefined>;
  /** The store deleted this member: the same social account may not sign up again. */
  bury(subject: string): Promise<void>;
  /**
   * Whether the link exists and was confirmed as a store member (the store's Admin API found
   * `<subject>@s`); only a confirmed link can later be judged deleted.
   */
  linkState(subject: string): Promise<'none' | 'unconfirmed' | 'confirmed'>;
  confirm(subject: string): Promise<void>;
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
    postgres: `CREATE TABLE member_links (
      subject TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      app_id TEXT NOT NULL,
      provider_user_id TEXT NOT NULL,
      first_seen BIGINT NOT NULL,
      last_seen BIGINT NOT NULL
    );
    CREATE TABLE member_tombstones (
      subject TEXT PRIMARY KEY,
      deleted_at BIGINT NOT NULL
    );`,
  },
  {
    id: 'members-002-link-confirmed',
    sql: 'ALTER TABLE member_links ADD COLUMN confirmed_at INTEGER',
    postgres: 'ALTER TABLE member_links ADD COLUMN confirmed_at BIGINT',
  },
];

export function createMemberTable(sql: Sql, now: () => number): MemberTable {
  return {
    async link(link) {
      const at = now();
      const inserted = await sql.run(
        `INSERT INTO member_links (subject, provider, app_id, provider_user_id, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subject) DO NOTHING`,
        [link.subject, link.provider, link.appId, link.providerUserId, at, at],
      );
      if (inserted === 1) return 'new';
      await sql.run('UPDATE member_links SET last_seen = ? WHERE subject = ?', [at, link.subject]);
      return 'existing';
    },
    async tombstone(subject) {
      const row = await sql.get('SELECT deleted_at FROM member_tombstones WHERE subject = ?', [
        subject,
      ]);
      return row ? { subject, deletedAt: num(row.deleted_at) } : undefined;
    },
    bury: (subject) =>
      sql.transaction(async (tx) => {
        await tx.run(
          'INSERT INTO member_tombstones (subject, deleted_at) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING',
          [subject, now()],
        );
        await tx.run('DELETE FROM member_links WHERE subject = ?', [subject]);
      }),
    async linkState(subject) {
      const row = await sql.get('SELECT confirmed_at FROM member_links WHERE subject = ?', [
        subject,
      ]);
      if (!row) return 'none';
      return row.confirmed_at === null || row.confirmed_at === undefined
        ? 'unconfirmed'
        : 'confirmed';
    },
    async confirm(subject) {
      await sql.run(
        'UPDATE member_links SET confirmed_at = ? WHERE subject = ? AND confirmed_at IS NULL',
        [now(), subject],
      );
    },
  };
}
