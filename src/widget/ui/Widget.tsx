import type { Provider } from '../../contract';
import { messages } from '../i18n';
import type { Options } from '../options';
import { isBusy, status } from '../state';
import { type EscapeProps, EscapeRow } from './EscapeRow';
import { InAppNote } from './InAppNote';
import { KakaoButton, NaverButton } from './LoginButton';
import { StatusLine } from './StatusLine';

export interface WidgetProps {
  options: Options;
  providers: Provider[];
  /** The provider that signed this shopper in last time, for its badge; null for none. */
  lastUsed: Provider | null;
  /** Kakao-only mode inside KakaoTalk: the note saying why only Kakao shows. */
  kakaoOnly?: boolean;
  /** Other in-app browsers: the way out to Safari or Chrome. */
  wayOut?: Omit<EscapeProps, 'text'> | null;
  onLogin(provider: Provider): void;
  onIntent(provider: Provider): void;
  onRetry(provider: Provider, returnTo?: string): void;
}

const BUTTONS = { kakao: KakaoButton, naver: NaverButton };

/**
 * One mount: the buttons, the Kakao-only note or the in-app browser row, and the status line.
 * During the automatic login only the neutral "signing in…" line shows: no buttons flash while the
 * page leaves.
 */
export function Widget({ options, providers, lastUsed, kakaoOnly, wayOut, ...on }: WidgetProps) {
  const text = messages(options.lang);
  const now = status.value;
  const busy = isBusy(now) ? now : null;
  // A style, not `hidden`: the rows' own `display` would win over the attribute.
  const hide = busy?.silent ? { display: 'none' } : undefined;
  const retry = () => {
    if (now.kind === 'error' && now.provider) on.onRetry(now.provider, now.returnTo);
  };
  return (
    <div
      class={`w ${options.layout} ${options.size} ${options.shape} ${options.theme}`}
      lang={options.lang}
    >
      <div class="l" style={hide}>
        {providers.map((provider) => {
          const Button = BUTTONS[provider];
          return (
            <Button
              key={provider}
              text={text}
              iconOnly={options.layout === 'icon'}
              lastUsed={provider === lastUsed}
              busy={busy?.provider === provider}
              onLogin={on.onLogin}
              onIntent={on.onIntent}
            />
          );
        })}
      </div>
      {kakaoOnly && (
        <div style={hide}>
          <InAppNote text={text} />
        </div>
      )}
      {wayOut && (
        <div style={hide}>
          <EscapeRow text={text} {...wayOut} />
        </div>
      )}
      <StatusLine text={text} onRetry={retry} />
    </div>
  );
}
