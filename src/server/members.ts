/**
 * Who is already a member of the store. Behind an interface so the in-memory version (sandbox, tests)
 * and the SQLite one (a later issue) are interchangeable; createApp takes it in deps.
 */
import type { ShopperProfile } from '../contract';

export type MemberStatus = 'existing' | 'new';

export interface MemberStore {
  /** Records the shopper when unseen; answers whether they were a member before this login. */
  resolve(user: ShopperProfile): Promise<MemberStatus>;
}

/** Forgets everyone on restart: fine for the sandbox and tests, not for a store. */
export function createMemoryMemberStore(): MemberStore {
  const known = new Set<string>();
  return {
    async resolve(user) {
      if (known.has(user.id)) return 'existing';
      known.add(user.id);
      return 'new';
    },
  };
}
