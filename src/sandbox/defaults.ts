/**
 * Keys the sandbox answers to when nobody configured any: `npm start` and `SANDBOX=1` use them so
 * the whole login works offline with no provider console at all. They are not secrets — they only
 * open the sandbox — and a real provider rejects every one of them.
 */
export const SANDBOX_CREDENTIALS = {
  kakaoJsKey: 'sandbox-kakao-js-key',
  kakaoRestKey: 'sandbox-kakao-rest-key',
  kakaoClientSecret: 'sandbox-kakao-client-secret',
  naverClientId: 'sandbox-naver-client-id',
  naverClientSecret: 'sandbox-naver-client-secret',
} as const;

/** What the consent pages call the store when the caller did not name it. */
export const SANDBOX_APP_NAME = '데모 스토어';
