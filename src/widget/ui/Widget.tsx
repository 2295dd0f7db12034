import type { Provider } from '../../contract';
import { messages } from '../i18n';
import type { Options } from '../options';
import { isBusy, status } from '../state';
import { EscapeRow, type WayOut } from './EscapeRow';
import { InAppNote } from './InAppNote';
import { KakaoButton, NaverButton } from './LoginButton';
import { StatusLine } from './StatusLine';
import { watching } from './watching';

export interface WidgetProps {
  options: Options;
  providers: Provider[];
  /** The provider that signed this shopper in last time, for its badge; null for none. */
  lastUsed: Provider | null;
  /** Kakao-only mode inside KakaoTalk: the note saying why only Kakao shows. */
  kakaoOnly?: boolean;
  /** Other in-app browsers: the way out to Safari or Chrome. */
  wayOut?: WayOut | null;
  onLogin(provider: Provider): void;
  onIntent(provider: Provider): void;
  onRetry(provider: Provider, returnTo?: string): void;
}

const BUTTONS = { kakao: KakaoButton, naver: NaverButton };

/**
 * One mount: the buttons, the Kakao-only note or the in-app browser row, and the status line.
 * During the automatic login only the neutral "signing in…" line shows: the other rows are hidden
 * but keep their room (class `q`, `visibility: hidden`), so the page does not move while it leaves.
 */
export const Widget = watching(
  status,
  ({ options, providers, lastUsed, kakaoOnly, wayOut, ...on }: WidgetProps, now) => {
    const text = messages(options.lang);
    const busy = isBusy(now) ? now : null;
    const quiet = busy?.silent ? ' q' : '';
    const retry = () => {
      if (now.kind === 'error' && now.provider) on.onRetry(now.provider, now.returnTo);
    };
    return (
      <div
        class={`w ${options.layout} ${options.size} ${options.shape} ${options.theme}`}
        lang={options.lang}
      >
        <div class={`l${quiet}`}>
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
        {kakaoOnly && <InAppNote text={text} quiet={!!quiet} />}
        {wayOut && <EscapeRow text={text} quiet={!!quiet} {...wayOut} />}
        <StatusLine text={text} onRetry={retry} />
      </div>
    );
  },
);
