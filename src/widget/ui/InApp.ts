import type { Messages } from '../i18n';
import { h } from './dom';

/** Kakao-only mode's one line: why the store's own form and the other buttons are gone. */
export const kakaoOnlyNote = (text: Messages): HTMLElement =>
  h('div', { class: 's' }, text.kakaoOnly);

/**
 * The in-app browser row: "open in browser" through the app's escape hatch or, where there is
 * none, "copy link" (✓ once copied). If even the clipboard is refused, the address itself shows,
 * ready to select: never a button that does nothing.
 */
export function escapeRow(text: Messages, href: string, external: string | null): HTMLElement {
  const row = h('div', { class: 's' });
  if (external) row.append(h('a', { class: 'r', href: external }, text.open));
  else {
    const copy = h('button', { type: 'button', class: 'r' }, text.copy);
    copy.onclick = () =>
      Promise.resolve()
        .then(() => navigator.clipboard.writeText(href))
        .then(
          () => copy.append(' ✓'),
          () => {
            // Not `replaceChildren` (Safari 14, Chrome 86): the README's browser floor is lower.
            row.textContent = '';
            row.append(h('span', { class: 'url' }, href));
          },
        );
    row.append(copy);
  }
  return row;
}
