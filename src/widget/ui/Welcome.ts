import type { WelcomeNotice } from '../../contract';
import { h } from './dom';
import { applyStyles } from './sheet';

/**
 * The welcome notice in a Shadow DOM of its own (the widget's stylesheet, so it is safe from the
 * store's CSS and works under a strict CSP), announced politely, with a close button.
 */
export function welcomeNotice({ title, lines, close }: WelcomeNotice, onClose: () => void): void {
  const host = h('div', { 'data-social-login-welcome': '' });
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);
  const button = h('button', { type: 'button', class: 'x', 'aria-label': close }, '×');
  button.onclick = () => {
    host.remove();
    onClose();
  };
  root.append(
    h(
      'div',
      { class: 'wn', role: 'status' },
      h('p', { class: 't' }, title),
      ...lines.map((l) => h('p', {}, l)),
      button,
    ),
  );
  document.body.append(host);
}
