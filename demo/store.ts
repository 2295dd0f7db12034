/**
 * The demo store as a Cafe24 store: what Cafe24 renders into a skin's pages around the merchant's
 * markup, for the store pages (`store: true` in demo/server.ts). With the Cafe24 store stand-in
 * mounted (`npm start` in sandbox mode) a page gets Cafe24's front scripts (MemberAction,
 * CAFE24API) in <head>, the skin's `Layout_stateLogon` / `Layout_stateLogoff` block for the
 * session's member, and the store's SSO error. Without it (real providers) a page is a plain store
 * page: no MemberAction, so a login ends with `sociallogin:success`.
 */
import type { Context } from 'hono';
import type { Cafe24Store } from '../src/sandbox/cafe24-store/index.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Cafe24 renders a skin's `module="Layout_stateLogon"` block (class `xans-layout-statelogon`) only
 * for a signed-in member and `Layout_stateLogoff` otherwise (public Cafe24 skins); the widget's
 * default `data-signed-in-selector` looks for the first, and its welcome waits for it.
 */
function layoutState(memberId: string | undefined, mobile: boolean): string {
  const state = memberId ? 'statelogon' : 'statelogoff';
  const links = mobile
    ? '<a href="/myshop/index.html">마이쇼핑</a>'
    : [
        '<a href="/">갤러리</a>',
        '<a href="/index.html">홈</a>',
        memberId ? '' : '<a href="/member/login.html">로그인</a>',
        '<a href="/myshop/index.html">마이쇼핑</a>',
      ]
        .filter(Boolean)
        .join(' · ');
  const mobileClass = mobile ? ' m-nav' : '';
  return `<nav class="xans-element- xans-layout xans-layout-${state}${mobileClass}" aria-label="쇼핑몰 메뉴">${links}</nav>`;
}

/**
 * Who the store's session holds, as the page reads it through CAFE24API.getCustomerIDInfo
 * (demo/assets/member.js), and the store's logout (back to this page).
 */
function sessionPanel(path: string, memberId: string | undefined): string {
  return `<section class="demo-panel store-session" aria-labelledby="store-session-title">
      <h2 id="store-session-title">Store session</h2>
      <p id="store-session-status" aria-live="polite">Store session: checking…</p>
      <form method="post" action="/exec/front/member/logout"${memberId ? '' : ' hidden'}>
        <input type="hidden" name="returnUrl" value="${escapeHtml(path)}">
        <button id="logout" type="submit">로그아웃</button>
      </form>
    </section>`;
}

/** The store's own message after a failed SSO (`?sso_error=`), as the stand-in redirects. */
function ssoNotice(c: Context): string {
  const error = c.req.query('sso_error');
  if (!error) return '';
  const text = `SSO 로그인에 실패했습니다 (${error}): ${c.req.query('sso_error_description') ?? ''}`;
  return `<p class="store-notice" id="store-notice" role="alert">${escapeHtml(text)}</p>`;
}

/** /myshop/index.html: leaving the store for a member (Cafe24's 회원 탈퇴), a login link for a guest. */
function myshopActions(memberId: string | undefined): string {
  return memberId
    ? `<form method="post" action="/exec/front/member/withdraw">
      <button id="withdraw" type="submit">회원 탈퇴</button>
    </form>`
    : `<p>로그인이 필요합니다.
      <a href="/member/login.html?returnUrl=%2Fmyshop%2Findex.html">로그인</a></p>`;
}

/**
 * Fills a store page's `{{CAFE24_SCRIPTS}}` (in <head>), `{{LAYOUT_STATE}}`, `{{STORE_NOTICE}}`,
 * `{{STORE_SESSION}}` and `{{MYSHOP_ACTIONS}}`.
 */
export function fillStorePage(html: string, c: Context, store: Cafe24Store | undefined): string {
  const memberId = store?.memberOf(c);
  const mobile = c.req.path.startsWith('/m/');
  return html
    .replaceAll(
      '{{CAFE24_SCRIPTS}}',
      store
        ? '<script src="/cafe24-store.js"></script>\n  <script src="/assets/member.js" defer></script>'
        : '',
    )
    .replaceAll('{{LAYOUT_STATE}}', layoutState(memberId, mobile))
    .replaceAll('{{STORE_SESSION}}', store ? sessionPanel(c.req.path, memberId) : '')
    .replaceAll('{{STORE_NOTICE}}', store ? ssoNotice(c) : '')
    .replaceAll('{{MYSHOP_ACTIONS}}', myshopActions(memberId));
}
