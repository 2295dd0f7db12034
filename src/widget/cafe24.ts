/**
 * The Cafe24 hand-off (ARCHITECTURE.md "Completing a Cafe24 store session"): a verified shopper
 * becomes a store session through the store's Single Sign-On, where our backend is the identity
 * provider (serviceguide.cafe24.com SH.OP.SS). Skins start it with
 * `MemberAction.snsLogin('sso', encodeURIComponent(returnUrl))`.
 *
 * The store's SSO reaches /sso/authorize by top-level navigation, so the shopper is recognised by a
 * first-party cookie on the backend's origin, set by a top-level form POST of the one-time ticket
 * to /sso/handoff (the ticket never sits in a URL). Back on this page, `resume` (run as the bundle
 * loads) starts the store's SSO. Works without third-party cookies (Safari, in-app browsers).
 */
import {
  HANDOFF_CONFIRM_PATH,
  HANDOFF_FRAGMENT,
  type HandoffConfirmRequest,
  STORAGE_PREFIX,
} from '../contract';
import { warn } from './errors';
import { prop } from './guards';
import { randomToken } from './random';

const KEY = `${STORAGE_PREFIX}sso`;

/** Cafe24's `MemberAction.snsLogin('sso', returnUrl)` bound, when this page is a Cafe24 store's. */
function snsLogin(): ((returnUrl: string) => void) | undefined {
  const action = prop(window, 'MemberAction');
  const fn = prop(action, 'snsLogin');
  return typeof fn === 'function' ? (to) => Reflect.apply(fn, action, ['sso', to]) : undefined;
}

/** True on a Cafe24 store's page (Cafe24's front script defines `MemberAction.snsLogin`). */
export const isCafe24Store = (): boolean => Boolean(snsLogin());

/**
 * Hands the verified shopper to the store's SSO. False when this is not a Cafe24 store page (the
 * caller goes on as usual); true when the page is leaving for the backend.
 */
export function handOff(backend: string, ticket: string, returnTo: URL): boolean {
  if (!snsLogin()) return false;
  const form = document.createElement('form');
  // Binds the hand-off to this tab: the backend asks it back when the skin's referrer policy kept
  // the browser from naming this page (`resume`).
  const nonce = randomToken();
  try {
    // A path on this store; the mark is the time too, as it lives no longer than the ticket.
    const to =
      returnTo.origin === location.origin ? returnTo.href.slice(returnTo.origin.length) : '/';
    sessionStorage.setItem(KEY, JSON.stringify([to, Date.now(), nonce, backend]));
  } catch {
    return false;
  }
  form.method = 'post';
  form.action = `${backend}/sso/handoff`;
  const fields = { ticket, back: location.href, nonce };
  for (const [name, value] of Object.entries(fields))
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
  document.body.append(form);
  form.submit();
  return true;
}

/**
 * Back from /sso/handoff (at most 2 minutes later): start the store's SSO, once. When the backend
 * could not tell which page handed off (the skin's referrer policy withheld `Origin`), it sent this
 * page `#sl_handoff=<confirmation>`: taken out of the address at once, and confirmed with the tab's
 * nonce first. A page that did not start the hand-off has no mark and confirms nothing.
 */
export function resume(now: number = Date.now()): void {
  try {
    const [, confirmation] = location.hash.split(`#${HANDOFF_FRAGMENT}=`);
    if (confirmation !== undefined)
      history.replaceState(history.state, '', location.pathname + location.search);
    const mark: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '0');
    sessionStorage.removeItem(KEY);
    const start = snsLogin();
    const [to, at, nonce, backend] = Array.isArray(mark) ? mark : [];
    if (!start || typeof to !== 'string' || typeof at !== 'number' || now - at >= 120_000) return;
    const go = () => start(encodeURIComponent(to));
    if (confirmation === undefined) {
      go();
      return;
    }
    const body: HandoffConfirmRequest = { confirmation, nonce };
    // Whatever the answer, the store's SSO runs: refused, it shows the store's own message.
    fetch(backend + HANDOFF_CONFIRM_PATH, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then((res) => res.ok || Promise.reject(res.status))
      .catch((why) => warn(`hand-off not confirmed (${why})`, 'security'))
      .finally(go);
  } catch {}
}

resume();
