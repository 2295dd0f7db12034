/**
 * Where a shopper goes after a successful login, when the page did not say (`data-return-to`).
 * Pure: URLs in, URL out. Never back to a login form: the shopper just signed in.
 */

/** Cafe24's login page, PC (`/member/login.html`) or mobile (`/m/member/login.html`). */
const LOGIN_PAGE = 'member/login.html';

const isLoginPage = (url: URL, redirectPath: string): boolean =>
  url.pathname.endsWith(`/${LOGIN_PAGE}`) || url.pathname === redirectPath;

/** `text` as an absolute URL on `here`'s origin, or null. */
function sameOrigin(text: string | null | undefined, here: URL): URL | null {
  try {
    const url = new URL(text || '', here);
    return text && url.origin === here.origin ? url : null;
  } catch {
    return null;
  }
}

/**
 * 1. Cafe24's `returnUrl` query parameter, when it is on this store;
 * 2. off the login page, this page (a product page's widget brings the shopper back to it);
 * 3. on the login page, the page the shopper came from (`document.referrer`) when it is on this
 *    store and is not a login page itself;
 * 4. else the store's home: Cafe24's `/index.html` (`/m/index.html` beside a `/m/` login page).
 */
export function defaultReturnTo(href: string, referrer: string, redirectPath: string): string {
  const here = new URL(href);
  const asked = sameOrigin(here.searchParams.get('returnUrl'), here);
  if (asked) return asked.href;
  if (!isLoginPage(here, redirectPath)) return here.href;
  const came = sameOrigin(referrer, here);
  if (came && !isLoginPage(came, redirectPath)) return came.href;
  const base = here.pathname.endsWith(`/${LOGIN_PAGE}`)
    ? here.pathname.slice(0, -LOGIN_PAGE.length)
    : '/';
  return new URL(`${base}index.html`, here).href;
}
