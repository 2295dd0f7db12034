/**
 * The Cafe24 tokens at rest and the refresh machinery around them, without a server: tokens sealed
 * with AES-256-GCM (plain rows from before are sealed at start; another SESSION_SECRET opens
 * nothing and counts as "needs re-authorisation"), the commit of a rotated token retried while
 * the database is busy or unreachable, the lease derived from the upstream timeout, and the job that refreshes a mall
 * whose refresh token is about to expire.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { maintenance, REFRESH_WINDOW_MS } from '../../src/server/cafe24/maintenance';
import type { TokenClient } from '../../src/server/cafe24/oauth';
import { tokenSealer } from '../../src/server/cafe24/sealed';
import {
  CAFE24_MIGRATIONS,
  createTokenStore,
  type TokenSet,
} from '../../src/server/cafe24/token-store';
import { createTokens, leaseMsFor, NeedsReauthError } from '../../src/server/cafe24/tokens';
import { ApiError } from '../../src/server/errors';
import { type Database, openDatabase } from '../../src/server/storage/index';
import { StorageUnavailableError } from '../../src/server/storage/sql';
import { DATABASE_KINDS, type DatabaseKind, freshDatabase } from './databases';

const SECRET = 'cafe24-storage-test-secret-0123456789abcdef';
const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 24 * 3600_000;

const set = (n: number, refreshDays = 14): TokenSet => ({
  accessToken: `access-${n}`,
  accessExpiresAt: NOW + 2 * 3600_000,
  refreshToken: `refresh-${n}`,
  refreshExpiresAt: NOW + refreshDays * DAY,
  scopes: ['mall.read_customer'],
});

/** A fresh, migrated database of `kind` for one test; all closed and dropped after the file. */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});
async function databaseOf(kind: DatabaseKind): Promise<Database> {
  const fresh = await freshDatabase(kind);
  const db = openDatabase(fresh.url);
  cleanups.push(async () => {
    await db.close();
    await fresh.drop();
  });
  await db.migrate(CAFE24_MIGRATIONS);
  return db;
}

/** A token endpoint that rotates like Cafe24: only the newest refresh token works. */
function rotatingClient(first = 1) {
  let current = first;
  const calls: string[] = [];
  const client: TokenClient = {
    exchangeCode: async () => set(current),
    refresh: async (_mall, refreshToken) => {
      calls.push(refreshToken);
      if (refreshToken !== `refresh-${current}`)
        throw new ApiError('invalid_grant', 'Cafe24 (token) refused the refresh_token grant');
      current += 1;
      return set(current);
    },
  };
  return { client, calls };
}

