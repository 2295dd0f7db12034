import type { BlockReason, LoginErrorCode } from '../contract';

/**
 * A failed login with the stable code `sociallogin:error` reports. The message is for a developer
 * reading the error (in full in a debug build); shoppers read the translated one (i18n.ts).
 */
export class LoginError extends Error {
  // `declare`: assigned below, so the build needs no class-field helper.
  declare readonly code: LoginErrorCode;
  /** The store rule behind a `login_blocked`, when the backend named it. */
  declare readonly reason?: BlockReason;
  /** What went wrong underneath (a network failure, a script that did not load). */
  declare readonly cause?: unknown;
  constructor(
    code: LoginErrorCode,
    message: string = code,
    options?: { cause?: unknown; reason?: BlockReason },
  ) {
    // Set by hand rather than by `super(message, options)`: Error's `cause` option is ES2022, and
    // engines below it (Safari before 15, Chrome before 93) would drop it silently.
    super(message);
    this.code = code;
    this.name = 'LoginError';
    if (options) Object.assign(this, options);
  }
}

export const toLoginError = (error: unknown): LoginError =>
  error instanceof LoginError
    ? error
    : new LoginError('provider_error', 'unexpected', { cause: error });

const PREFIX = '[social-login] ';
const DOCS = ' See https://github.com/social-login-widget/social-login-widget/blob/main/docs/';
const warned = new Set<string>();

type Section = 'options' | 'browser-api' | 'kakaos-sdk' | 'security' | LoginErrorCode;

/** The page of docs/ a section is on: error codes (all snake_case) have their troubleshooting entry. */
const pageOf = (section: Section): string =>
  section === 'security' ? 'backend.md' : section.includes('_') ? 'troubleshooting.md' : 'api.md';

/**
 * Tells the merchant about misuse, once per distinct message, never throwing, with the docs
 * section that explains it (`options` for attributes, `browser-api` for calls, an error code for
 * the backend's hint on a failed login).
 */
export function warn(message: string, section: Section = 'options'): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`${PREFIX}${message}${DOCS}${pageOf(section)}#${section}`);
}

export function reportError(what: string, error: unknown): void {
  console.error(`${PREFIX}${what}`, error);
}
