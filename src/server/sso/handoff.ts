/**
 * The hand-off's rules: when a top-level form POST to /sso/handoff may turn a ticket into the
 * browser's SSO session, under any referrer policy a store's skin sets (ARCHITECTURE.md "Completing
 * a Cafe24 store session").
 *
 * A browser names the page behind a form POST in `Origin`, except when the page's referrer policy
 * withholds it: `no-referrer` always, `same-origin` for another origin, and the `strict-origin*` /
 * `no-referrer-when-downgrade` policies from https to http send `Origin: null` (Fetch standard,
 * "append a request `Origin` header"). A CORS request such as /api/exchange carries the real Origin
 * whatever the policy.
 *
 * What the ticket cannot prove on its own is WHOSE browser presents it: any shopper can read a
 * ticket for their own account in their own browser and have a victim's browser post it from
 * another site with `Origin: null` (login CSRF: the victim then signs in to the store as that
 * shopper). So:
 *   - an Origin the browser names must be the ticket's (refused 403 otherwise, foreign pages first);
 *   - `back` must be a page on the ticket's origin, which is on ALLOWED_ORIGINS;
 *   - without a named Origin the session is opened only after the page it goes back to confirms it:
 *     the confirmation travels in the URL fragment of that page (only that origin's scripts read it)
 *     and comes back through a CORS request, which names its Origin, with the nonce the tab kept in
 *     sessionStorage when it started the hand-off. A page that did not start it has no nonce to send.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import { HANDOFF_FRAGMENT, type HandoffConfirmRequest } from '../../contract';
import { ApiError } from '../errors';
import type { GrantStore } from '../storage/index';
import {
  type BrowserGrant,
  type ConfirmationGrant as Confirmation,
  ConfirmationGrant,
  parseGrant,
  TicketGrant,
} from './grants';

export interface HandoffRequest {
  /** The `Origin` header as sent: absent, `null`, or an origin. */
  origin: string | undefined;
  back: string;
  ticket: string;
  /** The widget's per-hand-off nonce (kept in the tab's sessionStorage). */
  nonce: string | undefined;
}

export type HandoffResult =
  | { kind: 'refused'; status: 400 | 403; message: string }
  /** Back to the store page; with `session`, the cookie to set for what is left of the 2 minutes. */
  | { kind: 'back'; to: URL; session?: { value: string; expiresAt: number } };

/** Base64url characters, 16 to 128 of them (the widget sends 22: 128 random bits). */
const NONCE = /^[\w-]{16,128}$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** An Origin the browser vouched for; undefined when it withheld it (`null`, or none at all). */
const namedOrigin = (origin: string | undefined) =>
  origin === undefined || origin === 'null' ? undefined : origin;

export function handOff(
  grants: GrantStore,
  allowedOrigins: ReadonlySet<string>,
  request: HandoffRequest,
): HandoffResult {
  const named = namedOrigin(request.origin);
  // A foreign page is turned away before its ticket is even looked at.
  if (named !== undefined && !allowedOrigins.has(named))
    return refused(403, 'This page is not one of the store pages in ALLOWED_ORIGINS.');
  const back = URL.canParse(request.back) ? new URL(request.back) : undefined;
  if (!back || !allowedOrigins.has(back.origin))
    return refused(400, '"back" must be a page on one of ALLOWED_ORIGINS.');
  if (named === undefined && !NONCE.test(request.nonce ?? ''))
    return refused(
      403,
      'The browser did not say which page sent this hand-off, and it carries no nonce to confirm it with.',
    );

  // Single use: a ticket shown here is spent, whatever follows.
  const taken = grants.take('ticket', request.ticket);
  const ticket = parseGrant(TicketGrant, taken);
  // Without a valid ticket the store's SSO still runs and comes back with access_denied.
  if (!taken || !ticket) return { kind: 'back', to: back };
  if (back.origin !== ticket.origin || (named !== undefined && named !== ticket.origin))
    return refused(403, 'The ticket was issued to another store page than the one handing it off.');

  const { subject, provider, profile } = ticket;
  const shopper = { subject, provider, profile };
  if (named !== undefined) {
    // The browser named the page, and it is the ticket's: nothing left to prove.
    const value = grants.issue('browser', shopper satisfies BrowserGrant, taken.expiresAt);
    return { kind: 'back', to: back, session: { value, expiresAt: taken.expiresAt } };
  }
  const confirm = randomBytes(32).toString('base64url');
  const value = grants.issue(
    'browser',
    { ...shopper, confirm } satisfies BrowserGrant,
    taken.expiresAt,
  );
  const confirmation = grants.issue(
    'confirmation',
    { confirm, origin: ticket.origin, nonce: sha256(request.nonce ?? '') } satisfies Confirmation,
    taken.expiresAt,
  );
  const to = new URL(back);
  to.hash = `${HANDOFF_FRAGMENT}=${confirmation}`;
  return { kind: 'back', to, session: { value, expiresAt: taken.expiresAt } };
}

function refused(status: 400 | 403, message: string): HandoffResult {
  return { kind: 'refused', status, message };
}

/** True when the browser session may be used at /sso/authorize (confirmed, if it had to be). */
export function sessionOpen(grants: GrantStore, session: BrowserGrant): boolean {
  return session.confirm === undefined || grants.take('confirmed', session.confirm) !== undefined;
}

const ConfirmBody = z.object({
  confirmation: z.string().min(1).max(128),
  nonce: z.string().regex(NONCE),
}) satisfies z.ZodType<HandoffConfirmRequest>;

/**
 * `POST /api/handoff/confirm` from the page the hand-off came back to. Origin, rate, size and JSON
 * are checked by the /api guards before this runs (app.ts). 204 when the session is open.
 */
export function confirmHandler(grants: GrantStore) {
  return async (c: Context) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ApiError('invalid_request', 'body must be a JSON object');
    }
    const parsed = ConfirmBody.safeParse(body);
    if (!parsed.success)
      throw new ApiError(
        'invalid_request',
        'body must be {"confirmation": the #sl_handoff value, "nonce": the hand-off\'s nonce}',
      );
    const taken = grants.take('confirmation', parsed.data.confirmation);
    const grant = parseGrant(ConfirmationGrant, taken);
    if (!taken || !grant)
      throw new ApiError(
        'invalid_grant',
        'the hand-off confirmation is unknown, expired or already used',
      );
    if (c.req.header('origin') !== grant.origin)
      throw new ApiError('origin_not_allowed', 'the hand-off was made for another store page');
    if (sha256(parsed.data.nonce) !== grant.nonce)
      throw new ApiError('invalid_grant', 'the hand-off was not started in this tab');
    grants.spend('confirmed', grant.confirm, taken.expiresAt);
    return c.body(null, 204);
  };
}
