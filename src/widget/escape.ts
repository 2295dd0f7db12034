/**
 * Leaving an in-app browser for the shopper's own browser, where provider login works with the
 * shopper's saved sessions. Why (docs/api.md "Other in-app browsers"): Kakao login is known to end
 * on a white screen in Instagram's in-app browser (wonism/react-kakao-login#48;
 * minji0214.github.io/blog/kakao-sdk-login), and these webviews (the NAVER and Daum apps too) share
 * no login session with the phone's browser. Every in-app browser gets the row; KakaoTalk only when
 * Kakao-only mode is not on (then Kakao login works right there), which the caller decides.
 */
import type { Environment } from './environment';

/** Whether this browser gets the "open in your browser" row. */
export const needsEscape = (env: Environment): boolean => env.inApp !== null;

/**
 * A link that opens `href` outside the app, or null when there is none (then: copy the link).
 * LINE opens any URL carrying `openExternalBrowser=1` in the default browser (developers.line.biz
 * docs/line-login/using-line-url-scheme, "URLを外部ブラウザで開く"). On Android an intent URL
 * (developer.chrome.com/docs/android/intents) hands the page to Chrome, or to the Play Store when
 * Chrome is missing. iOS has no documented way out of a third-party webview.
 */
export function externalUrl(env: Environment, href: string): string | null {
  const url = new URL(href);
  // KakaoTalk opens this in the phone's default browser (community-documented, not in Kakao's docs;
  // reference sheet "Escape hatches"); it works on iOS, where nothing else does.
  if (env.inApp === 'kakaotalk')
    return `kakaotalk://web/openExternal?url=${encodeURIComponent(href)}`;
  if (env.inApp === 'line') {
    url.searchParams.set('openExternalBrowser', '1');
    return url.href;
  }
  return env.os === 'android'
    ? `intent://${url.host}${url.pathname}${url.search}#Intent;scheme=${url.protocol.slice(0, -1)};package=com.android.chrome;end`
    : null;
}
