import { describe, expect, it } from 'vitest';
import { environment } from '../../src/widget/environment';
import { USER_AGENTS } from './fixtures/user-agents';

// Every row is a real user agent with its source (see the fixture's header).
describe('environment(userAgent)', () => {
  for (const { ua, inApp, os, mobile, source, note } of USER_AGENTS) {
    it(`reads ${JSON.stringify({ inApp, os, mobile })}: ${note ?? ua.slice(0, 60)} (${source})`, () => {
      expect(environment(ua)).toEqual({ inApp, os, mobile });
    });
  }

  it('covers every in-app browser docs/api.md names, and regular browsers', () => {
    const seen = new Set(USER_AGENTS.map((row) => row.inApp));
    for (const name of [
      'kakaotalk',
      'naver',
      'daum',
      'line',
      'instagram',
      'facebook',
      'kakaostory',
      'band',
      'other',
      null,
    ] as const) {
      expect(seen.has(name)).toBe(true);
    }
  });

  it('tells every KakaoTalk format apart: 10.x, 11.x (INAPP/PFINAPP), ONE store, iPad', () => {
    const kakao = USER_AGENTS.filter((row) => /KAKAOTALK/.test(row.ua));
    expect(kakao.some((row) => /KAKAOTALK\/11/.test(row.ua))).toBe(true);
    expect(kakao.some((row) => /KAKAOTALK_ONESTORE/.test(row.ua))).toBe(true);
    expect(kakao.some((row) => /iPad/.test(row.ua))).toBe(true);
    for (const row of kakao) expect(environment(row.ua).inApp).toBe('kakaotalk');
  });

  it('reads navigator.userAgent when called without an argument', () => {
    expect(environment()).toEqual(environment(navigator.userAgent));
  });
});
