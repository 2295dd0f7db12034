/** Puts the buttons into a container: an open shadow root, our stylesheet, the <Widget>. */
import { h, render } from 'preact';
import { PROVIDERS } from '../contract';
import { environment } from './environment';
import { warn } from './errors';
import { externalUrl, needsEscape } from './escape';
import { emit } from './events';
import { login } from './flow';
import { hideElements } from './hide';
import { kakaoSdkSource, loadKakaoSdk, warmKakaoSdk } from './kakao-sdk';
import { lastUsed } from './last-used';
import { attributeOf, KEY_OPTION, type Layer, parseOptions } from './options';
import { mounts } from './registry';
import { socialLoginAllowed } from './store-rules';
import { applyStyles } from './ui/sheet';
import { Widget } from './ui/Widget';

export interface MountHandle {
  unmount(): void;
}
export const noop: MountHandle = { unmount() {} };

export function mountWidget(container: Element, layers: Layer[]): MountHandle {
  if (mounts.has(container)) {
    warn(
      __DEBUG__
        ? 'This element already has the buttons; the second mount was ignored.'
        : 'Mounted twice.',
      'browser-api',
    );
    return noop;
  }
  const { options, problems } = parseOptions(layers);
  for (const problem of problems) warn(problem);
  if (!options) return noop;
  let providers = options.providers.filter((p) => options[KEY_OPTION[p]]);
  if (!providers.length) {
    if (__DEBUG__) {
      const keys = PROVIDERS.map((p) => `"${attributeOf(KEY_OPTION[p])}"`).join(' or ');
      warn(`No button to show: set ${keys} for a listed provider.`);
    } else warn('No button: no key for a listed provider.');
    return noop;
  }

  // Kakao-only mode inside KakaoTalk (as Cafe24's built-in social login offers it: Cafe24 service
  // guide PM.SN.LI), only when there is a Kakao button to offer: the store's form is hidden and one
  // line says why.
  const env = environment();
  const kakaoOnly =
    options.kakaoOnlyInApp && env.inApp === 'kakaotalk' && providers.includes('kakao');
  if (kakaoOnly) providers = ['kakao'];
  const wayOut =
    !kakaoOnly && needsEscape(env)
      ? { href: location.href, external: externalUrl(env, location.href) }
      : null;

  // An age-restricted Cafe24 store has no social login (Cafe24's manual): when this tab already
  // knows, nothing is drawn and the store's own form stays.
  const allowed = socialLoginAllowed(options.backend);
  if (allowed === false) return noop;

  const host = document.createElement('div');
  host.setAttribute('data-social-login-host', '');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);
  mounts.set(container, options);
  const restore = kakaoOnly ? hideElements(options.hideSelector, container) : () => {};

  const self = [{ el: container, callbacks: options }];
  const sdkSource = kakaoSdkSource(options);
  // `h`, not JSX: this module is the mount's plumbing, the views are in ui/.
  const view = h(Widget, {
    options,
    providers,
    // The badge only where there is a choice to make.
    lastUsed: providers.length > 1 ? lastUsed() : null,
    kakaoOnly,
    wayOut,
    onLogin: (provider) => void login(provider, { options, targets: self }),
    onRetry: (provider, returnTo) => void login(provider, { options, targets: self, returnTo }),
    onIntent(provider) {
      // Warm Kakao's SDK so the click can authorize at once; a failure shows on click instead.
      if (provider === 'kakao' && sdkSource) loadKakaoSdk(sdkSource).catch(() => {});
    },
  });
  // Rendered before the host joins the page: its height is final at its first paint.
  render(view, root);
  const unmount = () => {
    if (mounts.get(container) !== options) return;
    render(null, root);
    host.remove();
    restore();
    mounts.delete(container);
  };
  // Drawn at once: nothing waits on the network. The store's rules, when still on their way,
  // take the buttons away only if they say "off" within their time limit (store-rules.ts).
  container.appendChild(host);
  // No SDK bytes before the page is idle (or the shopper shows intent, above).
  if (sdkSource && providers.includes('kakao')) warmKakaoSdk(sdkSource);
  emit('ready', { providers }, self);
  if (allowed !== true) void allowed.then((ok) => ok || unmount());
  return { unmount };
}
