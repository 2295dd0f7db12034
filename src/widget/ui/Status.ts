import type { Messages } from '../i18n';
import type { Status } from '../state';
import { h } from './dom';

/**
 * Progress in a polite live region, errors in an alert with a retry. Both regions exist from the
 * start so screen readers announce their changes.
 */
export function statusRegions(text: Messages, onRetry: () => void) {
  const progress = h('div', { class: 's', role: 'status' });
  const alert = h('div', { class: 's e', role: 'alert' });
  const update = (state: Status) => {
    const busy = state.kind === 'redirecting' || state.kind === 'exchanging';
    progress.replaceChildren(
      ...(busy ? [h('span', { class: 'sp', 'aria-hidden': 'true' }), text.busy] : []),
    );
    if (state.kind === 'error') {
      const retry = h('button', { type: 'button', class: 'r' }, text.retry);
      retry.onclick = onRetry;
      // Each mount speaks its own language, whichever mount the failed attempt came from.
      alert.replaceChildren(
        text.error(state.code, state.reason),
        ...(state.provider ? [retry] : []),
      );
    } else alert.replaceChildren();
  };
  return { nodes: [progress, alert], update };
}
