/**
 * Every option of the widget, its default and its validation, in one place. Options come from the
 * script tag's `data-*` attributes, then a container's own `data-*` look attributes, then the options
 * of `SocialLogin.mount()` / `SocialLogin.login()`; the later source wins per option.
 * Parsing never throws: a bad value becomes a problem message and the default.
 */
import type { ExchangeResponse, LoginErrorCode, Provider } from '../contract';
import { LANGS, type Lang, matchLang } from './i18n';
import type { KakaoSdkPin } from './kakao-sdk';

export const SIZES = ['small', 'medium', 'large'] as const;
export const SHAPES = ['rounded', 'square', 'pill'] as const;
export const THEMES = ['brand', 'accessible', 'light'] as const;
export const LAYOUTS = ['vertical', 'horizontal', 'icon'] as const;
/** Kakao `prompt` values a merchant may ask for (Kakao JS SDK login guide); `none` is auto-login. */
export const PROMPTS = ['login', 'select_account', 'create'] as const;
/** Naver `auth_type` (naver-openapi-guide ko/login/api/api.md). */
export const AUTH_TYPES = ['reprompt', 'reauthenticate'] as const;
const PROVIDER_NAMES: readonly Provider[] = ['kakao', 'naver'];

export const DEFAULT_REDIRECT_PATH = '/member/login.html';
/**
 * The ID/password part of a Cafe24 login page. Cafe24 renders the skin's `module="member_login"` as
 * `<form id="member_form_<digits>" action="/exec/front/Member/login/">` around
 * `<div class="xans-element- xans-member xans-member-login">`, whose `.login fieldset` holds
 * `#member_id` and `#member_passwd` (public renders of Cafe24 PC skins). Skins that restyle the page
 * keep the module's class, so this selector outlives their markup changes.
 */
export const DEFAULT_HIDE_SELECTOR = '.xans-member-login fieldset';
/**
 * A signed-in shopper: Cafe24 renders the skin's `module="Layout_stateLogon"` block (class
 * `xans-layout-statelogon`) only for a logged-in member, `Layout_stateLogoff` otherwise; skins test
 * `$('.xans-layout-statelogon').length` for exactly this (public Cafe24 skin scripts).
 */
export const DEFAULT_SIGNED_IN_SELECTOR = '.xans-layout-statelogon';

export interface Callbacks {
  onReady?: (detail: { providers: Provider[] }) => void;
  onStart?: (detail: { provider: Provider; silent?: boolean }) => void;
  onSuccess?: (detail: Pick<ExchangeResponse, 'provider' | 'user' | 'member'>) => void;
  /** `silent: true`: the automatic login inside KakaoTalk failed; the widget showed no message. */
  onError?: (detail: {
    provider: Provider | null;
    code: LoginErrorCode;
    message: string;
    silent?: boolean;
  }) => void;
}

