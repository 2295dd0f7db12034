/**
 * The hand-off ticket /api/exchange answers with (contract `ExchangeResponse.ticket`): one-time,
 * 2 minutes, bound to the verified shopper's subject, the profile the store's signup reads, and the
 * allowed Origin of the page that asked (a CORS request always carries it): /sso/handoff takes it
 * back only for a page on that same origin.
 */
import type { Provider, ShopperProfile } from '../../contract';
import { type AppIds, subjectFor } from '../members';
import type { GrantStore } from '../storage/index';
import { TICKET_TTL_MS, type TicketGrant } from './grants';

export type TicketIssuer = (
  provider: Provider,
  user: ShopperProfile,
  origin: string,
) => string | undefined;

export function ticketIssuer(grants: GrantStore, appIds: AppIds, now: () => number): TicketIssuer {
  return (provider, user, origin) => {
    const subject = subjectFor(appIds, user);
    if (!subject) return undefined;
    const grant: TicketGrant = {
      subject,
      provider,
      profile: {
        ...(user.name ? { name: user.name } : {}),
        ...(user.email ? { email: user.email } : {}),
        ...(user.phone ? { phone: user.phone } : {}),
      },
      origin,
    };
    return grants.issue('ticket', grant, now() + TICKET_TTL_MS);
  };
}
