/**
 * The sandbox Cafe24 app's credentials and shop: like the Kakao and Naver sandbox keys they only
 * open the sandbox (no real Cafe24 endpoint accepts them), so `npm start` installs the app offline.
 */
export const SANDBOX_CAFE24 = {
  clientId: 'sandbox-cafe24-client-id',
  clientSecret: 'sandbox-cafe24-client-secret',
  mallId: 'demomall',
} as const;
