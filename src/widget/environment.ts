/**
 * Which browser the shopper is in, from the user agent (docs/api.md "KakaoTalk in-app browser" and
 * "Other in-app browsers"): Kakao's auto-login guide checks `KAKAOTALK` (which also covers 11.x
 * `KAKAOTALK/11.3.1 (INAPP)` and the ONE store build's `;KAKAOTALK_ONESTORE`); the others follow
 * ua-parser-js / matomo device-detector. The table of real user agents with their sources is
 * test/widget/fixtures/user-agents.ts.
 */
export type InApp =
  | 'kakaotalk'
  | 'naver'
  | 'daum'
  | 'line'
  | 'instagram'
  | 'facebook'
  | 'kakaostory'
  | 'band'
  | 'other'
  | null;
export type Os = 'ios' | 'android' | 'other';
export interface Environment {
  inApp: InApp;
  os: Os;
  mobile: boolean;
}

// Order matters: KakaoStory before KakaoTalk is not needed (different tokens), but the specific
// apps must win over the generic Android webview marker `; wv)` they all carry.
const IN_APP: [RegExp, Exclude<InApp, null>][] = [
  [/KAKAOTALK/i, 'kakaotalk'],
  [/KAKAOSTORY\//i, 'kakaostory'],
  [/NAVER\(inapp/i, 'naver'],
  [/DaumApps\//i, 'daum'],
  [/\bLine\//, 'line'],
  [/Instagram/i, 'instagram'],
  // Newest iOS Facebook builds send only `MetaIAB Facebook`, no FBAN/FBAV.
  [/FBAN|FBAV|FB_IAB|MetaIAB/, 'facebook'],
  [/\bBAND\//, 'band'],
  [/; ?wv\)/, 'other'],
];

export function environment(userAgent: string = navigator.userAgent): Environment {
  const ua = String(userAgent);
  const os: Os = /iPhone|iPad|iPod/.test(ua) ? 'ios' : /Android/.test(ua) ? 'android' : 'other';
  // Every iOS browser (Safari, CriOS, FxiOS, EdgiOS, Whale) says `Safari`; an app's WKWebView
  // that says nothing more is a webview we know only generically.
  const inApp =
    IN_APP.find(([pattern]) => pattern.test(ua))?.[1] ??
    (os === 'ios' && !/Safari/.test(ua) ? 'other' : null);
  return { inApp, os, mobile: os !== 'other' || /Mobi/.test(ua) };
}
