import type { Provider } from '../../contract';
import type { Messages } from '../i18n';
import { lastUsed } from '../last-used';
import { h } from './dom';
import { mark } from './marks';

export interface ButtonHandlers {
  onLogin(provider: Provider): void;
  /** Hover or focus: the shopper may click next. */
  onIntent(provider: Provider): void;
}

/** One real <button> per provider, named in the page's language even when it shows only the mark. */
export function buttons(
  providers: Provider[],
  text: Messages,
  iconOnly: boolean,
  { onLogin, onIntent }: ButtonHandlers,
): HTMLButtonElement[] {
  // The "last used" badge: only where there is a choice to make.
  const last = providers.length > 1 ? lastUsed() : null;
  return providers.map((provider) => {
    const badge = provider === last ? text.lastUsed : '';
    const label = text.label[provider];
    const button = h(
      'button',
      {
        type: 'button',
        class: `b ${provider}`,
        'data-provider': provider,
        'aria-label': iconOnly ? label : undefined,
        title: iconOnly ? label : undefined,
        // The badge is the button's description, not part of its name (one per shadow root).
        'aria-describedby': badge ? 'u' : undefined,
      },
      mark(provider),
      ...(iconOnly ? [] : [h('span', {}, label)]),
      ...(badge ? [h('span', { class: 'u', id: 'u', 'aria-hidden': 'true' }, badge)] : []),
    );
    button.onclick = () => onLogin(provider);
    button.onpointerenter = button.onfocus = () => onIntent(provider);
    return button;
  });
}
