/**
 * Automatic login inside KakaoTalk's in-app browser (Kakao's JS login guide,
 * developers.kakao.com/docs/latest/ko/kakaologin/js, "카카오톡에서 자동 로그인하기"):
 * `prompt: 'none'` signs a shopper already connected to the app in with no click; one who is not
 * comes back with `consent_required` and sees the normal button. Kakao refuses it anywhere else
 * (`auto_login` / `NOT_SUPPORTED_BROWSER`), so it is never tried elsewhere.
 */
import { STORAGE_PREFIX } from '../contract';
import { environment } from './environment';
import type { Options } from './options';

export const AUTO_LOGIN_KEY = `${STORAGE_PREFIX}auto-login`;

/**
 * True when an automatic login should start now, and then it is already marked as tried for this
 * tab session (sessionStorage), before anything navigates: it can never loop. Never without
 * storage, as then nothing could stop a second try.
 */
export function claimAutoLogin(options: Options, userAgent?: string): boolean {
  if (
    !options.autoLogin ||
    !options.kakaoJsKey ||
    !options.providers.includes('kakao') ||
    environment(userAgent).inApp !== 'kakaotalk' ||
    document.querySelector(options.signedInSelector)
  )
    return false;
  try {
    if (sessionStorage.getItem(AUTO_LOGIN_KEY)) return false;
    sessionStorage.setItem(AUTO_LOGIN_KEY, '1');
    return true;
  } catch {
    return false;
  }
}
