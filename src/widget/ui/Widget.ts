import type { Provider } from '../../contract';
import { messages } from '../i18n';
import type { Options } from '../options';
import type { Status } from '../state';
import { type ButtonHandlers, buttons } from './Buttons';
import { h } from './dom';
import { statusRegions } from './Status';

export interface WidgetHandlers extends ButtonHandlers {
  onRetry(provider: Provider, returnTo?: string): void;
}

/**
 * The buttons, any extra rows (Kakao-only note, in-app browser row) and the status line for one
 * mount; `update` redraws what the status changes. During the automatic login only the neutral
 * "signing in…" line shows: no buttons flash while the page leaves.
 */
export function widget(
  options: Options,
  providers: Provider[],
  handlers: WidgetHandlers,
  extras: HTMLElement[] = [],
) {
  const text = messages(options.lang);
  let state: Status = { kind: 'idle' };
  const list = buttons(providers, text, options.layout === 'icon', handlers);
  const status = statusRegions(text, () => {
    if (state.kind === 'error' && state.provider) handlers.onRetry(state.provider, state.returnTo);
  });
  const rows = [h('div', { class: 'l' }, ...list), ...extras];
  const root = h(
    'div',
    {
      class: `w ${options.layout} ${options.size} ${options.shape} ${options.theme}`,
      lang: options.lang,
    },
    ...rows,
    // The status line's room is kept from the start (styles.css `.st`): no status pushes the page.
    h('div', { class: 'st' }, ...status.nodes),
  );
  const update = (next: Status) => {
    state = next;
    const busy = next.kind === 'redirecting' || next.kind === 'exchanging' ? next.provider : null;
    const silent = (next.kind === 'redirecting' || next.kind === 'exchanging') && next.silent;
    // Hidden but keeping their room: the page does not move while it leaves.
    for (const row of rows) row.style.visibility = silent ? 'hidden' : '';
    for (const button of list) {
      if (button.dataset.provider === busy) button.setAttribute('aria-busy', 'true');
      else button.removeAttribute('aria-busy');
    }
    status.update(next);
  };
  return { root, update };
}
