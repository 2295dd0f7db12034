/** Puts the buttons into a container: an open shadow root, our stylesheet, the widget. */
import { effect } from '@preact/signals-core';
import type { Provider } from '../contract';
import { warn } from './errors';
import { emit } from './events';
import { login } from './flow';
import { loadKakaoSdk } from './kakao-sdk';
import { type Layer, parseOptions } from './options';
import { mounts } from './registry';
import { status } from './state';
import css from './ui/styles.css?inline';
import { widget } from './ui/Widget';

export interface MountHandle {
  unmount(): void;
}
export const noop: MountHandle = { unmount() {} };

let sheet: CSSStyleSheet | undefined;

/**
 * Constructable stylesheets work under a strict CSP without 'unsafe-inline'; older browsers get a
 * <style> element instead.
 */
function applyStyles(root: ShadowRoot): void {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}

export function mountWidget(container: Element, layers: Layer[]): MountHandle {
  if (mounts.has(container)) {
    warn('This element already has the buttons; the second mount was ignored.');
    return noop;
  }
  const { options, problems } = parseOptions(layers);
  for (const problem of problems) warn(problem);
  if (!options) return noop;
  const keyOf = (p: Provider) => (p === 'kakao' ? options.kakaoJsKey : options.naverClientId);
  const providers = options.providers.filter((p) => keyOf(p));
  if (!providers.length) {
    warn(
      'No button to show: set "data-kakao-js-key" or "data-naver-client-id" for a listed provider.',
    );
    return noop;
  }

  const host = document.createElement('div');
  host.setAttribute('data-social-login-host', '');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);
  container.appendChild(host);
  mounts.set(container, options);

  const self = [{ el: container, callbacks: options }];
  const view = widget(options, providers, {
    onLogin: (provider) => void login(provider, options, self),
    onRetry: (provider, returnTo) => void login(provider, options, self, returnTo),
    onIntent(provider) {
      const key = options.kakaoJsKey;
      // Warm Kakao's SDK so the click can authorize at once; a failure shows on click instead.
      if (provider === 'kakao' && key) loadKakaoSdk(key, options.sandbox).catch(() => {});
    },
  });
  root.appendChild(view.root);
  const stop = effect(() => view.update(status.value));
  emit('ready', { providers }, self);
  return {
    unmount() {
      if (mounts.get(container) !== options) return;
      stop();
      host.remove();
      mounts.delete(container);
    },
  };
}
