/**
 * The hand-off ticket /api/exchange answers with (contract `ExchangeResponse.ticket`): one-time,
 * 2 minutes, bound to the verified shopper's subject and the profile the store's signup reads.
 */
import type { Provider, ShopperProfile } from '../../contract';
import { type AppIds, subjectFor } from '../members';
import type { GrantStore } from '../storage/index';
import { type ShopperGrant, TICKET_TTL_MS } from './grants';

export type TicketIssuer = (
  provider: Provider,
  user: ShopperProfile,
) => Promise<string | undefined>;

export function ticketIssuer(grants: GrantStore, appIds: AppIds, now: () => number): TicketIssuer {
  return async (provider, user) => {
    const subject = subjectFor(appIds, user);
    if (!subject) return undefined;
    const grant: ShopperGrant = {
      subject,
      provider,
      profile: {
        ...(user.name ? { name: user.name } : {}),
        ...(user.email ? { email: user.email } : {}),
        ...(user.phone ? { phone: user.phone } : {}),
      },
    };
    return grants.issue('ticket', grant, now() + TICKET_TTL_MS);
  };
}
