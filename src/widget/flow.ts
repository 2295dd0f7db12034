/**
 * The login, end to end in the browser (ARCHITECTURE.md "A login, end to end"): a click saves the
 * pending attempt and leaves for the provider; the provider's redirect back is checked, exchanged
 * with the backend, and reported.
 */
import type { LoginErrorCode, Provider } from '../contract';
import {
  authBases,
  kakaoAuthorizeSettings,
  kakaoAuthorizeUrl,
  naverAuthorizeUrl,
} from './authorize';
import { handOff } from './cafe24';
import { cleanUrl, type Decision, decide, readReturn } from './callback';
import { LoginError, reportError, toLoginError, warn } from './errors';
import { emit, type Target } from './events';
import { exchange } from './exchange';
import { messages } from './i18n';
import { kakaoSdkNow } from './kakao-sdk';
import { rememberLastUsed } from './last-used';
import { attributeOf, DEFAULT_REDIRECT_PATH, KEY_OPTION, type Options } from './options';
import { type PendingAttempt, savePending, takePending } from './pending';
import { codeChallengeS256, createCodeVerifier } from './pkce';
import { randomToken } from './random';
import { allTargets } from './registry';
import { afterLogin } from './return-to';
import { isBusy, status } from './state';
import { keepWelcome } from './welcome';

/** Navigation, swappable in tests (happy-dom does not leave the page). */
export const nav = {
  assign(url: string): void {
    location.assign(url);
  },
  replace(url: string): void {
    history.replaceState(history.state, '', url);
  },
  /** Leaves without a history entry: the shopper's back button skips the redirect page. */
  leave(url: string): void {
    location.replace(url);
  },
};

/** One login, by name: `login('kakao', { options, silent: true })`. */
export interface LoginCall {
  /** The options it runs with (a mount's, the tag's, or `SocialLogin.login()`'s). */
  options: Options;
  /** Where its events go. Default: every mount, or the document. */
  targets?: Target[];
  /** Where the shopper goes after it. Default: `options.returnTo`. */
  returnTo?: string;
  /**
   * The automatic login inside KakaoTalk (`prompt: 'none'`, auto-login.ts): its failure shows no
   * message, the page hears it with `silent`.
   */
  silent?: boolean;
}

function fail(
  provider: Provider | null,
  why: LoginErrorCode | LoginError,
  { options, targets = allTargets(), returnTo, silent }: LoginCall,
): void {
  const { code, reason } = typeof why === 'string' ? { code: why, reason: undefined } : why;
  const message = messages(options.lang).error(code, reason);
  // The automatic login fails quietly: the buttons come back, the page hears it with `silent`.
  status.value = silent
    ? { kind: 'idle' }
    : { kind: 'error', code, reason, message, provider, returnTo };
  emit(
    'error',
    silent ? { provider, code, message, silent } : { provider, code, message },
    targets,
  );
}

/** Starts a login: `sociallogin:start`, the pending attempt, then the provider's page. */
export async function login(provider: Provider, call: LoginCall): Promise<void> {
  const { options, targets = allTargets(), returnTo = options.returnTo, silent } = call;
  if (isBusy(status.value)) return;
  const key = options[KEY_OPTION[provider]];
  if (!key) {
    warn(
      __DEBUG__
        ? `SocialLogin.login("${provider}") needs "${attributeOf(KEY_OPTION[provider])}".`
        : `No key for ${provider}.`,
    );
    return;
  }
  emit('start', silent ? { provider, silent } : { provider }, targets);
  status.value = { kind: 'redirecting', provider, silent };
  const pending: PendingAttempt = {
    provider,
    state: randomToken(),
    nonce: randomToken(),
    // Never back to the login form (return-to.ts); the referrer is read here, on the button's page.
    returnTo: afterLogin(returnTo, document.referrer, location.href),
    redirectUri: location.origin + options.redirectPath,
    createdAt: Date.now(),
    // The automatic login may start on any page: a miss brings the shopper back there.
    ...(silent ? { silent, from: location.href } : {}),
  };
  const bases = authBases(options.sandbox);
  try {
    if (provider === 'naver') {
      savePending(pending);
      nav.assign(
        naverAuthorizeUrl({
          authBase: bases.naver,
          clientId: key,
          authType: options.authType,
          ...pending,
        }),
      );
      return;
    }
    // The automatic login asks for nothing new: extra consent would turn a connected shopper into
    // `consent_required`.
    const settings = kakaoAuthorizeSettings(
      pending,
      silent ? { ...options, prompt: 'none', scope: undefined, serviceTerms: undefined } : options,
    );
    // Warmed on idle or intent: authorize inside the click, as mobile browsers only let a user
    // gesture open the KakaoTalk app. The automatic login goes the same way when the SDK is there
    // (Kakao's guide calls `Kakao.Auth.authorize({ prompt: 'none' })`).
    const sdk = kakaoSdkNow(key);
    if (sdk) {
      savePending(pending);
      try {
        sdk.authorize(settings);
        return;
      } catch (error) {
        reportError(
          __DEBUG__
            ? "Kakao's SDK refused the login; using Kakao's authorize page"
            : 'Kakao.Auth.authorize threw',
          error,
        );
      }
    }
    // Not ready, blocked or failing: kauth's authorize URL with the same parameters, plus PKCE.
    // The click never waits for the SDK.
    const verifier = createCodeVerifier();
    const challenge = await codeChallengeS256(verifier).catch(() => undefined);
    savePending(challenge ? { ...pending, codeVerifier: verifier } : pending);
    nav.assign(
      kakaoAuthorizeUrl({
        authBase: bases.kakao,
        jsKey: key,
        codeChallenge: challenge,
        ...settings,
      }),
    );
  } catch (error) {
    fail(provider, toLoginError(error), { options, targets, returnTo, silent });
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
  if (decision.kind === 'code') {
    const { provider, silent } = decision.pending;
    status.value = { kind: 'exchanging', provider, silent };
  }
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
    fail(provider, code, {
      options,
      targets: targets(),
      returnTo: pending?.returnTo,
      silent: pending?.silent,
    });
    return backToStart(pending);
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
    if (result.provider !== p.provider)
      throw new LoginError('upstream_error', __DEBUG__ ? 'provider differs' : undefined);
    rememberLastUsed(p.provider);
    const detail = { provider: result.provider, user: result.user, member: result.member };
    const proceed = emit('success', detail, targets());
    keepWelcome(options.backend, result, options.lang);
    const to = new URL(p.returnTo, location.href);
    // On a Cafe24 store the store's SSO completes the session (cafe24.ts). Same origin checked
    // again: sessionStorage is page-writable, the pending entry is not trusted.
    const handed = proceed && !!result.ticket && handOff(options.backend, result.ticket, to);
    const leaving =
      handed || (proceed && to.origin === location.origin && to.href !== location.href);
    // While the page leaves, the buttons stay busy: no second login can start.
    status.value = leaving
      ? { kind: 'exchanging', provider: p.provider, silent: p.silent }
      : { kind: 'success', provider: p.provider };
    if (leaving && !handed) nav.assign(to.href);
  } catch (error) {
    fail(p.provider, toLoginError(error), {
      options,
      targets: targets(),
      returnTo: p.returnTo,
      silent: p.silent,
    });
    backToStart(p);
  }
}

/** After a missed automatic login, the page it started on (never another origin, never a loop). */
function backToStart(pending: PendingAttempt | undefined): void {
  const from = pending?.silent && pending.from ? new URL(pending.from, location.href) : null;
  if (from && from.origin === location.origin && from.href !== location.href) nav.leave(from.href);
}
