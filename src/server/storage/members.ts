/**
 * Who has come through the identity provider (links) and who deleted their store account
 * (tombstones), both keyed by the stable subject of src/server/sso/subject.ts. Links hold ids
 * only — names, e-mails and phone numbers live no longer than the grants that carry them. Both are
 * per mall: one shopper is a member of each store separately, and a store that deleted them
 * refuses them there only.
 */
import { DEFAULT_MALL, type Migration, num, type Sql } from './sql';

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
  {
    // The mall joins each key. SQLite cannot change a primary key in place: the tables are copied.
    id: 'members-003-mall',
    sql: `CREATE TABLE member_links_by_mall (
      mall_id TEXT NOT NULL DEFAULT '${DEFAULT_MALL}',
      subject TEXT NOT NULL,
      provider TEXT NOT NULL,
      app_id TEXT NOT NULL,
      provider_user_id TEXT NOT NULL,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL,
      confirmed_at INTEGER,
      PRIMARY KEY (mall_id, subject)
    );
    INSERT INTO member_links_by_mall (mall_id, subject, provider, app_id, provider_user_id,
      first_seen, last_seen, confirmed_at)
      SELECT '${DEFAULT_MALL}', subject, provider, app_id, provider_user_id, first_seen, last_seen,
        confirmed_at FROM member_links;
    DROP TABLE member_links;
    ALTER TABLE member_links_by_mall RENAME TO member_links;
    CREATE TABLE member_tombstones_by_mall (
      mall_id TEXT NOT NULL DEFAULT '${DEFAULT_MALL}',
      subject TEXT NOT NULL,
      deleted_at INTEGER NOT NULL,
      PRIMARY KEY (mall_id, subject)
    );
    INSERT INTO member_tombstones_by_mall (mall_id, subject, deleted_at)
      SELECT '${DEFAULT_MALL}', subject, deleted_at FROM member_tombstones;
    DROP TABLE member_tombstones;
    ALTER TABLE member_tombstones_by_mall RENAME TO member_tombstones;`,
    postgres: `ALTER TABLE member_links ADD COLUMN mall_id TEXT NOT NULL DEFAULT '${DEFAULT_MALL}';
    ALTER TABLE member_links DROP CONSTRAINT member_links_pkey;
    ALTER TABLE member_links ADD PRIMARY KEY (mall_id, subject);
    ALTER TABLE member_tombstones ADD COLUMN mall_id TEXT NOT NULL DEFAULT '${DEFAULT_MALL}';
    ALTER TABLE member_tombstones DROP CONSTRAINT member_tombstones_pkey;
    ALTER TABLE member_tombstones ADD PRIMARY KEY (mall_id, subject);`,
  },
];

/** The links and tombstones of `mall` (the environment's mall unless named). */
export function createMemberTable(
  sql: Sql,
  now: () => number,
  mall: string = DEFAULT_MALL,
): MemberTable {
  return {
    async link(link) {
      const at = now();
      const inserted = await sql.run(
        `INSERT INTO member_links (mall_id, subject, provider, app_id, provider_user_id, first_seen,
           last_seen) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mall_id, subject) DO NOTHING`,
        [mall, link.subject, link.provider, link.appId, link.providerUserId, at, at],
      );
      if (inserted === 1) return 'new';
      await sql.run('UPDATE member_links SET last_seen = ? WHERE mall_id = ? AND subject = ?', [
        at,
        mall,
        link.subject,
      ]);
      return 'existing';
    },
    async tombstone(subject) {
      const row = await sql.get(
        'SELECT deleted_at FROM member_tombstones WHERE mall_id = ? AND subject = ?',
        [mall, subject],
      );
      return row ? { subject, deletedAt: num(row.deleted_at) } : undefined;
    },
    bury: (subject) =>
      sql.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO member_tombstones (mall_id, subject, deleted_at) VALUES (?, ?, ?)
           ON CONFLICT (mall_id, subject) DO NOTHING`,
          [mall, subject, now()],
        );
        await tx.run('DELETE FROM member_links WHERE mall_id = ? AND subject = ?', [mall, subject]);
      }),
    async linkState(subject) {
      const row = await sql.get(
        'SELECT confirmed_at FROM member_links WHERE mall_id = ? AND subject = ?',
        [mall, subject],
      );
      if (!row) return 'none';
      return row.confirmed_at === null || row.confirmed_at === undefined
        ? 'unconfirmed'
        : 'confirmed';
    },
    async confirm(subject) {
      await sql.run(
        `UPDATE member_links SET confirmed_at = ?
         WHERE mall_id = ? AND subject = ? AND confirmed_at IS NULL`,
        [now(), mall, subject],
      );
    },
  };
}
