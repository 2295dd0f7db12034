/**
 * Which browser the shopper is in, from the user agent. Tokens from the reference sheet
 * (/work/shared/reference/providers.md "In-app browsers"): Kakao's auto-login guide checks
 * `KAKAOTALK`; the others follow ua-parser-js / matomo device-detector.
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
  [/FBAN|FBAV|FB_IAB/, 'facebook'],
  [/\bBAND\//, 'band'],
  [/; ?wv\)/, 'other'],
];

export function environment(userAgent: string = navigator.userAgent): Environment {
  const ua = String(userAgent);
  const inApp = IN_APP.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  const os: Os = /iPhone|iPad|iPod/.test(ua) ? 'ios' : /Android/.test(ua) ? 'android' : 'other';
  return { inApp, os, mobile: os !== 'other' || /Mobi/.test(ua) };
}
