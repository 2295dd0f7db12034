/**
 * What each identity-provider grant carries, parsed back with zod when read (the database is
 * outside this process too). Lifetimes: the hand-off ticket and the browser session it becomes
 * share one 2-minute clock (issue 4: "a one-time ticket that lives ≤ 2 minutes"); codes live 60 s
 * (RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"); access
 * tokens 5 minutes, as the store uses them once, right away.
 */
import { z } from 'zod';
import { PROVIDERS } from '../../contract';
import type { Grant } from '../storage/index';

export const TICKET_TTL_MS = 120_000;
export const CODE_TTL_MS = 60_000;
export const ACCESS_TOKEN_TTL_MS = 300_000;

const Profile = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
});

/** A verified shopper. */
export const ShopperGrant = z.object({
  subject: z.string(),
  provider: z.enum(PROVIDERS),
  profile: Profile,
});
export type ShopperGrant = z.infer<typeof ShopperGrant>;

/** The hand-off ticket: the shopper, and the store origin whose page asked /api/exchange for it. */
export const TicketGrant = ShopperGrant.extend({ origin: z.string() });
export type TicketGrant = z.infer<typeof TicketGrant>;

/**
 * The browser's session behind the `sl_sso` cookie. `confirm` is set when the hand-off came without
 * an Origin the browser vouched for: the session opens only once the store page has confirmed it
 * (a `confirmed` grant under that id, see handoff.ts).
 */
export const BrowserGrant = ShopperGrant.extend({ confirm: z.string().optional() });
export type BrowserGrant = z.infer<typeof BrowserGrant>;

/** What the store page's confirmation opens: which browser session, for which origin and tab. */
export const ConfirmationGrant = z.object({
  confirm: z.string(),
  origin: z.string(),
  /** SHA-256 (base64url) of the nonce the widget sent with the hand-off. */
  nonce: z.string(),
});
export type ConfirmationGrant = z.infer<typeof ConfirmationGrant>;

/** A shopper handed to one client: code, access token. */
export const ClientGrant = ShopperGrant.extend({
  clientId: z.string(),
  redirectUri: z.string(),
  /** The authorization request's S256 `code_challenge` (sso/pkce.ts), when it sent one. */
  codeChallenge: z.string().optional(),
});
export type ClientGrant = z.infer<typeof ClientGrant>;

export function parseGrant<T>(schema: z.ZodType<T>, grant: Grant | undefined): T | undefined {
  if (!grant) return undefined;
  const parsed = schema.safeParse(grant.data);
  return parsed.success ? parsed.data : undefined;
}
