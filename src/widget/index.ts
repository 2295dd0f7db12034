/**
 * The bundle's entry: `window.SocialLogin` (docs/api.md "Browser API"), the pre-load queue, the
 * automatic mounts and the provider's return. Nothing here may throw into the store's page.
 */
import { isProvider, PROVIDERS, type Provider } from '../contract';
import { claimAutoLogin } from './auto-login';
import type { Decision } from './callback';
import { environment } from './environment';
import { reportError, warn } from './errors';
import { beginReturn, completeReturn, login } from './flow';
import { releaseEarlyHide } from './hide';
import { kakaoSdkSource, loadKakaoSdk } from './kakao-sdk';
import { type MountHandle, mountWidget, noop } from './mount';
import { attributeLayer, CONTAINER_KEYS, type Options, optionLayer, parseOptions } from './options';
import { mounts } from './registry';
import { status } from './state';
import { socialLoginAllowed } from './store-rules';
import { showWelcome } from './welcome';

export interface SocialLoginApi {
  version: string;
  mount(target: Element | string, options?: object): MountHandle;
  login(provider: Provider, options?: object): void;
  environment: typeof environment;
  push(call: unknown): void;
}

/** Runs `fn`, reporting instead of throwing. */
function safely<A extends unknown[], R>(fn: (...args: A) => R, fallback: R) {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch (error) {
      reportError('unexpected error', error);
      return fallback;
    }
  };
}

const AUTO_LOGIN_SDK_WAIT_MS = 2000;

/**
 * Inside KakaoTalk, on any page with the widget (a product page shared in a chat as much as the
 * login page): one silent try per tab session (auto-login.ts), with the options of the mount that
 * shows the Kakao button, else the tag's, once the store's rules allow social login at all (they
 * are waited for at most `RULES_LIMIT_MS`: past that the backend's own check at /api/exchange
 * answers a silent `login_blocked`).
 */
async function autoLogin(tag: Options | null): Promise<void> {
  const options = [...mounts.values(), tag].find(
    (o) => o?.kakaoJsKey && o.providers.includes('kakao'),
  );
  if (!options || !(await socialLoginAllowed(options.backend)) || !claimAutoLogin(options)) return;
  // Kakao's guide signs in through the SDK; its download is worth a short wait, no more (Kakao's
  // authorize URL does the same without it).
  const source = kakaoSdkSource(options);
  if (source)
    await Promise.race([
      loadKakaoSdk(source).catch(() => {}),
      new Promise((done) => setTimeout(done, AUTO_LOGIN_SDK_WAIT_MS)),
    ]);
  void login('kakao', { options, silent: true });
}

function install(): void {
  const queued: unknown = Reflect.get(window, 'SocialLogin');
  if (queued && !Array.isArray(queued)) {
    warn(
      __DEBUG__
        ? 'The widget script is on this page twice; the second copy does nothing.'
        : 'Script loaded twice.',
      'browser-api',
    );
    return;
  }
  // Read while the tag is still `document.currentScript` (async scripts included).
  const tag = document.currentScript;
  const scriptLayer = attributeLayer(tag instanceof HTMLElement ? tag : null);

  const api: SocialLoginApi = {
    version: __WIDGET_VERSION__,
    mount: safely((target: Element | string, options?: object): MountHandle => {
      const el = typeof target === 'string' ? document.querySelector(target) : target;
      if (!(el instanceof HTMLElement)) {
        warn(
          `SocialLogin.mount() found no element${__DEBUG__ ? ' for' : ':'} ${String(target)}.`,
          'browser-api',
        );
        return noop;
      }
      return mountWidget(el, [
        scriptLayer,
        attributeLayer(el, CONTAINER_KEYS),
        optionLayer(options),
      ]);
    }, noop),
    login: safely((provider: Provider, options?: object) => {
      const { options: parsed, problems } = parseOptions([scriptLayer, optionLayer(options)]);
      for (const problem of problems) warn(problem);
      if (!isProvider(provider)) {
        warn(
          __DEBUG__
            ? `SocialLogin.login() takes ${PROVIDERS.map((p) => `"${p}"`).join(' or ')}; got ${String(provider)}.`
            : `SocialLogin.login(): no provider ${String(provider)}.`,
          'browser-api',
        );
      } else if (parsed) void login(provider, { options: parsed });
    }, undefined),
    environment: safely(environment, { inApp: null, os: 'other', mobile: false }),
    push: safely((call: unknown) => {
      const [name, ...args] = Array.isArray(call) ? call : [];
      if (name === 'mount') api.mount(args[0], args[1]);
      else if (name === 'login') api.login(args[0], args[1]);
      else
        warn(
          __DEBUG__
            ? 'SocialLogin.push() takes ["mount", element, options] or ["login", provider].'
            : 'SocialLogin.push(): unknown call.',
          'browser-api',
        );
    }, undefined),
  };

  // The code leaves the address bar before anything else runs.
  const tagOptions = parseOptions([scriptLayer]).options;
  let decision: Decision | null = safely(beginReturn, null)(tagOptions?.redirectPath);
  Reflect.set(window, 'SocialLogin', api);
  if (Array.isArray(queued)) queued.forEach(api.push);

  // Back on a page that was left for the provider: through the back/forward cache, or from the
  // KakaoTalk app the SDK handed the login to (the page stays; the shopper may come back without
  // finishing there). The buttons work again instead of staying busy.
  const unstick = () => {
    if (status.value.kind === 'redirecting' && !status.value.silent)
      status.value = { kind: 'idle' };
  };
  addEventListener('pageshow', (event) => event.persisted && unstick());
  document.addEventListener('visibilitychange', () => document.hidden || unstick());

  const start = safely(() => {
    for (const el of document.querySelectorAll('[data-social-login]')) {
      if (!mounts.has(el)) api.mount(el);
    }
    // The head snippet's early hiding of the store's form stays only under a Kakao-only mount.
    releaseEarlyHide();
    // A return to a `redirectPath` given to mount() rather than to the tag.
    for (const o of mounts.values()) decision ??= safely(beginReturn, null)(o.redirectPath);
    // Else the first mount's: each mount's options were parsed once, when it was mounted.
    const options = tagOptions || mounts.values().next().value;
    if (options) void showWelcome(() => Boolean(document.querySelector(options.signedInSelector)));
    if (decision && options) void completeReturn(decision, options);
    else if (decision)
      warn(
        __DEBUG__
          ? 'A login came back but "data-backend" is not set, so it cannot finish.'
          : '"data-backend" is required.',
      );
    else void autoLogin(tagOptions);
  }, undefined);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

safely(install, undefined)();
