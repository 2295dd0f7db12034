/**
 * Kakao's JavaScript SDK: a copy the skin already has is adopted, otherwise the widget loads its own
 * once the page is idle or a shopper shows intent (hover, focus, click), always with SRI.
 *
 * The real SDK's lifecycle (developers.kakao.com/sdk/reference/js, and observed on Kakao's 2.7.1
 * build): before `Kakao.init(key)` the global has only `VERSION`, `init`, `isInitialized` and
 * `cleanup`; `Auth`, `API`, `Share`… appear once `init` runs; a second `init` throws
 * "Kakao.init: Already initialized"; `Kakao.Auth.getAppKey()` names the key it was initialised with.
 *
 * Version and hash: developers.kakao.com/docs/latest/ko/javascript/download lists 2.8.1 (2026-04-09)
 * as the latest; its "Copy Integrity Value" is the sha384 below. Getting started
 * (developers.kakao.com/docs/latest/ko/javascript/getting-started) asks for `integrity` and
 * `crossorigin="anonymous"`. A store may pin another version with `data-kakao-sdk` (options.ts).
 */
import type { KakaoAuthorizeSettings } from './authorize';
import { LoginError, warn } from './errors';
import { prop } from './guards';

export const KAKAO_SDK_VERSION = '2.8.1';
export const KAKAO_SDK_INTEGRITY =
  'sha384-OL+ylM/iuPLtW5U3XcvLSGhE8JzReKDank5InqlHGWPhb4140/yrBw0bg0y7+C9J';
export const kakaoSdkUrl = (version: string) =>
  `https://t1.kakaocdn.net/kakao_js_sdk/${version}/kakao.min.js`;
const LOAD_TIMEOUT_MS = 15_000;

/** A version of Kakao's SDK and the integrity value Kakao publishes for it. */
export interface KakaoSdkPin {
  version: string;
  integrity: string;
}

/** Where the widget's own copy comes from, and the key it initialises it with. */
export interface KakaoSdkSource {
  jsKey: string;
  /** The sandbox's stand-in (`data-sandbox`), unless a version is pinned. */
  sandbox?: string;
  /** Kakao's file at this version (`data-kakao-sdk`). Default: `KAKAO_SDK_VERSION`. */
  pin?: KakaoSdkPin;
}

/** What the options say about the SDK; undefined without a Kakao JS key. */
export const kakaoSdkSource = (o: {
  kakaoJsKey?: string;
  sandbox?: string;
  kakaoSdk?: KakaoSdkPin;
}): KakaoSdkSource | undefined =>
  o.kakaoJsKey ? { jsKey: o.kakaoJsKey, sandbox: o.sandbox, pin: o.kakaoSdk } : undefined;

/** The one call the widget makes, bound to a copy initialised with the store's JS key. */
export interface KakaoSdk {
  authorize(settings: KakaoAuthorizeSettings): void;
}

/** Why a copy on the page is not used: the click then goes to Kakao's authorize URL with PKCE. */
const SKIPPED = {
  v1: 'The page has an older Kakao SDK (v1): it is left as it is, and Kakao logins use Kakao\'s authorize page (with PKCE) instead of "Kakao.Auth.authorize".',
  otherKey:
    "Kakao's SDK on this page was initialised with another app's key: it is not initialised again, and Kakao logins use Kakao's authorize page (with PKCE) instead.",
  broken:
    'Kakao\'s SDK on this page could not be initialised with "data-kakao-js-key": Kakao logins use Kakao\'s authorize page (with PKCE) instead.',
} as const;
type Skipped = keyof typeof SKIPPED;

const call = (target: unknown, name: string, args: unknown[] = []): unknown =>
  Reflect.apply(prop(target, name) as (...a: unknown[]) => unknown, target, args);

/**
 * Takes `window.Kakao` as it is: initialises a v2 copy nobody initialised (the skin only loaded
 * it), reuses one initialised with the same key, and leaves any other alone.
 */
