import type { Provider } from '../../contract';
import type { Messages } from '../i18n';
import { Mark } from './Mark';

export interface ButtonProps {
  text: Messages;
  /** Square button with the mark only; the label becomes its accessible name. */
  iconOnly: boolean;
  /** The "last used" badge: this provider signed the shopper in last time. */
  lastUsed: boolean;
  /** This provider's login is under way. */
  busy: boolean;
  onLogin(provider: Provider): void;
  /** Hover or focus: the shopper may click next. */
  onIntent(provider: Provider): void;
}

/**
 * One real <button>, named in the page's language even when it shows only the mark. The mark and
 * label sit in the middle column of a three-column grid and the badge in the right one, so the
 * badge never pushes the label off-centre.
 */
function LoginButton({
  provider,
  text,
  iconOnly,
  lastUsed,
  busy,
  onLogin,
  onIntent,
}: ButtonProps & { provider: Provider }) {
  const label = text.label[provider];
  const intent = () => onIntent(provider);
  return (
    <button
      type="button"
      class={`b ${provider}`}
      part={`button ${provider}`}
      data-provider={provider}
      aria-label={iconOnly ? label : undefined}
      title={iconOnly ? label : undefined}
      // The badge is the button's description, not part of its name (one per shadow root).
      aria-describedby={lastUsed ? 'u' : undefined}
      aria-busy={busy ? 'true' : undefined}
      onClick={() => onLogin(provider)}
      onPointerEnter={intent}
      onFocus={intent}
    >
      <span class="c">
        <Mark provider={provider} />
        {!iconOnly && <span>{label}</span>}
      </span>
      {lastUsed && (
        <span class="u" id="u" part="badge" aria-hidden="true">
          {text.lastUsed}
        </span>
      )}
    </button>
  );
}

/** Kakao's yellow button with the black speech bubble. */
export const KakaoButton = (props: ButtonProps) => <LoginButton provider="kakao" {...props} />;

/** Naver's green button with the white "N". */
export const NaverButton = (props: ButtonProps) => <LoginButton provider="naver" {...props} />;
