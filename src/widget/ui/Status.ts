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
    // `textContent` + `append`, not `replaceChildren` (Safari 14, Chrome 86): below the floor in
    // the README's "Browsers" section it would throw on every status change.
    progress.textContent = '';
    if (busy) progress.append(h('span', { class: 'sp', 'aria-hidden': 'true' }), text.busy);
    alert.textContent = '';
    if (state.kind === 'error') {
      const retry = h('button', { type: 'button', class: 'r' }, text.retry);
      retry.onclick = onRetry;
      // Each mount speaks its own language, whichever mount the failed attempt came from.
      alert.append(text.error(state.code, state.reason), ...(state.provider ? [retry] : []));
    }
  };
  return { nodes: [progress, alert], update };
}
