/**
 * Who is already a member of the store, behind one interface so createApp can take any store in
 * deps; the default is over storage (SQLite), which
 * links each shopper's stable subject and refuses a shopper whose store account was deleted
 * (Cafe24's social login settings, serviceguide.cafe24.com/en_US/PM.SN.LI.html: a customer who signed up with a social
 * account and deleted their store account cannot join again with the same social account).
 */
import { isProvider, type Provider, type ShopperProfile } from '../contract';
import { ApiError } from './errors';
import { subjectOf } from './sso/subject';
import type { MemberTable } from './storage/index';

export type MemberStatus = 'existing' | 'new';

export interface MemberStore {
  /** Records the shopper when unseen; answers whether they were a member before this login. */
  resolve(user: ShopperProfile): Promise<MemberStatus>;
}

/** The provider app each provider's user ids belong to (Kakao REST API key, Naver client ID). */
export type AppIds = Partial<Record<Provider, string>>;

export const DELETED_MEMBER_MESSAGE =
  'this social account belonged to a store member who deleted their account, so it cannot sign up again; log in with another account or contact the store';

export function providerOf(user: ShopperProfile): Provider | undefined {
  const prefix = user.id.slice(0, user.id.indexOf(':'));
  return isProvider(prefix) ? prefix : undefined;
}

/** The shopper's stable subject, or undefined when their provider is not configured here. */
export function subjectFor(appIds: AppIds, user: ShopperProfile): string | undefined {
  const provider = providerOf(user);
  const appId = provider && appIds[provider];
  return provider && appId ? subjectOf(provider, appId, user.providerUserId) : undefined;
}

export function createLinkedMemberStore(members: MemberTable, appIds: AppIds): MemberStore {
  return {
    async resolve(user) {
      const provider = providerOf(user);
      const subject = subjectFor(appIds, user);
      if (!provider || !subject) {
        throw new ApiError(
          'unsupported_provider',
          `"${user.id}" is not from a configured provider`,
        );
      }
      if (await members.tombstone(subject))
        throw new ApiError('login_blocked', DELETED_MEMBER_MESSAGE, { reason: 'member_deleted' });
      return members.link({
        subject,
        provider,
        appId: appIds[provider] ?? '',
        providerUserId: user.providerUserId,
      });
    },
  };
}
