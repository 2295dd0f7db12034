/**
 * The stand-in store's pages: Cafe24-like markup (the PC skin's `xans-member-login` module), the
 * stand-in Cafe24 scripts in <head> as a real store has them, and the widget's tag as a merchant
 * pastes it. Plain strings with every dynamic value escaped.
 */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Every page carries the widget's tag, as the Cafe24 app's script tag puts it on every page of a
 * store, and the skin's `Layout_stateLogon` / `Layout_stateLogoff` block: Cafe24 renders
 * `xans-layout-statelogon` only for a signed-in member (the widget's `data-signed-in-selector`).
 */
function layout(title: string, body: string, tail = '', memberId?: string): string {
  return `<!doctype html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} - 샌드박스 카페24 스토어</title>
  <script src="/cafe24-store.js"></script>
  <style>
    body { margin: 0; font-family: "Malgun Gothic", "Apple SD Gothic Neo", sans-serif; color: #353535; }
    header { display: flex; justify-content: space-between; padding: 16px 24px; border-bottom: 1px solid #e5e5e5; }
    main { max-width: 420px; margin: 40px auto; padding: 0 16px; }
    fieldset { border: 0; padding: 0; margin: 0 0 24px; }
    input { display: block; width: 100%; box-sizing: border-box; margin: 0 0 8px; padding: 12px; border: 1px solid #d5d5d5; }
    .btnLogin { width: 100%; padding: 14px; background: #353535; color: #fff; border: 0; }
    .notice { padding: 12px; background: #fff4f4; border: 1px solid #f3c5c5; color: #b00020; }
  </style>
</head>
<body>
  <header><a href="/index.html">SANDBOX CAFE24 STORE</a>
    ${
      memberId
        ? `<nav class="xans-element- xans-layout xans-layout-statelogon"><a href="/myshop/index.html">마이쇼핑</a></nav>`
        : `<nav class="xans-element- xans-layout xans-layout-statelogoff"><a href="/member/login.html">로그인</a> · <a href="/myshop/index.html">마이쇼핑</a></nav>`
    }</header>
  <main>${body}</main>
  ${tail}
</body>
</html>`;
}

/** Shows the member the store's session holds, read through the CAFE24API stand-in. */
const WHO = `<p>현재 회원: <strong id="store-member">…</strong></p>
<script>CAFE24API.getCustomerIDInfo(function (err, res) {
  document.getElementById('store-member').textContent = err ? '(error)' : (res.id.member_id || 'guest ' + res.id.guest_id);
});</script>`;

export function homePage(scriptTag: string, memberId: string | undefined): string {
  return layout('홈', `<h1>Sandbox store</h1>${WHO}`, scriptTag, memberId);
}

export function myshopPage(scriptTag: string, memberId: string | undefined): string {
  const body = memberId
    ? `<h1>마이쇼핑</h1>${WHO}
<form method="post" action="/exec/front/member/withdraw"><button id="withdraw" type="submit">회원 탈퇴</button></form>
<form method="post" action="/exec/front/member/logout"><button id="logout" type="submit">로그아웃</button></form>`
    : '<h1>마이쇼핑</h1><p>로그인이 필요합니다. <a href="/member/login.html?returnUrl=%2Fmyshop%2Findex.html">로그인</a></p>';
  return layout('마이쇼핑', body, scriptTag, memberId);
}

export function loginPage(scriptTag: string, notice: string | undefined): string {
  return layout(
    '로그인',
    `<div class="xans-element- xans-member xans-member-login">
  <h2>회원 로그인</h2>
  ${notice ? `<p class="notice" id="store-notice" role="alert">${escapeHtml(notice)}</p>` : ''}
  <form id="member_form_0000000001" action="#" method="post">
    <fieldset>
      <legend>회원로그인</legend>
      <input id="member_id" name="member_id" type="text" placeholder="아이디" autocomplete="username">
      <input id="member_passwd" name="member_passwd" type="password" placeholder="비밀번호" autocomplete="current-password">
      <button class="btnLogin" type="button" disabled>로그인</button>
    </fieldset>
  </form>
  <div class="sns-login"><p>SNS 계정으로 로그인</p><div data-social-login></div></div>
</div>`,
    scriptTag,
  );
}
