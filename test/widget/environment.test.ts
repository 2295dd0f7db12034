import { describe, expect, it } from 'vitest';
import { environment, type InApp } from '../../src/widget/environment';

// Rows: [what, user agent, inApp, os, mobile, source]
const TABLE: [string, string, InApp, 'ios' | 'android' | 'other', boolean, string][] = [
  [
    'KakaoTalk on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.3.1',
    'kakaotalk',
    'ios',
    true,
    'reference sheet, Kakao auto-login guide (KAKAOTALK token)',
  ],
  [
    'KakaoTalk on Android (numeric build)',
    'Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36;KAKAOTALK 2410310',
    'kakaotalk',
    'android',
    true,
    'reference sheet: "…Safari/537.36;KAKAOTALK 2410310"',
  ],
  [
    'KakaoTalk 11 with (INAPP)',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK/11.2.2 (INAPP)',
    'kakaotalk',
    'ios',
    true,
    'reference sheet: "KAKAOTALK/11.2.2 (INAPP)"',
  ],
  [
    'KakaoTalk ONE store build',
    'Mozilla/5.0 (Linux; Android 13; wv) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36;KAKAOTALK_ONESTORE 2410310',
    'kakaotalk',
    'android',
    true,
    'reference sheet: "KAKAOTALK_ONESTORE"',
  ],
  [
    'KakaoStory is not KakaoTalk',
    'Mozilla/5.0 (Linux; Android 12; wv) AppleWebKit/537.36 Chrome/110 Mobile Safari/537.36 KAKAOSTORY/2.9.0',
    'kakaostory',
    'android',
    true,
    'reference sheet: "KAKAOSTORY/"',
  ],
  [
    'NAVER app',
    'Mozilla/5.0 (Linux; Android 14; wv) AppleWebKit/537.36 Chrome/122 Whale/1.0.0.0 Crosswalk/28 Mobile Safari/537.36 NAVER(inapp; search; 2000; 12.3.4)',
    'naver',
    'android',
    true,
    'reference sheet: "NAVER(inapp; …)", Android carries Whale/Crosswalk',
  ],
  [
    'Daum app',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 DaumApps/8.4.0',
    'daum',
    'ios',
    true,
    'reference sheet: "DaumApps/"',
  ],
  [
    'LINE',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari Line/13.20.0',
    'line',
    'ios',
    true,
    'reference sheet: "Line/"',
  ],
  [
    'Instagram',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Instagram 309.0.1.30.108',
    'instagram',
    'ios',
    true,
    'reference sheet: "Instagram"',
  ],
  [
    'Facebook',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 [FBAN/FBIOS;FBAV/430.0.0.25.110]',
    'facebook',
    'ios',
    true,
    'reference sheet: "FBAN/FBAV/FB_IAB"',
  ],
  [
    'Band',
    'Mozilla/5.0 (Linux; Android 13; wv) AppleWebKit/537.36 Chrome/118 Mobile Safari/537.36 BAND/15.3.1',
    'band',
    'android',
    true,
    'reference sheet: "BAND/"',
  ],
  [
    'an unknown Android webview',
    'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A; wv) AppleWebKit/537.36 Version/4.0 Chrome/119 Mobile Safari/537.36',
    'other',
    'android',
    true,
    'Android WebView marker "; wv)" (developer.chrome.com user-agent docs)',
  ],
  [
    'Chrome on Android',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    null,
    'android',
    true,
    'Chrome reduced UA',
  ],
  [
    'Safari on iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    null,
    'ios',
    true,
    'Safari UA',
  ],
  [
    'Whale browser on a PC (not in-app)',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Whale/3.25.232.19 Safari/537.36',
    null,
    'other',
    false,
    'reference sheet: the Whale browser itself is not in-app',
  ],
  [
    'Chrome on a desktop',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    null,
    'other',
    false,
    'Chrome reduced UA',
  ],
];

describe('environment(userAgent)', () => {
  for (const [what, ua, inApp, os, mobile, source] of TABLE) {
    it(`reads ${what} as ${JSON.stringify({ inApp, os, mobile })} (${source})`, () => {
      expect(environment(ua)).toEqual({ inApp, os, mobile });
    });
  }

  it('reads navigator.userAgent when called without an argument', () => {
    expect(environment()).toEqual(environment(navigator.userAgent));
  });
});
