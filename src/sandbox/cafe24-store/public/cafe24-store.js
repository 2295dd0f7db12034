/*
 * Stand-ins for two scripts every Cafe24 store page has, so the widget meets them offline:
 *
 * - MemberAction.snsLogin(provider, returnUrl): skins call it from their social buttons with the
 *   return URL already encoded, e.g. MemberAction.snsLogin('naver', '%2Findex.html') (public
 *   skins' /member/login.html). For 'sso' the store starts its Single Sign-On: its server sends
 *   the shopper to the identity provider's authorize URL (serviceguide.cafe24.com SH.OP.SS).
 * - CAFE24API.init({client_id, version}) and getCustomerIDInfo(function (err, res) {…}), where
 *   res.id.member_id is the logged-in member and res.id.guest_id a guest (Cafe24 front JS SDK,
 *   as public store scripts use it).
 */
(() => {
  window.MemberAction = {
    snsLogin: (provider, returnUrl) => {
      if (provider !== 'sso') {
        console.warn(`[cafe24-store stand-in] only snsLogin("sso") is simulated; got ${provider}`);
        return;
      }
      location.href = `/Api/Member/Oauth2ClientLogin/sso/?returnUrl=${returnUrl || encodeURIComponent('/')}`;
    },
  };
  window.CAFE24API = {
    // The stand-in mall (SANDBOX_CAFE24.mallId): the store's members are its Admin API customers.
    MALL_ID: 'demomall',
    init: () => window.CAFE24API,
    getCustomerIDInfo: (callback) => {
      fetch('/exec/front/member/customer-id', { credentials: 'same-origin' })
        .then((response) => response.json())
        .then((body) => {
          callback(null, { id: body });
        })
        .catch((error) => {
          callback(error, null);
        });
    },
  };
})();