function adopt(kakao: unknown, jsKey: string): KakaoSdk | Skipped {
  // v1 (still on many Cafe24 skins) takes `prompts`, not `prompt`, and knows no `loginHint` or
  // `serviceTerms`: it would drop options silently.
  if (
    !/^2\./.test(String(prop(kakao, 'VERSION'))) ||
    typeof prop(kakao, 'init') !== 'function' ||
    typeof prop(kakao, 'isInitialized') !== 'function'
  )
    return 'v1';
  try {
    if (!call(kakao, 'isInitialized')) call(kakao, 'init', [jsKey]);
    const auth = prop(kakao, 'Auth');
    if (typeof prop(auth, 'authorize') !== 'function') return 'broken';
    // A share button of another app initialised it: a login through it would name that app.
    if (call(auth, 'getAppKey') !== jsKey) return 'otherKey';
    return {
      authorize(settings) {
        // 2.x answers with a promise (its own implementation) that rejects when it sends the
        // shopper back with an error itself: the automatic login outside KakaoTalk, a timed-out
        // app hand-off. Nothing is left for the page to report.
        const answer = call(auth, 'authorize', [settings]);
        if (typeof prop(answer, 'then') === 'function') call(answer, 'then', [undefined, () => {}]);
      },
    };
  } catch {
    return 'broken';
  }
}

/** The usable SDK on the page now, initialised; undefined when absent or not usable. */
function pageSdk(jsKey: string): KakaoSdk | undefined {
  const kakao: unknown = Reflect.get(window, 'Kakao');
  if (!kakao) return undefined;
  const adopted = adopt(kakao, jsKey);
  if (typeof adopted !== 'string') return adopted;
  warn(
    __DEBUG__ ? SKIPPED[adopted] : `Kakao's SDK on the page is not used (${adopted}).`,
    'kakaos-sdk',
  );
  return undefined;
}

/** The SDK if it is on the page and usable: lets a click call authorize synchronously. */
export const kakaoSdkNow = (jsKey: string): KakaoSdk | undefined => pageSdk(jsKey);

/** Loads the SDK when the page has nothing better to do, so a later click authorizes at once. */
export function warmKakaoSdk(source: KakaoSdkSource): void {
  const warm = () => void loadKakaoSdk(source).catch(() => {});
  // Safari has no requestIdleCallback.
  if ('requestIdleCallback' in window) requestIdleCallback(warm);
  else setTimeout(warm, 1000);
}

const unavailable = (cause?: unknown) =>
  new LoginError('sdk_unavailable', __DEBUG__ ? "Kakao's SDK did not load" : undefined, { cause });

let loading: Promise<void> | undefined;

function appendScript({ sandbox, pin }: KakaoSdkSource): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    const fail = (cause?: unknown) => {
      clearTimeout(timer);
      script.remove();
      loading = undefined;
      reject(unavailable(cause));
    };
    const timer = setTimeout(fail, LOAD_TIMEOUT_MS);
    const own =
      pin ?? (sandbox ? undefined : { version: KAKAO_SDK_VERSION, integrity: KAKAO_SDK_INTEGRITY });
    script.src = own ? kakaoSdkUrl(own.version) : `${sandbox}/kakao.js`;
    script.integrity = own ? own.integrity : __SANDBOX_SDK_INTEGRITY__;
    script.crossOrigin = 'anonymous';
    script.async = true;
    script.onerror = fail;
    script.onload = () => {
      clearTimeout(timer);
      resolve();
    };
    document.head.appendChild(script);
  });
}

/**
 * The usable SDK: the page's own copy, or ours loaded (once) and initialised. Rejects with
 * `sdk_unavailable` when none can be had; a later call tries the load again. A copy the skin has
 * but the widget cannot use is never replaced (the skin's other Kakao features depend on it).
 */
export async function loadKakaoSdk(source: KakaoSdkSource): Promise<KakaoSdk> {
  if (!Reflect.get(window, 'Kakao')) {
    loading ??= appendScript(source);
    await loading;
    // Loaded, yet no SDK (a proxy's error page, say): the next call tries again.
    if (!Reflect.get(window, 'Kakao')) loading = undefined;
  }
  const sdk = pageSdk(source.jsKey);
  if (!sdk) throw unavailable();
  return sdk;
}
