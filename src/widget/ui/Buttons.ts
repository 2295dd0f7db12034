import type { Provider } from '../../contract';
import type { Messages } from '../i18n';
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
  return providers.map((provider) => {
    const label = text.label[provider];
    const button = h(
      'button',
      {
        type: 'button',
        class: `b ${provider}`,
        'data-provider': provider,
        'aria-label': iconOnly ? label : undefined,
        title: iconOnly ? label : undefined,
      },
      mark(provider),
      ...(iconOnly ? [] : [h('span', {}, label)]),
    );
    button.onclick = () => onLogin(provider);
    button.onpointerenter = button.onfocus = () => onIntent(provider);
    return button;
  });
}
