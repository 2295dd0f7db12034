/**
 * Leaving an in-app browser for the shopper's own browser, where provider login works with the
 * shopper's saved sessions. Which apps and why (README "Other in-app browsers"): Kakao login is
 * known to end on a white screen in Instagram's in-app browser (wonism/react-kakao-login#48;
 * minji0214.github.io/blog/kakao-sdk-login), and these webviews share no login session with the
 * system browser. KakaoTalk, the NAVER app and Daum are left alone: Kakao-only mode covers
 * KakaoTalk, and the NAVER and Daum apps carry their own provider's session.
 */
import type { Environment } from './environment';

const ESCAPE_FROM = ['line', 'instagram', 'facebook', 'band', 'kakaostory', 'other'];

/** Whether this browser gets the "open in your browser" row. */
export const needsEscape = (env: Environment): boolean => ESCAPE_FROM.includes(`${env.inApp}`);

/**
 * A link that opens `href` outside the app, or null when there is none (then: copy the link).
 * LINE opens any URL carrying `openExternalBrowser=1` in the default browser (developers.line.biz
 * docs/line-login/using-line-url-scheme, "URLを外部ブラウザで開く"). On Android an intent URL
 * (developer.chrome.com/docs/android/intents) hands the page to Chrome, or to the Play Store when
 * Chrome is missing. iOS has no documented way out of a third-party webview.
 */
export function externalUrl(env: Environment, href: string): string | null {
  const url = new URL(href);
  if (env.inApp === 'line') {
    url.searchParams.set('openExternalBrowser', '1');
    return url.href;
  }
  return env.os === 'android'
    ? `intent://${url.host}${url.pathname}${url.search}#Intent;scheme=${url.protocol.slice(0, -1)};package=com.android.chrome;end`
    : null;
}
