/** Shared set-up for the widget tests (happy-dom). */
import { within } from '@testing-library/preact';
import { vi } from 'vitest';
import type { Page } from '../../src/widget/options';

export const ORIGIN = location.origin;

/** Puts the test page at `path` on the test origin, as the provider's redirect would. */
export function visit(path: string): void {
  history.replaceState(null, '', path);
}

export const page = (over: Partial<Page> = {}): Page => ({
  href: `${ORIGIN}/member/login.html`,
  htmlLang: '',
  navigatorLanguage: 'ko-KR',
  ...over,
});

/** Testing Library queries inside a mount's shadow root. */
export function shadowOf(container: Element) {
  const host = container.querySelector('[data-social-login-host]');
  const root = host?.shadowRoot;
  if (!root) throw new Error('no widget mounted in this container');
  // Testing Library types its container as HTMLElement; a ShadowRoot supports every query it runs.
  return within(root as unknown as HTMLElement);
}

/** Captures console.warn; returns the messages. */
export function captureWarnings(): string[] {
  const messages: string[] = [];
  vi.spyOn(console, 'warn').mockImplementation((message: unknown) => {
    messages.push(String(message));
  });
  return messages;
}

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A `window.Kakao` shaped like Kakao's real 2.x SDK (observed on Kakao's 2.7.1 build): no `Auth`
 * until `init`, a second `init` throws, `Auth.getAppKey()` names the key it was initialised with.
 * `initialisedWith` plays a skin that already called `Kakao.init`.
 */
export function fakeKakaoSdk(initialisedWith?: string) {
  let key: string | null = initialisedWith ?? null;
  const authorize = vi.fn<(settings: Record<string, unknown>) => unknown>(() => Promise.resolve());
  const auth = { authorize, getAppKey: () => key };
  const kakao: Record<string, unknown> = {
    VERSION: '2.7.1',
    init: vi.fn((appKey: string) => {
      if (key !== null) throw new Error('Kakao.init: Already initialized');
      key = appKey;
      kakao.Auth = auth;
    }),
    isInitialized: () => key !== null,
    cleanup: () => {
      key = null;
    },
    ...(initialisedWith ? { Auth: auth } : {}),
  };
  Reflect.set(window, 'Kakao', kakao);
  return { kakao, authorize, init: kakao.init as ReturnType<typeof vi.fn> };
}
