/**
 * The login, end to end in the browser (DESIGN.md "The login, end to end"): a click saves the
 * pending attempt and leaves for the provider; the provider's redirect back is checked, exchanged
 * with the backend, and reported.
 */
import type { LoginErrorCode, Provider } from '../contract';
import { authBases, kakaoAuthorizeSettings, naverAuthorizeUrl } from './authorize';
import { cleanUrl, type Decision, decide, readReturn } from './callback';
import { LoginError, toLoginError, warn } from './errors';
import { emit, type Target } from './events';
import { exchange } from './exchange';
import { messages } from './i18n';
import { kakaoSdkNow, loadKakaoSdk } from './kakao-sdk';
import { DEFAULT_REDIRECT_PATH, type Options } from './options';
import { type PendingAttempt, savePending, takePending } from './pending';
import { randomToken } from './random';
import { allTargets } from './registry';
import { isBusy, status } from './state';

/** Navigation, swappable in tests (happy-dom does not leave the page). */
export const nav = {
  assign(url: string): void {
    location.assign(url);
  },
  replace(url: string): void {
    history.replaceState(history.state, '', url);
  },
};

function fail(
  provider: Provider | null,
  code: LoginErrorCode,
  options: Options,
  targets: Target[],
  returnTo?: string,
): void {
  const message = messages(options.lang).error(code);
  status.value = { kind: 'error', code, message, provider, returnTo };
  emit('error', { provider, code, message }, targets);
}

/** Starts a login: `sociallogin:start`, the pending attempt, then the provider's page. */
export async function login(
  provider: Provider,
  options: Options,
  targets: Target[] = allTargets(),
  returnTo: string = options.returnTo,
): Promise<void> {
  if (isBusy(status.value)) return;
  const key = provider === 'kakao' ? options.kakaoJsKey : options.naverClientId;
  if (!key) {
    warn(
      `SocialLogin.login("${provider}") needs "data-${provider === 'kakao' ? 'kakao-js-key' : 'naver-client-id'}".`,
    );
    return;
  }
  emit('start', { provider }, targets);
  status.value = { kind: 'redirecting', provider };
  const pending: PendingAttempt = {
    provider,
    state: randomToken(),
    nonce: randomToken(),
    returnTo,
    redirectUri: location.origin + options.redirectPath,
    createdAt: Date.now(),
  };
  try {
    savePending(pending);
    if (provider === 'naver') {
      const authBase = authBases(options.sandbox).naver;
      nav.assign(naverAuthorizeUrl({ authBase, clientId: key, ...pending }));
    } else {
      // Already loaded (warmed on hover/focus): authorize inside the click, as mobile browsers
      // only let a user gesture open the KakaoTalk app.
      const sdk = kakaoSdkNow(key) ?? (await loadKakaoSdk(key, options.sandbox));
      sdk.Auth.authorize(kakaoAuthorizeSettings(pending));
    }
  } catch (error) {
    fail(provider, toLoginError(error).code, options, targets, returnTo);
  }
}

/**
 * Step one of a return, run as soon as the script loads: take the code out of the address bar
 * first, then match the state. Null when this page load is not a provider's redirect.
 */
export function beginReturn(
  redirectPath: string = DEFAULT_REDIRECT_PATH,
  now: number = Date.now(),
): Decision | null {
  const params = readReturn(location.href);
  // Only the redirect page is a return: `code` and `state` elsewhere belong to the store.
  if (!params || location.pathname !== redirectPath) return null;
  nav.replace(cleanUrl(location.href));
  const decision = decide(params, takePending(now));
  if (decision.kind === 'code')
    status.value = { kind: 'exchanging', provider: decision.pending.provider };
  return decision;
}

const CODE_OF: Record<Exclude<Decision['kind'], 'code' | 'provider_error'>, LoginErrorCode> = {
  mismatch: 'state_mismatch',
  expired: 'state_expired',
};

/** Step two, once the buttons are mounted: exchange the code and report the outcome. */
export async function completeReturn(
  decision: Decision,
  options: Options,
  targets: () => Target[] = allTargets,
): Promise<void> {
  const { pending } = decision;
  const provider = pending?.provider ?? null;
  if (decision.kind !== 'code') {
    const code = decision.kind === 'provider_error' ? decision.code : CODE_OF[decision.kind];
    return fail(provider, code, options, targets(), pending?.returnTo);
  }
  const p = decision.pending;
  try {
    const result = await exchange(options.backend, {
      provider: p.provider,
      code: decision.code,
      state: p.state,
      redirectUri: p.redirectUri,
      nonce: p.provider === 'kakao' ? p.nonce : undefined,
      codeVerifier: p.codeVerifier,
    });
    if (result.provider !== p.provider) throw new LoginError('upstream_error', 'provider differs');
    status.value = { kind: 'success', provider: p.provider };
    const detail = { provider: result.provider, user: result.user, member: result.member };
    const proceed = emit('success', detail, targets(), true);
    const to = new URL(p.returnTo, location.href);
    // Same origin checked again: sessionStorage is page-writable, the pending entry is not trusted.
    if (proceed && to.origin === location.origin && to.href !== location.href) nav.assign(to.href);
  } catch (error) {
    fail(p.provider, toLoginError(error).code, options, targets(), p.returnTo);
  }
}
