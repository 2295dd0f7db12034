/**
 * The Single Sign-On client the sandbox registers for the Cafe24 store stand-in (SANDBOX=1): what a
 * merchant would type into "Client ID / Client Secret" under [Store setup › Single Sign-On]. Not
 * secrets — they open only the sandbox.
 */
export const SANDBOX_SSO_CLIENT = {
  clientId: 'sandbox-cafe24-sso',
  clientSecret: 'sandbox-cafe24-sso-client-secret-0123456789',
} as const;

/**
 * Where a Cafe24 store receives the identity provider's code: `/Api/Member/Oauth2ClientCallback/`
 * plus the SSO slot (`sso`, then `sso1`…), as seen on live stores' redirect URIs (unofficial).
 */
export const CAFE24_SSO_CALLBACK_PATH = '/Api/Member/Oauth2ClientCallback/sso/';

/** A coupon the stand-in mall issues to every member who joins (its dates follow from the day). */
export interface SignupCoupon {
  coupon_name: string;
  benefit_type: 'A' | 'B';
  benefit_price?: string;
  benefit_percentage?: string;
  /** Days the coupon stays usable after it is issued. */
  validDays: number;
}

/** What the stand-in mall gives a new member: points (mileage) and coupons. */
export interface SignupBenefit {
  points: number;
  coupons: SignupCoupon[];
}

/**
 * The stand-in mall's signup benefit: sandbox data, not Cafe24's. Cafe24 merchants commonly give a
 * new member a welcome coupon and some mileage (unofficial, seen on live Cafe24 stores' notices,
 * e.g. mseshop.com "신규 가입 회원을 대상으로 적립금 … 지급", taxte.co/membership "회원 가입시 1000원
 * 적립금"), so `npm start`'s welcome notice has something to show after a first login.
 */
export const SANDBOX_SIGNUP_BENEFIT: SignupBenefit = {
  points: 1000,
  coupons: [
    {
      coupon_name: '신규 가입 감사 쿠폰',
      benefit_type: 'A',
      benefit_price: '3000.00',
      validDays: 30,
    },
  ],
};