/** The public options (attribute `data-kakao-js-key` = option `kakaoJsKey`, and so on). */
export interface Options extends Callbacks {
  /** Required. Backend origin: https, or http on localhost / 127.0.0.1. */
  backend: string;
  /** Kakao JavaScript key. Default: none, and then no Kakao button. */
  kakaoJsKey?: string;
  /** Naver client ID. Default: none, and then no Naver button. */
  naverClientId?: string;
  /** Button order. Default `kakao,naver`; a provider shows only when its key is set. */
  providers: Provider[];
  /** Default: `<html lang>`, then `navigator.language`, then `ko`. */
  lang: Lang;
  /** Path of the redirect URI on the store's origin. Default `/member/login.html`. */
  redirectPath: string;
  /**
   * Where the shopper goes after login, same origin only. Default: `returnUrl` query, else this
   * page. A login page is never the destination: the page the shopper came from, else the home.
   */
  returnTo: string;
  /** Inside KakaoTalk offer only Kakao. Default true. */
  kakaoOnlyInApp: boolean;
  /** Inside KakaoTalk try automatic login first. Default true. */
  autoLogin: boolean;
  /** Elements hidden in Kakao-only mode. Default: Cafe24's ID/password form. */
  hideSelector: string;
  /** While this matches, a shopper is signed in and no automatic login runs. Default: Cafe24's. */
  signedInSelector: string;
  /** Kakao `prompt`: `login`, `select_account` or `create`. Default: none. */
  prompt?: (typeof PROMPTS)[number];
  /** Kakao `loginHint`: the Kakao Account ID filled in on Kakao's login page. Default: none. */
  loginHint?: string;
  /** Kakao additional consent items, comma list (`account_email,gender`). Default: none. */
  scope?: string;
  /** The Kakao app uses OpenID Connect: `openid` joins any `scope` (Kakao's guide). Default true. */
  oidc: boolean;
  /** Kakao Sync service terms tags to ask for, comma list. Default: none. */
  serviceTerms?: string;
  /** Let Kakao's SDK hand the login to the KakaoTalk app on phones. Default true. */
  throughTalk: boolean;
  /** Naver `auth_type`: `reprompt` (ask again for declined items) or `reauthenticate`. Default: none. */
  authType?: (typeof AUTH_TYPES)[number];
  /** Button height 40 / 48 / 56 px. Default `medium`. */
  size: (typeof SIZES)[number];
  /** `rounded` (12px, Kakao's guide), `square` or `pill`. Default `rounded`. */
  shape: (typeof SHAPES)[number];
  /**
   * `brand` (each provider's official button), `accessible` (Naver with a dark label, 7.5:1) or
   * `light` (white Naver button). Default `brand`.
   */
  theme: (typeof THEMES)[number];
  /** `vertical`, `horizontal` or `icon` (square buttons, mark only). Default `vertical`. */
  layout: (typeof LAYOUTS)[number];
  /**
   * The Kakao SDK the widget loads when the page has none: a 2.x version and the integrity value
   * Kakao publishes beside it (`2.7.1 sha384-…`). Default: the widget's pinned version.
   */
  kakaoSdk?: KakaoSdkPin;
  /** Sandbox root URL (development only). Default: none. */
  sandbox?: string;
}

/** One source of raw values. Attribute sources are named `data-…` in messages. */
export interface Layer {
  attribute: boolean;
  values: Record<string, unknown>;
}

export interface Page {
  href: string;
  htmlLang: string;
  navigatorLanguage: string;
}

const CALLBACKS = ['onReady', 'onStart', 'onSuccess', 'onError'] as const;
/** What a container may override with its own attributes. */
export const CONTAINER_KEYS = ['providers', 'lang', 'size', 'shape', 'theme', 'layout'] as const;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

export function currentPage(): Page {
  return {
    href: location.href,
    htmlLang: document.documentElement.lang,
    navigatorLanguage: navigator.language,
  };
}

