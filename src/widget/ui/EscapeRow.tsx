import { Component } from 'preact';
import type { Messages } from '../i18n';

/** Where the in-app browser row leads. */
export interface WayOut {
  /** This page's address, for the copy button. */
  href: string;
  /** A link that leaves the app for the phone's browser (escape.ts), or null: copy instead. */
  external: string | null;
}

type Copy = 'ready' | 'copied' | 'refused';

/**
 * The in-app browser rows (Instagram, Facebook, LINE…): one line saying why (log in from Safari or
 * Chrome), then "open in browser" through the app's escape hatch or, where there is none, "copy
 * link" (✓ once copied). If even the clipboard is refused, the address itself shows, ready to
 * select: never a button that does nothing.
 */
export class EscapeRow extends Component<
  WayOut & { text: Messages; quiet?: boolean },
  { copy?: Copy }
> {
  onCopy = () =>
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(this.props.href))
      .then(
        () => this.setState({ copy: 'copied' }),
        () => this.setState({ copy: 'refused' }),
      );
  render() {
    const { text, href, external, quiet } = this.props;
    const { copy } = this.state;
    // Two lines, whatever the width: the row's height is known in advance (docs/api.md "Keep the
    // page still").
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
            <button type="button" class="r" part="action" onClick={this.onCopy}>
              {text.copy}
              {copy === 'copied' && ' ✓'}
            </button>
          )}
        </div>
      </div>
    );
  }
}
