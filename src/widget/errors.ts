import type { BlockReason, LoginErrorCode } from '../contract';

/** A failed login with the stable code `sociallogin:error` reports. */
export class LoginError extends Error {
  // `declare`: assigned below, so the build needs no class-field helper.
  declare readonly code: LoginErrorCode;
  /** The store rule behind a `login_blocked`, when the backend named it. */
  declare readonly reason?: BlockReason;
  constructor(
    code: LoginErrorCode,
    message: string = code,
    options?: { cause?: unknown; reason?: BlockReason },
  ) {
    super(message, options);
    this.code = code;
    this.name = 'LoginError';
    if (options?.reason) Object.assign(this, { reason: options.reason });
  }
}

export const toLoginError = (error: unknown): LoginError =>
  error instanceof LoginError
    ? error
    : new LoginError('provider_error', 'unexpected', { cause: error });

const PREFIX = '[social-login] ';
const README = ' See https://github.com/social-login-widget/social-login-widget#';
const warned = new Set<string>();

/**
 * Tells the merchant about misuse, once per distinct message, never throwing, with the README
 * section that explains it (`options` for attributes, `browser-api` for calls).
 */
export function warn(
  message: string,
  section: 'options' | 'browser-api' | 'kakaos-sdk' = 'options',
): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(PREFIX + message + README + section);
}

export function reportError(what: string, error: unknown): void {
  console.error(`${PREFIX}${what}`, error);
}
