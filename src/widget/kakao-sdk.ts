/**
 * Kakao's JavaScript SDK, loaded once the page is idle or a shopper shows intent (hover, focus,
 * click), always with SRI; a copy the skin already loaded is reused without a second `Kakao.init`.
 * Version and hash: developers.kakao.com/docs/latest/ko/javascript/download lists 2.8.1 (2026-04-09)
 * as the latest; its "Copy Integrity Value" is the sha384 below, the same value public projects use
 * with `https://t1.kakaocdn.net/kakao_js_sdk/2.8.1/kakao.min.js`. Getting started
 * (developers.kakao.com/docs/latest/ko/javascript/getting-started) asks for `integrity` and
 * `crossorigin="anonymous"`. To upgrade: `curl -s URL | openssl dgst -sha384 -binary | openssl base64 -A`.
 */
import type { KakaoAuthorizeSettings } from './authorize';
import { LoginError } from './errors';
import { prop } from './guards';

export const KAKAO_SDK_VERSION = '2.8.1';
export const KAKAO_SDK_URL = `https://t1.kakaocdn.net/kakao_js_sdk/${KAKAO_SDK_VERSION}/kakao.min.js`;
export const KAKAO_SDK_INTEGRITY =
  'sha384-OL+ylM/iuPLtW5U3XcvLSGhE8JzReKDank5InqlHGWPhb4140/yrBw0bg0y7+C9J';
const LOAD_TIMEOUT_MS = 15_000;

/** The part of `window.Kakao` we use. */
export interface KakaoSdk {
  init(jsKey: string): void;
  isInitialized(): boolean;
  Auth: { authorize(settings: KakaoAuthorizeSettings): void };
}

/**
 * A v2 SDK: v1 (still on many Cafe24 skins) takes `prompts`, not `prompt`, and knows no
 * `loginHint` or `serviceTerms` (Kakao renamed the option in 2.3.0), so it would drop options
 * silently. `Kakao.VERSION` is the SDK's version string.
 */
export const isKakaoSdk = (value: unknown): value is KakaoSdk =>
  /^2\./.test(String(prop(value, 'VERSION'))) &&
  typeof prop(value, 'init') === 'function' &&
  typeof prop(value, 'isInitialized') === 'function' &&
  typeof prop(prop(value, 'Auth'), 'authorize') === 'function';

const pageKakao = (): KakaoSdk | undefined => {
  const kakao: unknown = Reflect.get(window, 'Kakao');
  return isKakaoSdk(kakao) ? kakao : undefined;
};

let loading: Promise<KakaoSdk> | undefined;

function ready(sdk: KakaoSdk, jsKey: string): KakaoSdk {
  // A skin may have initialised its own copy (Kakao share buttons): init() twice throws.
  if (!sdk.isInitialized()) sdk.init(jsKey);
  return sdk;
}

/**
 * The SDK if it is already on the page, initialised: lets a click call authorize synchronously.
 * Undefined when it is not there yet, or when `init` throws (then Kakao's authorize page is used).
 */
export function kakaoSdkNow(jsKey: string): KakaoSdk | undefined {
  const sdk = pageKakao();
  try {
    return sdk && ready(sdk, jsKey);
  } catch {
    return undefined;
  }
}

/** Loads the SDK when the page has nothing better to do, so a later click authorizes at once. */
export function warmKakaoSdk(jsKey: string, sandbox?: string): void {
  const warm = () => void loadKakaoSdk(jsKey, sandbox).catch(() => {});
  // Safari has no requestIdleCallback.
  if ('requestIdleCallback' in window) requestIdleCallback(warm);
  else setTimeout(warm, 1000);
}

const unavailable = (cause?: unknown) =>
  new LoginError('sdk_unavailable', "Kakao's SDK did not load", { cause });

/**
 * Loads (once) and initialises the SDK; rejects with `sdk_unavailable`, and a later call retries.
 * A skin's own older SDK is left alone (loading ours would replace the `window.Kakao` it uses):
 * logins then go to Kakao's authorize page directly.
 */
export function loadKakaoSdk(jsKey: string, sandbox?: string): Promise<KakaoSdk> {
  const present = pageKakao();
  if (present) return Promise.resolve().then(() => ready(present, jsKey));
  if (Reflect.get(window, 'Kakao')) return Promise.reject(unavailable());
  loading ??= new Promise<KakaoSdk>((resolve, reject) => {
    const script = document.createElement('script');
    const fail = (cause?: unknown) => {
      clearTimeout(timer);
      script.remove();
      loading = undefined;
      reject(unavailable(cause));
    };
    const timer = setTimeout(fail, LOAD_TIMEOUT_MS);
    script.src = sandbox ? `${sandbox}/kakao.js` : KAKAO_SDK_URL;
    script.integrity = sandbox ? __SANDBOX_SDK_INTEGRITY__ : KAKAO_SDK_INTEGRITY;
    script.crossOrigin = 'anonymous';
    script.async = true;
    script.onerror = fail;
    script.onload = () => {
      const sdk = pageKakao();
      if (!sdk) return fail();
      clearTimeout(timer);
      resolve(sdk);
    };
    document.head.appendChild(script);
  });
  return loading.then((sdk) => ready(sdk, jsKey));
}
