/**
 * Where a shopper goes after a successful login started on the store's login page: never back to
 * the login form, since the shopper just signed in. Pure: URLs in, URL out.
 */

/** Cafe24's login page, PC (`/member/login.html`) or mobile skin (`/m/member/login.html`). */
const LOGIN_PAGE = 'member/login.html';

const isLoginPage = (url: URL): boolean => url.pathname.endsWith(`/${LOGIN_PAGE}`);

/** `text` as a URL on `here`'s origin, or null. */
function onOrigin(text: string, here: URL): URL | null {
  try {
    const url = new URL(text, here);
    return text && url.origin === here.origin ? url : null;
  } catch {
    return null;
  }
}

/**
 * `returnTo` (the `data-return-to` option, else Cafe24's `returnUrl` query, else the page the
 * button was on) unless it is a login page; then the store page the shopper came from
 * (`referrer`, read on the login page) when it is on this store and names a page other than a
 * login page; else
 * the store's home: Cafe24's `/index.html`, or `/m/index.html` beside a mobile skin's login page.
 */
export function afterLogin(returnTo: string, referrer: string, href: string): string {
  const here = new URL(href);
  const to = onOrigin(returnTo, here);
  if (!to || !isLoginPage(to)) return returnTo;
  // An origin alone names no page: it is what a referrer policy leaves of a cross-origin hop (the
  // provider's redirect back to this page, for one), not where the shopper was.
  const came = onOrigin(referrer, here);
  if (came && !isLoginPage(came) && came.href !== `${here.origin}/`) return came.href;
  return new URL(`${to.pathname.slice(0, -LOGIN_PAGE.length)}index.html`, here).href;
}