/** An http(s) URL without trailing slash; https only unless on localhost when `strict`. */
function httpUrl(value: string, strict: boolean): string | undefined {
  try {
    const url = new URL(value);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    const ok = url.protocol === 'https:' || (url.protocol === 'http:' && (local || !strict));
    return ok && !url.username ? url.href.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

function selector(value: string): string | undefined {
  try {
    document.createDocumentFragment().querySelector(value);
    return value;
  } catch {
    return undefined;
  }
}

export function parseOptions(
  layers: Layer[],
  page: Page = currentPage(),
): { options: Options | null; problems: string[] } {
  const problems: string[] = [];
  const raw: Record<string, { value: unknown; name: string }> = {};
  for (const { attribute, values } of layers) {
    for (const key in values) {
      const value = values[key];
      if (value !== undefined) raw[key] = { value, name: attribute ? `data-${kebab(key)}` : key };
    }
  }
  /**
   * What was wrong and what happens instead. The production build keeps only the name and the
   * value (the README's options table, linked from the warning, says the rest): `expected` and
   * `fallback` are `__DEBUG__ && …` at every call, so their words compile out.
   */
  const bad = (key: string, expected: string | false, fallback: string | false) =>
    problems.push(
      __DEBUG__
        ? `"${raw[key]?.name}" must be ${expected}; got ${show(raw[key]?.value)}. ${fallback}`
        : `"${raw[key]?.name}" cannot be ${show(raw[key]?.value)}.`,
    );

  /** The parsed value, or the default after reporting the problem. Booleans are read as text. */
  function read<T>(
    key: string,
    parse: (text: string) => T | undefined,
    expected: string | false,
    fallback: string | false,
    byDefault: T,
  ): T {
    const entry = raw[key];
    if (!entry) return byDefault;
    const { value } = entry;
    const text = typeof value === 'string' || typeof value === 'boolean' ? `${value}`.trim() : null;
    const parsed = text === null ? undefined : parse(text);
    if (parsed !== undefined) return parsed;
    bad(key, expected, fallback);
    return byDefault;
  }
  const oneOf = <T extends string, D extends T | undefined>(
    key: string,
    allowed: readonly T[],
    byDefault: D,
  ): T | D =>
    read<T | D>(
      key,
      (text) => allowed.find((a) => a.toLowerCase() === text.toLowerCase()),
      __DEBUG__ && `one of ${allowed.join(', ')}`,
      __DEBUG__ && (byDefault ? `Using "${byDefault}".` : 'Ignoring it.'),
      byDefault,
    );
  /** A comma list of Kakao IDs (consent items, service terms tags); spaces dropped. */
  const list = (key: string, what: string) =>
    read(
      key,
      (text) => {
        const value = text.replace(/\s/g, '');
        return /^([\w.-]+(,[\w.-]+)*)?$/.test(value) ? value : undefined;
      },
      __DEBUG__ && `a comma list of ${what}`,
      __DEBUG__ && 'Ignoring it.',
      '',
    ) || undefined;
  const flag = (key: string) =>
    read(
      key,
      (text) => (/^(true|1|)$/i.test(text) ? true : /^(false|0)$/i.test(text) ? false : undefined),
      __DEBUG__ && 'true or false',
      __DEBUG__ && 'Using "true".',
      true,
    );
  const appKey = (key: string, provider: string) =>
    read(
      key,
      (text) => (/^[\w-]{0,128}$/.test(text) ? text : undefined),
      __DEBUG__ && 'an app key (letters, digits, - and _)',
      __DEBUG__ && `No ${provider} button.`,
      '',
    ) || undefined;

  // Without a backend nothing can work, so nothing is shown.
  let backend: string | undefined;
  const backendValue = raw.backend?.value;
  if (backendValue === undefined || backendValue === '') {
    problems.push(
      __DEBUG__
        ? '"data-backend" is required: the URL of your login backend. Nothing is shown.'
        : '"data-backend" is required.',
    );
  } else {
    backend = read(
      'backend',
      (text) => httpUrl(text, true),
      __DEBUG__ && 'an https URL (http only on localhost)',
      __DEBUG__ && 'Nothing is shown.',
      undefined,
    );
  }

  const kakaoJsKey = appKey('kakaoJsKey', 'Kakao');
  const naverClientId = appKey('naverClientId', 'Naver');

  let providers: Provider[] = ['kakao', 'naver'];
  const listed = raw.providers?.value;
  if (listed !== undefined) {
    const known: Provider[] = [];
    let unknown = false;
    for (const name of `${listed}`.toLowerCase().split(',')) {
      const found = PROVIDER_NAMES.find((p) => p === name.trim());
      if (found && !known.includes(found)) known.push(found);
      else if (!found && name.trim()) unknown = true;
    }
    if (known.length) providers = known;
    if (unknown)
      bad(
        'providers',
        __DEBUG__ && 'a list of kakao, naver',
        __DEBUG__ && `Using "${providers.join(',')}".`,
      );
  }

  const here = new URL(page.href);
  const sameOrigin = (text: string | null): string | undefined => {
    try {
      const url = new URL(text || '', here);
      return text && url.origin === here.origin ? url.href : undefined;
    } catch {
      return undefined;
    }
  };
  const pageLang = matchLang(page.htmlLang) || matchLang(page.navigatorLanguage) || 'ko';

  const options: Options = {
    backend: backend || '',
    kakaoJsKey,
    naverClientId,
    providers,
    lang: read(
      'lang',
      // The same tags `<html lang>` takes: ja-JP → ja, zh-Hant → zh-TW (i18n.ts matchLang).
      (text) => matchLang(text) ?? undefined,
      __DEBUG__ && `one of ${LANGS.join(', ')}`,
      __DEBUG__ && `Using "${pageLang}".`,
      pageLang,
    ),
    redirectPath: read(
      'redirectPath',
      // "//host" would leave the store's origin, browsers read "\" as "/", and a query or hash
      // would not survive the return's URL cleaning.
      (text) => (/^\/(?![/\\])[^?#\\\s]*$/.test(text) ? text : undefined),
      __DEBUG__ && 'a path starting with "/"',
      __DEBUG__ && `Using "${DEFAULT_REDIRECT_PATH}".`,
      DEFAULT_REDIRECT_PATH,
    ),
    returnTo: read(
      'returnTo',
      sameOrigin,
      __DEBUG__ && `a URL on ${here.origin}`,
      __DEBUG__ && 'Using the default.',
      sameOrigin(here.searchParams.get('returnUrl')) || here.href,
    ),
    kakaoOnlyInApp: flag('kakaoOnlyInApp'),
    autoLogin: flag('autoLogin'),
    hideSelector: read(
      'hideSelector',
      selector,
      __DEBUG__ && 'a CSS selector',
      __DEBUG__ && "Using Cafe24's login form.",
      DEFAULT_HIDE_SELECTOR,
    ),
    signedInSelector: read(
      'signedInSelector',
      selector,
      __DEBUG__ && 'a CSS selector',
      __DEBUG__ && "Using Cafe24's.",
      DEFAULT_SIGNED_IN_SELECTOR,
    ),
    prompt: oneOf('prompt', PROMPTS, undefined),
    loginHint: read('loginHint', (text) => text, false, false, '') || undefined,
    scope: list('scope', 'Kakao consent items'),
    oidc: flag('oidc'),
    serviceTerms: list('serviceTerms', 'service terms tags'),
    throughTalk: flag('throughTalk'),
    authType: oneOf('authType', AUTH_TYPES, undefined),
    size: oneOf('size', SIZES, 'medium'),
    shape: oneOf('shape', SHAPES, 'rounded'),
    theme: oneOf('theme', THEMES, 'brand'),
    layout: oneOf('layout', LAYOUTS, 'vertical'),
    kakaoSdk: read<KakaoSdkPin | undefined>(
      'kakaoSdk',
      (text) => {
        const [, version, integrity] =
          /^(2\.\d+\.\d+)\s+(sha(?:256|384|512)-[A-Za-z\d+/]+={0,2})$/.exec(text) ?? [];
        return version && integrity ? { version, integrity } : undefined;
      },
      __DEBUG__ && 'a Kakao SDK 2.x version and its integrity value ("2.7.1 sha384-…")',
      __DEBUG__ && "Using the widget's own version.",
      undefined,
    ),
    sandbox:
      read(
        'sandbox',
        (text) => (text ? httpUrl(text, false) : ''),
        __DEBUG__ && 'an http(s) URL',
        __DEBUG__ && 'Ignoring it.',
        '',
      ) || undefined,
  };
  for (const key of CALLBACKS) {
    const value = raw[key]?.value;
    if (typeof value === 'function') Object.assign(options, { [key]: value });
    else if (value !== undefined) bad(key, __DEBUG__ && 'a function', __DEBUG__ && 'Ignoring it.');
  }
  return { options: backend ? options : null, problems };
}

/** An element's `data-*` as a layer; `only` limits which are read (a container's look). */
export function attributeLayer(element: HTMLElement | null, only?: readonly string[]): Layer {
  const values: Record<string, unknown> = { ...element?.dataset };
  if (only) for (const key in values) if (!only.includes(key)) delete values[key];
  return { attribute: true, values };
}

/** The options object of `mount()` / `login()` as a layer; anything else is no options. */
export const optionLayer = (options: unknown): Layer => ({
  attribute: false,
  values: options !== null && typeof options === 'object' ? { ...options } : {},
});
