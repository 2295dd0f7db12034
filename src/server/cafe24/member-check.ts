/**
 * Deleted members on a live store (seed 000: a social member who deleted their store account
 * cannot join again with the same social account). The store tells no one when a member leaves
 * unless a webhook is set up, so at `/api/exchange` the Admin API is asked, for a returning
 * shopper on a mall with the app installed, whether `<subject>@s` still exists
 * (`GET /customers?member_id=`, customers.ts):
 * - found: the link is confirmed as a store member (the welcome confirms it too);
 * - not found, link confirmed before: the member was deleted → tombstone, `login_blocked`;
 * - not found, never confirmed: nothing — the shopper may have left the store's signup half-way;
 * - the Admin API fails (not installed, needs re-authorisation, down): the login goes on (fail
 *   open) and the failure is logged, since refusing every login while Cafe24 is down is worse.
 */
import type { ShopperProfile } from '../../contract';
import { ApiError } from '../errors';
import { type AppIds, DELETED_MEMBER_MESSAGE, subjectFor } from '../members';
import type { MemberTable } from '../storage/index';
import type { AdminClient } from './client';
import { findCustomer } from './customers';

export type MemberCheck = (user: ShopperProfile, origin: string | undefined) => Promise<void>;

export function deletedMemberCheck(options: {
  members: MemberTable;
  client: AdminClient;
  appIds: AppIds;
  mallForOrigin: (origin: string) => string | undefined;
  warn: (message: string) => void;
}): MemberCheck {
  return async (user, origin) => {
    const mall = origin ? options.mallForOrigin(origin) : undefined;
    const subject = subjectFor(options.appIds, user);
    if (!mall || !subject) return;
    const state = options.members.linkState(subject);
    if (state === 'none') return;
    let found: boolean;
    try {
      found = (await findCustomer(options.client, mall, `${subject}@s`)) !== undefined;
    } catch (error) {
      const why = error instanceof ApiError ? `${error.code}: ${error.message}` : 'unknown error';
      options.warn(`deleted-member check skipped for mall "${mall}" (${why})`);
      return;
    }
    if (found) return options.members.confirm(subject);
    if (state !== 'confirmed') return;
    options.members.bury(subject);
    throw new ApiError('login_blocked', DELETED_MEMBER_MESSAGE);
  };
}