describe.each(DATABASE_KINDS)('on %s', (kind) => {
  const database = () => databaseOf(kind);

  describe('Cafe24 tokens at rest', () => {
    it('are stored sealed (AES-256-GCM), never in plain text, and read back as they were', async () => {
      const db = await database();
      const store = createTokenStore(db, tokenSealer(SECRET));
      await store.install('mall1', set(1), NOW);
      const raw = await db.get('SELECT access_token, refresh_token FROM cafe24_tokens');
      expect(JSON.stringify(raw)).not.toContain('access-1');
      expect(JSON.stringify(raw)).not.toContain('refresh-1');
      expect(Reflect.get(Object(raw), 'refresh_token')).toMatch(/^v1\.[\w-]{40,}$/);
      expect(await store.read('mall1')).toMatchObject({
        accessToken: 'access-1',
        refreshToken: 'refresh-1',
      });
    });

    it('seals rows written in plain text before encryption, once, at start', async () => {
      const db = await database();
      await db.run(
        `INSERT INTO cafe24_tokens (mall_id, access_token, access_expires_at, refresh_token,
           refresh_expires_at, scopes, version, updated_at) VALUES ('old', 'plain-a', 1, 'plain-r', 2, '', 1, 0)`,
      );
      const store = createTokenStore(db, tokenSealer(SECRET));
      await store.installedMalls(); // the first use seals
      const raw = await db.get('SELECT access_token, refresh_token FROM cafe24_tokens');
      expect(JSON.stringify(raw)).not.toContain('plain-');
      expect(await store.read('old')).toMatchObject({
        accessToken: 'plain-a',
        refreshToken: 'plain-r',
      });
      const sealedOnce = JSON.stringify(raw);
      await createTokenStore(db, tokenSealer(SECRET)).installedMalls(); // a second start changes nothing
      expect(
        JSON.stringify(await db.get('SELECT access_token, refresh_token FROM cafe24_tokens')),
      ).toBe(sealedOnce);
    });

    it('opens nothing under another SESSION_SECRET: the mall then needs re-authorisation', async () => {
      const db = await database();
      await createTokenStore(db, tokenSealer(SECRET)).install('mall1', set(1), NOW);
      const store = createTokenStore(db, tokenSealer('another-secret-0123456789abcdef-0123'));
      expect(await store.read('mall1')).toMatchObject({ accessToken: '', needsReauth: true });
      const tokens = createTokens({
        store,
        client: rotatingClient().client,
        timeoutMs: 1000,
        now: () => NOW,
      });
      await expect(tokens.accessToken('mall1')).rejects.toBeInstanceOf(NeedsReauthError);
    });
  });

  describe('refreshing', () => {
    it('holds a lease for twice the upstream timeout plus 5 s', async () => {
      expect(leaseMsFor(5000)).toBe(15_000);
      const db = await database();
      const store = createTokenStore(db, tokenSealer(SECRET));
      await store.install('mall1', { ...set(1), accessExpiresAt: NOW }, NOW);
      const lease = await store.tryLease('mall1', 'me', {
        now: NOW,
        leaseMs: leaseMsFor(5000),
        goodUntil: NOW,
      });
      expect(lease).toMatchObject({ kind: 'leased', row: { leaseUntil: NOW + 15_000 } });
    });

    it('retries the commit of a rotated token while the database is busy or unreachable', async () => {
      const db = await database();
      const store = createTokenStore(db, tokenSealer(SECRET));
      await store.install('mall1', { ...set(1), accessExpiresAt: NOW }, NOW);
      const commit = store.commitRefresh.bind(store);
      let busy = 3;
      const spy = vi.spyOn(store, 'commitRefresh').mockImplementation(async (...args) => {
        if (busy-- > 0) throw new StorageUnavailableError('database is locked');
        await commit(...args);
      });
      const tokens = createTokens({
        store,
        client: rotatingClient().client,
        timeoutMs: 1000,
        now: () => NOW,
      });
      expect(await tokens.accessToken('mall1')).toBe('access-2');
      expect(spy).toHaveBeenCalledTimes(4);
      expect(await store.read('mall1')).toMatchObject({
        refreshToken: 'refresh-2',
        refreshStartedAt: null,
      });
    });

    it('marks the mall "needs re-authorisation" when Cafe24 refuses the refresh token, and stops asking', async () => {
      const db = await database();
      const store = createTokenStore(db, tokenSealer(SECRET));
      await store.install(
        'mall1',
        { ...set(1), accessExpiresAt: NOW, refreshToken: 'refresh-0' },
        NOW,
      );
      const { client, calls } = rotatingClient();
      const warn = vi.fn();
      const tokens = createTokens({ store, client, timeoutMs: 1000, now: () => NOW, warn });
      await expect(tokens.accessToken('mall1')).rejects.toThrow(
        'the Cafe24 app on mall "mall1" needs re-authorisation: Cafe24 no longer accepts its tokens. Open the app from the store admin (Apps › My apps) to authorise it again',
      );
      expect((await store.read('mall1'))?.needsReauth).toBe(true);
      expect(warn).toHaveBeenCalledWith(
        'Cafe24 mall "mall1" needs re-authorisation: the refresh token was refused',
      );
      await expect(tokens.accessToken('mall1')).rejects.toBeInstanceOf(NeedsReauthError);
      expect(calls).toEqual(['refresh-0']); // Cafe24 is not asked again
      // A new install (the merchant opened the app) clears it.
      await store.install('mall1', set(5), NOW);
      expect((await store.read('mall1'))?.needsReauth).toBe(false);
    });
  });

  describe('the refresh job', () => {
    it('refreshes only malls whose refresh token expires within the window, through the lease', async () => {
      const db = await database();
      const store = createTokenStore(db, tokenSealer(SECRET));
      await store.install('soon', set(1, 2), NOW); // 2 days left
      await store.install('later', set(1, 10), NOW); // 10 days left
      await store.setScriptTag('soon', '1001');
      await store.setScriptTag('later', '1002');
      const { client, calls } = rotatingClient();
      const tokens = createTokens({ store, client, timeoutMs: 1000, now: () => NOW });
      const job = maintenance({
        store,
        tokens,
        ensureScriptTag: async () => ({}),
        now: () => NOW,
        warn: () => {},
      });
      await job.runOnce();
      expect(calls).toEqual(['refresh-1']);
      expect(await store.read('soon')).toMatchObject({
        refreshToken: 'refresh-2',
        refreshExpiresAt: NOW + 14 * DAY,
      });
      expect((await store.read('later'))?.refreshToken).toBe('refresh-1');
      await job.runOnce(); // nothing is due any more
      expect(calls).toHaveLength(1);
      expect(REFRESH_WINDOW_MS).toBe(3 * DAY);
    });

    it('settles a refresh a dead process left in flight, with the stored refresh token', async () => {
      const db = await database();
      const store = createTokenStore(db, tokenSealer(SECRET));
      await store.install('orphan', set(1), NOW);
      await store.setScriptTag('orphan', '1001');
      // Another host's process took the lease, wrote the marker and vanished; its lease ran out.
      await store.tryLease('orphan', 'elsewhere:1:x', {
        now: NOW - 60_000,
        leaseMs: 15_000,
        goodUntil: Infinity,
      });
      expect((await store.read('orphan'))?.refreshStartedAt).toBe(NOW - 60_000);
      const { client, calls } = rotatingClient();
      const warn = vi.fn();
      const tokens = createTokens({ store, client, timeoutMs: 1000, now: () => NOW, warn });
      await maintenance({
        store,
        tokens,
        ensureScriptTag: async () => ({}),
        now: () => NOW,
        warn,
      }).runOnce();
      expect(calls).toEqual(['refresh-1']); // the request had never reached Cafe24: it still works
      expect(await store.read('orphan')).toMatchObject({
        refreshToken: 'refresh-2',
        refreshStartedAt: null,
      });
      expect(warn).toHaveBeenCalledWith(
        'Cafe24 mall "orphan": an earlier refresh never finished (its process died or its answer was lost); trying the stored refresh token',
      );
    });

    it('retries the script tag of a mall where it is not known to be, and logs failures', async () => {
      const db = await database();
      const store = createTokenStore(db, tokenSealer(SECRET));
      await store.install('notag', set(1), NOW);
      const warnings: string[] = [];
      const ensure = vi.fn().mockRejectedValueOnce(new Error('Cafe24 was down'));
      const job = maintenance({
        store,
        tokens: { refreshIfExpiringBefore: async () => '', rejected: async () => '' },
        ensureScriptTag: ensure,
        now: () => NOW,
        warn: (m) => warnings.push(m),
      });
      await job.runOnce();
      expect(warnings).toEqual(['Cafe24 maintenance for mall "notag" failed: Cafe24 was down']);
      await job.runOnce();
      expect(ensure).toHaveBeenCalledTimes(2);
    });
  });
});

describe('the refresh job timers', () => {
  it('runs soon after start, then every interval, until stop() clears the timers', async () => {
    vi.useFakeTimers();
    try {
      const runs = vi.fn();
      const store = createTokenStore(openDatabase(':memory:'), tokenSealer(SECRET));
      vi.spyOn(store, 'all').mockImplementation(async () => {
        runs();
        return [];
      });
      const stop = maintenance({
        store,
        tokens: { refreshIfExpiringBefore: async () => '', rejected: async () => '' },
        ensureScriptTag: async () => ({}),
        now: () => NOW,
        warn: () => {},
        intervalMs: 1000,
        firstRunMs: 100,
      }).start();
      await vi.advanceTimersByTimeAsync(150);
      expect(runs).toHaveBeenCalledTimes(1); // soon after start
      await vi.advanceTimersByTimeAsync(2000);
      expect(runs).toHaveBeenCalledTimes(3);
      stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(runs).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
