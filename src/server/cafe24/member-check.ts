/**
 * Deleted members on a live store (Cafe24's rule, serviceguide.cafe24.com/en_US/PM.SN.LI.html: a social member who deleted
 * their store account cannot join again with the same social account). The store tells no one when a member leaves
 * unless a webhook is set up, so at `/api/exchange` the Admin API is asked, for a returning
 * shopper on a mall with the app installed, whether `<subject>@s` still exists
 * (`GET /customers?member_id=`, customers.ts):
 * - found: the link is confirmed as a store member (the welcome confirms it too);
 * - not found, link confirmed before: the member was deleted → tombstone, `login_blocked`;
 * - not found, never confirmed: nothing — the shopper may have left the store's signup half-way;
 * - the Admin API fails or is slow (not installed, needs re-authorisation, down, rate-limited past
 *   `deadlineMs`): the login goes on (fail open) and the failure is logged, since refusing every
 *   login while Cafe24 is down is worse, and a shopper must not wait on a busy mall's bucket.
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
  mallForOrigin: (origin: string) => Promise<string | undefined>;
  warn: (message: string) => void;
  /** How long a login waits for the Admin API's answer. Default 2 s. */
  deadlineMs?: number;
}): MemberCheck {
  const deadlineMs = options.deadlineMs ?? 2000;
  return async (user, origin) => {
    const mall = origin ? await options.mallForOrigin(origin) : undefined;
    const subject = subjectFor(options.appIds, user);
    if (!mall || !subject) return;
    const state = await options.members.linkState(subject);
    if (state === 'none') return;
    let found: boolean;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ApiError('upstream_timeout', `no answer within ${deadlineMs} ms`)),
        deadlineMs,
      );
    });
    try {
      const customer = findCustomer(options.client, mall, `${subject}@s`);
      customer.catch(() => {}); // a late failure after the deadline is not unhandled
      found = (await Promise.race([customer, late])) !== undefined;
    } catch (error) {
      const why = error instanceof ApiError ? `${error.code}: ${error.message}` : 'unknown error';
      options.warn(`deleted-member check skipped for mall "${mall}" (${why})`);
      return;
    } finally {
      clearTimeout(timer);
    }
    if (found) return options.members.confirm(subject);
    if (state !== 'confirmed') return;
    await options.members.bury(subject);
    throw new ApiError('login_blocked', DELETED_MEMBER_MESSAGE, { reason: 'member_deleted' });
  };
}
