/**
 * What the widget and the backend agree on: the HTTP API of `POST /api/exchange`, the error codes
 * and the names both sides use (docs/backend.md, "HTTP API"). Types and small constants
 * only, no runtime dependency: the widget bundles what it imports from here. The backend's zod
 * schemas for these shapes live in src/server/schemas.ts.
 */

export const PROVIDERS = ['kakao', 'naver'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The languages the widget speaks, and the backend words the welcome notice in. */
export const LANGS = ['ko', 'en', 'ja', 'zh-CN', 'zh-TW'] as const;
export type Lang = (typeof LANGS)[number];

/** Every error code the backend answers with, and the HTTP status it is sent with. */
export const API_ERROR_STATUS = {
  invalid_request: 400,
  unsupported_provider: 400,
  origin_not_allowed: 403,
  invalid_grant: 400,
  consent_required: 400,
  access_denied: 400,
  id_token_invalid: 401,
  login_blocked: 403,
  not_found: 404,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  upstream_timeout: 504,
  /** The backend's database cannot be reached right now (it restarts, the network is cut). */
  service_unavailable: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

// Not `Object.hasOwn`: the widget bundles this, and `Object.hasOwn` is missing before Safari 15.4
// and Chrome 93, below the browser floor in docs/api.md. (`in` would also match 'toString'.)
export const isApiErrorCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && Object.keys(API_ERROR_STATUS).includes(code);

/**
 * Codes only the widget produces (it never got as far as the backend, or the provider answered
 * the redirect with an error). `sociallogin:error` carries either kind.
 */
export const WIDGET_ERROR_CODES = [
  'state_mismatch',
  'state_expired',
  'access_denied',
  'consent_required',
  'provider_error',
  'network_error',
  'sdk_unavailable',
] as const;
export type WidgetErrorCode = (typeof WIDGET_ERROR_CODES)[number];
export type LoginErrorCode = ApiErrorCode | WidgetErrorCode;

/**
 * Why a store rule refused the shopper (`login_blocked`), so the widget can tell them: a member who
 * deleted their store account cannot rejoin with it; an age-restricted store has no social
 * login (both Cafe24's rules: serviceguide.cafe24.com/en_US/PM.SN.LI.html).
 */
export const BLOCK_REASONS = ['member_deleted', 'age_restricted'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

/**
 * The backend's error answer. `providerCode` is Kakao's or Naver's own code when the provider
 * refused (`KOE010`, `invalid_client`); `hint` is one line saying what the merchant does about it.
 * Both are for the merchant (the widget writes them to the console), never for the shopper.
 */
export type ErrorBody = {
  error: {
    code: ApiErrorCode;
    message: string;
    reason?: BlockReason;
    providerCode?: string;
    hint?: string;
  };
};

/** Body of `POST /api/exchange`; the backend's zod schema (src/server/schemas.ts) enforces it. */
export interface ExchangeRequest {
  provider: Provider;
  code: string;
  /** 128-bit random, base64url. */
  state: string;
  redirectUri: string;
  /** Kakao only: echoed in the ID token. */
  nonce?: string;
  /** RFC 7636 verifier when the authorize request carried a PKCE challenge. */
  codeVerifier?: string;
}

export interface ShopperProfile {
  /** `"<provider>:<providerUserId>"`: stable per provider app and provider user. */
  id: string;
  providerUserId: string;
  name?: string;
  email?: string;
  phone?: string;
  image?: string;
}

export interface ExchangeResponse {
  provider: Provider;
  user: ShopperProfile;
  member: { status: 'existing' | 'new' };
  /** One-time hand-off ticket for completing a store session (Cafe24 SSO). */
  ticket?: string;
  /**
   * On a store with the Cafe24 app: a signed, single-use pass for `POST /api/welcome`, naming
   * this member of this store origin, 30 minutes.
   */
  welcome?: string;
}

/**
 * The Cafe24 hand-off when the browser sent no usable Origin with it (a skin's `no-referrer` or
 * `same-origin` referrer policy): `/sso/handoff` sends the shopper back with
 * `#sl_handoff=<confirmation>` and the widget on that page, which started the hand-off, confirms
 * it with `POST /api/handoff/confirm` before the store's SSO may use it (ARCHITECTURE.md).
 */
export const HANDOFF_FRAGMENT = 'sl_handoff';

/** `POST /api/handoff/confirm`: the fragment's value and the nonce the tab sent with the hand-off. */
export interface HandoffConfirmRequest {
  confirmation: string;
  nonce: string;
}

/** Everything the widget keeps in the browser carries this prefix (sessionStorage keys). */
export const STORAGE_PREFIX = 'social-login:';
