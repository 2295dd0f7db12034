import { useState } from 'preact/hooks';
import type { Messages } from '../i18n';

/** Where the in-app browser row leads. */
export interface WayOut {
  /** This page's address, for the copy button. */
  href: string;
  /** A link that leaves the app for the phone's browser (escape.ts), or null: copy instead. */
  external: string | null;
}

/**
 * The in-app browser rows (Instagram, Facebook, LINE…): one line saying why (log in from Safari or
 * Chrome), then "open in browser" through the app's escape hatch or, where there is none, "copy
 * link" (✓ once copied). If even the clipboard is refused, the address itself shows, ready to
 * select: never a button that does nothing.
 */
export function EscapeRow({
  text,
  href,
  external,
  quiet,
}: WayOut & { text: Messages; quiet?: boolean }) {
  const [copy, setCopy] = useState<'ready' | 'copied' | 'refused'>('ready');
  const onCopy = () =>
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(href))
      .then(
        () => setCopy('copied'),
        () => setCopy('refused'),
      );
  // Two lines, whatever the width: the row's height is known in advance (docs/api.md "Keep the page
  // still").
  return (
    <div class={quiet ? 'q' : undefined} part="note">
      <div class="s">{text.escape}</div>
      <div class="s">
        {external ? (
          <a class="r" part="action" href={external}>
            {text.open}
          </a>
        ) : copy === 'refused' ? (
          <span class="url">{href}</span>
        ) : (
          <button type="button" class="r" part="action" onClick={onCopy}>
            {text.copy}
            {copy === 'copied' && ' ✓'}
          </button>
        )}
      </div>
    </div>
  );
}
