/** Puts the buttons into a container: an open shadow root, our stylesheet, the widget. */
import { PROVIDERS } from '../contract';
import { environment } from './environment';
import { warn } from './errors';
import { externalUrl, needsEscape } from './escape';
import { emit } from './events';
import { login } from './flow';
import { hideElements } from './hide';
import { messages } from './i18n';
import { kakaoSdkSource, loadKakaoSdk, warmKakaoSdk } from './kakao-sdk';
import { attributeOf, KEY_OPTION, type Layer, parseOptions } from './options';
import { mounts } from './registry';
import { status } from './state';
import { socialLoginAllowed } from './store-rules';
import { escapeRow, kakaoOnlyNote } from './ui/InApp';
import { applyStyles } from './ui/sheet';
import { widget } from './ui/Widget';

export interface MountHandle {
  unmount(): void;
}
export const noop: MountHandle = { unmount() {} };

export function mountWidget(container: Element, layers: Layer[]): MountHandle {
  if (mounts.has(container)) {
    warn('This element already has the buttons; the second mount was ignored.', 'browser-api');
    return noop;
  }
  const { options, problems } = parseOptions(layers);
  for (const problem of problems) warn(problem);
  if (!options) return noop;
  let providers = options.providers.filter((p) => options[KEY_OPTION[p]]);
  if (!providers.length) {
    const keys = PROVIDERS.map((p) => `"${attributeOf(KEY_OPTION[p])}"`).join(' or ');
    warn(`No button to show: set ${keys} for a listed provider.`);
    return noop;
  }

  // Kakao-only mode inside KakaoTalk (what Cafe24's own setting does, seed 000), only when there
  // is a Kakao button to offer: the store's form is hidden and one line says why.
  const env = environment();
  const kakaoOnly =
    options.kakaoOnlyInApp && env.inApp === 'kakaotalk' && providers.includes('kakao');
  if (kakaoOnly) providers = ['kakao'];
  const text = messages(options.lang);
  const extras = kakaoOnly
    ? [kakaoOnlyNote(text)]
    : needsEscape(env)
      ? [escapeRow(text, location.href, externalUrl(env, location.href))]
      : [];

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
  const view = widget(
    options,
    providers,
    {
      onLogin: (provider) => void login(provider, { options, targets: self }),
      onRetry: (provider, returnTo) => void login(provider, { options, targets: self, returnTo }),
      onIntent(provider) {
        // Warm Kakao's SDK so the click can authorize at once; a failure shows on click instead.
        if (provider === 'kakao' && sdkSource) loadKakaoSdk(sdkSource).catch(() => {});
      },
    },
    extras,
  );
  root.appendChild(view.root);
  const unmount = () => {
    if (mounts.get(container) !== options) return;
    stop();
    host.remove();
    restore();
    mounts.delete(container);
  };
  // Drawn at once: nothing waits on the network. The store's rules, when still on their way,
  // take the buttons away only if they say "off" within their time limit (store-rules.ts).
  container.appendChild(host);
  const stop = status.subscribe(view.update);
  // No SDK bytes before the page is idle (or the shopper shows intent, above).
  if (sdkSource && providers.includes('kakao')) warmKakaoSdk(sdkSource);
  emit('ready', { providers }, self);
  if (allowed !== true) void allowed.then((ok) => ok || unmount());
  return { unmount };
}
