/**
 * What the widget and the backend agree on: the HTTP API (`POST /api/exchange`,
 * `GET /api/store-rules`, `POST /api/welcome`, `POST /api/handoff/confirm`), the error codes and
 * reasons, and the names both sides use (docs/backend.md, "HTTP API"). Types, small constants and
 * the guards the widget reads the backend's answers with; no runtime dependency, as the widget
 * bundles what it imports from here (no zod in the bundle). The backend's zod schemas for the
 * requests live in src/server/schemas.ts; test/contract checks the backend's answers against
 * the guards below.
 */

/** Every provider, in the widget's default button order: the one list both sides use. */
export const PROVIDERS = ['kakao', 'naver'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const isProvider = (value: unknown): value is Provider => PROVIDERS.some((p) => p === value);

/** The backend's routes the widget calls, below its origin (`data-backend`). */
export const EXCHANGE_PATH = '/api/exchange';
export const STORE_RULES_PATH = '/api/store-rules';
export const WELCOME_PATH = '/api/welcome';
export const HANDOFF_CONFIRM_PATH = '/api/handoff/confirm';

/** Small readers for JSON from the other side: never throw, never cast. */

/** `value[key]` when value is an object, else undefined. */
export const prop = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? Reflect.get(value, key) : undefined;

export const isString = (value: unknown): value is string => typeof value === 'string';

/** Each key of `value` is a string or absent. */
export const optionalStrings = (value: unknown, keys: string[]): boolean =>
  keys.every((key) => prop(value, key) === undefined || isString(prop(value, key)));

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

export const isBlockReason = (value: unknown): value is BlockReason =>
  BLOCK_REASONS.some((r) => r === value);

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

/**
 * What the widget reads of an `ErrorBody` (not `message`, which is for logs): undefined unless
 * the code is one this contract knows; each optional field undefined unless it has its type.
 */
export function readError(body: unknown): Omit<ErrorBody['error'], 'message'> | undefined {
  const error = prop(body, 'error');
  const code = prop(error, 'code');
  const reason = prop(error, 'reason');
  const providerCode = prop(error, 'providerCode');
  const hint = prop(error, 'hint');
  return isApiErrorCode(code)
    ? {
        code,
        reason: isBlockReason(reason) ? reason : undefined,
        providerCode: isString(providerCode) ? providerCode : undefined,
        hint: isString(hint) ? hint : undefined,
      }
    : undefined;
}

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

const isProfile = (v: unknown): v is ShopperProfile =>
  isString(prop(v, 'id')) &&
  isString(prop(v, 'providerUserId')) &&
  optionalStrings(v, ['name', 'email', 'phone', 'image']);

export function isExchangeResponse(v: unknown): v is ExchangeResponse {
  const member = prop(prop(v, 'member'), 'status');
  return (
    isProvider(prop(v, 'provider')) &&
    isProfile(prop(v, 'user')) &&
    (member === 'existing' || member === 'new') &&
    optionalStrings(v, ['ticket', 'welcome'])
  );
}

/**
 * `GET /api/store-rules`: whether this store allows social login at all. An age-restricted Cafe24
 * store does not (Cafe24's social login manual): the widget then draws nothing.
 */
export interface StoreRules {
  socialLogin: boolean;
  reason?: Extract<BlockReason, 'age_restricted'>;
}

/** `reason` is for people reading the answer; the widget goes by `socialLogin`. */
export const isStoreRules = (v: unknown): v is Pick<StoreRules, 'socialLogin'> =>
  typeof prop(v, 'socialLogin') === 'boolean';

/** `POST /api/welcome`: the pass `/api/exchange` gave, and the shopper's language. */
export interface WelcomeRequest {
  pass: string;
  lang?: string;
}

/** What `/api/welcome` answers as `notice`, already in the shopper's language. */
export interface WelcomeNotice {
  title: string;
  /** One line for the points, one for the coupons when there are any. */
  lines: string[];
  /** The close button's accessible name. */
  close: string;
}

export const isWelcomeNotice = (v: unknown): v is WelcomeNotice => {
  const lines = prop(v, 'lines');
  return (
    isString(prop(v, 'title')) &&
    isString(prop(v, 'close')) &&
    Array.isArray(lines) &&
    lines.every(isString)
  );
};

/** The answer of `POST /api/welcome`. */
export interface WelcomeAnswer {
  /** The member's spendable points (mileage). */
  points: number;
  coupons: { name: string; expiresAt?: string }[];
  /**
   * The notice, worded by the backend in the shopper's language rather than in the widget: every
   * byte of the widget ships on every page view, this text is read once after a login. Null:
   * nothing to tell.
   */
  notice: WelcomeNotice | null;
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
