/**
 * Every option of the widget in one table, `OPTIONS`: its name (the attribute is `data-` and the
 * name in kebab-case), what a value must be, its default, and, in the comment above its row, what
 * it does. The table feeds the parser below, the `Options` type (whose members carry the rows'
 * comments) and the options table of the docs (`npm run docs:options` writes it from this file;
 * a test fails when the docs differ). The comments are docs only: they never reach the bundle.
 *
 * Options come from the script tag's `data-*` attributes, then a container's own `data-*` look
 * attributes, then the options of `SocialLogin.mount()` / `SocialLogin.login()`; the later source
 * wins per option. Parsing never throws: a bad value becomes a problem message and the default.
 */
import { type ExchangeResponse, type LoginErrorCode, PROVIDERS, type Provider } from '../contract';
import { LANGS, type Lang, matchLang } from './i18n';
import type { KakaoSdkPin } from './kakao-sdk';

export const SIZES = ['small', 'medium', 'large'] as const;
export const SHAPES = ['rounded', 'square', 'pill'] as const;
export const THEMES = ['brand', 'accessible', 'light'] as const;
export const LAYOUTS = ['vertical', 'horizontal', 'icon'] as const;
/** Kakao `prompt` values a merchant may ask for; `none` is the widget's own automatic login. */
export const PROMPTS = ['login', 'select_account', 'create'] as const;
/** Naver `auth_type` (Naver Login API guide, "로그인 요청"). */
export const AUTH_TYPES = ['reprompt', 'reauthenticate'] as const;

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

/** What a row's reader and computed default see: the page the widget runs on. */
export interface Context {
  /** The page's URL. */
  here: URL;
  /** The page's language: `<html lang>`, then the browser's, then `ko`. */
  lang: Lang;
}

/**
 * Words for the merchant: a problem message's, and the docs'. `false` in the production build,
 * where each is written `__DEBUG__ && '…'` so that it compiles out (globals.d.ts `__DEBUG__`).
 */
export type Words = string | false;

/** One option. `T` is its parsed type; `undefined` in it makes the option optional. */
export interface Row<T> {
  /** What a value must be: the problem message's "must be …" and the docs' value column. */
  is: Words | ((c: Context) => string);
  /**
   * The value, or undefined when `given` is not one. `partly()` reports a value used only in part
   * (a list with an unknown name). `given` is trimmed text unless the row reads `raw` values.
   */
  read(given: never, c: Context, partly: () => void): T | undefined;
  /** Reads the value as given (a function, a list), not as text. */
  raw?: true;
  /** The default, or the page it is computed from. Absent: the option is unset by default. */
  or?: T | ((c: Context) => T);
  /** What the problem message says happens, when not `Using "<default>".` / `Ignoring it.` */
  instead?: Words;
  /** Required: without it the widget shows nothing. */
  need?: true;
  /** What a required value is, for the message when it is missing. */
  what?: Words;
  /** A container may set it with its own attribute (the look of its buttons). */
  look?: true;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** The script-tag attribute of an option: `kakaoJsKey` → `data-kakao-js-key`. */
export const attributeOf = (name: string) => `data-${kebab(name)}`;
const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

/** A row read from text: an attribute, or a string or boolean given to mount(). */
const text = <T>(
  is: Row<T>['is'],
  read: (text: string, c: Context) => T | undefined,
  more?: Omit<Row<T>, 'is' | 'read'>,
): Row<T> => ({ is, read, ...more });

/** An http(s) URL without trailing slash; with `httpsOnly`, http is for localhost only. */
function httpUrl(value: string, { httpsOnly = false } = {}): string | undefined {
  try {
    const url = new URL(value);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    const ok = url.protocol === 'https:' || (url.protocol === 'http:' && (local || !httpsOnly));
    return ok && !url.username ? url.href.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

const sameOrigin = (value: string | null, { here }: Context): string | undefined => {
  try {
    const url = new URL(value || '', here);
    return value && url.origin === here.origin ? url.href : undefined;
  } catch {
    return undefined;
  }
};

function oneOf<T extends string>(allowed: readonly T[], or: T): Row<T>;
function oneOf<T extends string>(allowed: readonly T[]): Row<T | undefined>;
function oneOf<T extends string>(allowed: readonly T[], or?: T): Row<T | undefined> {
  return text(
    __DEBUG__ && `one of ${allowed.join(', ')}`,
    (t) => allowed.find((a) => a.toLowerCase() === t.toLowerCase()),
    { or },
  );
}

const flag = (): Row<boolean> =>
  text(
    __DEBUG__ && 'true or false',
    // An attribute with no value (`data-auto-login`) is on, as HTML's boolean attributes are.
    (t) => (/^(true|1|)$/i.test(t) ? true : /^(false|0)$/i.test(t) ? false : undefined),
    { or: true },
  );

const appKey = (provider: string): Row<string | undefined> =>
  text(
    __DEBUG__ && 'an app key (letters, digits, - and _)',
    (t) => (/^[\w-]{1,128}$/.test(t) ? t : undefined),
    { instead: __DEBUG__ && `No ${provider} button.` },
  );

/** A comma list of Kakao IDs (consent items, service terms tags); spaces dropped. */
const list = (what: Words): Row<string | undefined> =>
  text(__DEBUG__ && `a comma list of ${what}`, (t) => {
    const value = t.replace(/\s/g, '');
    return /^[\w.-]+(,[\w.-]+)*$/.test(value) ? value : undefined;
  });

const selector = (or: string, instead: Words): Row<string> =>
  text(
    __DEBUG__ && 'a CSS selector',
    (t) => {
      try {
        document.createDocumentFragment().querySelector(t);
        return t;
      } catch {
        return undefined;
      }
    },
    { or, instead },
  );

/** A row a container may also set with its own attribute: the look of its buttons. */
const look = <T>(row: Row<T>): Row<T> => ({ ...row, look: true });

const callback = <F>(): Row<F | undefined> => ({
  is: __DEBUG__ && 'a function',
  raw: true,
  read: (f: unknown) => (typeof f === 'function' ? (f as F) : undefined),
});

/**
 * The options, in the order the docs list them and problems are reported. The comment above a
 * row is its description in the docs and in the `Options` type; `@default` there words a default
 * the row computes or leaves to another part of the widget.
 */
export const OPTIONS = {
  /**
   * Backend origin: https (http only on `localhost` / `127.0.0.1`). Without it the widget renders
   * nothing.
   */
  backend: text<string>(
    __DEBUG__ && 'an https URL (http only on localhost)',
    (t) => httpUrl(t, { httpsOnly: true }),
    {
      need: true,
      what: __DEBUG__ && 'the URL of your login backend',
      instead: __DEBUG__ && 'Nothing is shown.',
    },
  ),
  /** Kakao **JavaScript** key. No key, no Kakao button. */
  kakaoJsKey: appKey('Kakao'),
  /** Naver client ID. No ID, no Naver button. */
  naverClientId: appKey('Naver'),
  /** Which buttons, in this order; a provider shows only when its key is set. */
  providers: {
    is: __DEBUG__ && `a list of ${PROVIDERS.join(', ')}`,
    raw: true,
    // `${…}` reads an attribute's "naver, kakao" and mount()'s ['naver', 'kakao'] alike.
    read(given: unknown, _, partly) {
      const known: Provider[] = [];
      for (const name of `${given}`.toLowerCase().split(',')) {
        const found = PROVIDERS.find((p) => p === name.trim());
        if (found && !known.includes(found)) known.push(found);
        else if (!found && name.trim()) partly();
      }
      return known.length ? known : undefined;
    },
    or: [...PROVIDERS],
    look: true,
  } satisfies Row<Provider[]>,
  /**
   * `ko`, `en`, `ja`, `zh-CN` or `zh-TW` (`ja-JP` → `ja`, `zh-Hant`/`zh-HK` → `zh-TW`, …).
   * @default `<html lang>`, then the browser's language, then `ko`
   */
  // The same tags `<html lang>` takes: ja-JP → ja, zh-Hant → zh-TW (i18n.ts matchLang).
  lang: text<Lang>(__DEBUG__ && `one of ${LANGS.join(', ')}`, (t) => matchLang(t) ?? undefined, {
    or: (c) => c.lang,
    look: true,
  }),
  /**
   * Path of the redirect URI on the store's origin; register origin + path with Kakao and Naver.
   * The widget on that page finishes the login.
   */
  redirectPath: text(
    __DEBUG__ && 'a path starting with "/"',
    // "//host" would leave the store's origin, browsers read "\" as "/", and a query or hash
    // would not survive the return's URL cleaning.
    (t) => (/^\/(?![/\\])[^?#\\\s]*$/.test(t) ? t : undefined),
    { or: DEFAULT_REDIRECT_PATH },
  ),
  /**
   * Where the shopper lands after login. Same origin only. Never a login page: from one, the store
   * page the shopper came from, else the store's home.
   * @default the page's `returnUrl` query (Cafe24's login page carries it), else the current page
   */
  returnTo: text<string>(__DEBUG__ && ((c) => `a URL on ${c.here.origin}`), sameOrigin, {
    or: (c) => sameOrigin(c.here.searchParams.get('returnUrl'), c) || c.here.href,
    instead: __DEBUG__ && 'Using the default.',
  }),
  /**
   * Inside KakaoTalk's in-app browser offer only Kakao (see
   * [KakaoTalk](#kakaotalk-in-app-browser)).
   */
  kakaoOnlyInApp: flag(),
  /** Inside KakaoTalk try automatic login first (once per tab session). */
  autoLogin: flag(),
  /** Elements hidden in Kakao-only mode (Cafe24's ID/password form). */
  hideSelector: selector(DEFAULT_HIDE_SELECTOR, __DEBUG__ && "Using Cafe24's login form."),
  /**
   * While an element matches, a shopper is signed in and no automatic login runs (Cafe24 renders
   * this block only for a logged-in member).
   */
  signedInSelector: selector(DEFAULT_SIGNED_IN_SELECTOR, __DEBUG__ && "Using Cafe24's."),
  /**
   * Kakao: `login` (sign in again even if signed in), `select_account` (account picker) or `create`
   * (sign up first).
   */
  prompt: oneOf(PROMPTS),
  /** Kakao: the Kakao Account ID (email or phone number) filled in on Kakao's login page. */
  loginHint: text<string | undefined>(__DEBUG__ && 'text', (t) => t),
  /**
   * Kakao: additional consent items, comma list (`account_email,gender`). `openid` is added when
   * `oidc` is on, or Kakao issues no new ID token.
   */
  scope: list(__DEBUG__ && 'Kakao consent items'),
  /** The Kakao app has OpenID Connect on (the backend verifies its ID tokens). */
  oidc: flag(),
  /** Kakao Sync only: service terms tags shown on the consent screen, comma list. */
  serviceTerms: list(__DEBUG__ && 'service terms tags'),
  /**
   * Kakao: on phones, hand the login to the KakaoTalk app (one tap). `false` keeps it in the
   * browser.
   */
  throughTalk: flag(),
  /**
   * Naver: `reprompt` (ask again for items the shopper declined) or `reauthenticate` (password
   * again).
   */
  authType: oneOf(AUTH_TYPES),
  /** `small` (40 px), `medium` (48 px) or `large` (56 px) high. */
  size: look(oneOf(SIZES, 'medium')),
  /** `rounded` (12 px, Kakao's guide), `square` or `pill`. */
  shape: look(oneOf(SHAPES, 'rounded')),
  /**
   * `brand` (each provider's official button: Kakao yellow, Naver green with its white label),
   * `accessible` (Naver with a dark label, 7.5:1 against its green) or `light` (white Naver
   * button; Kakao stays yellow, as its guide requires).
   */
  theme: look(oneOf(THEMES, 'brand')),
  /**
   * `vertical` (full-width, stacked), `horizontal` (side by side) or `icon` (square buttons with
   * the mark only; still named for screen readers).
   */
  layout: look(oneOf(LAYOUTS, 'vertical')),
  /**
   * Kakao: the SDK version the widget loads when the page has none, and its integrity value,
   * separated by a space (see [Kakao's SDK](#kakaos-sdk)).
   * @default `2.8.1` with Kakao's integrity value
   */
  kakaoSdk: text<KakaoSdkPin | undefined>(
    __DEBUG__ && 'a Kakao SDK 2.x version and its integrity value ("2.7.1 sha384-…")',
    (t) => {
      const [, version, integrity] =
        /^(2\.\d+\.\d+)\s+(sha(?:256|384|512)-[A-Za-z\d+/]+={0,2})$/.exec(t) ?? [];
      return version && integrity ? { version, integrity } : undefined;
    },
    { instead: __DEBUG__ && "Using the widget's own version." },
  ),
  /**
   * Development only: the sandbox root (e.g. `http://localhost:8787/sandbox`). Uses the offline
   * providers and their stand-in SDK. Never set it in production.
   */
  sandbox: text<string | undefined>(__DEBUG__ && 'an http(s) URL', (t) => httpUrl(t)),
  /**
   * Called when the buttons are on the page, with the `detail` of
   * [`sociallogin:ready`](#events).
   */
  onReady: callback<Callbacks['onReady']>(),
  /** Called when a login starts, with the `detail` of [`sociallogin:start`](#events). */
  onStart: callback<Callbacks['onStart']>(),
  /**
   * Called when the backend verified the shopper, with the `detail` of
   * [`sociallogin:success`](#events).
   */
  onSuccess: callback<Callbacks['onSuccess']>(),
  /** Called when a login failed, with the `detail` of [`sociallogin:error`](#events). */
  onError: callback<Callbacks['onError']>(),
};

type Table = typeof OPTIONS;
type ValueOf<K extends keyof Table> = Table[K] extends Row<infer T> ? T : never;
/**
 * The options once parsed: one member per row of `OPTIONS`, documented by the row's comment; a
 * row without a default is an optional member. (Key filtering keeps the rows' comments.)
 */
type Parsed = {
  [K in keyof Table as undefined extends ValueOf<K> ? never : K]: ValueOf<K>;
} & {
  [K in keyof Table as undefined extends ValueOf<K> ? K : never]?: ValueOf<K>;
};

/** The public options (attribute `data-kakao-js-key` = option `kakaoJsKey`, and so on). */
export interface Options extends Parsed {}

/** Which option holds each provider's key: no key, no button. */
export const KEY_OPTION = {
  kakao: 'kakaoJsKey',
  naver: 'naverClientId',
} as const satisfies Record<Provider, keyof Options>;

/** What a container may override with its own attributes. */
export const CONTAINER_KEYS = Object.entries(OPTIONS)
  .filter(([, row]) => 'look' in row)
  .map(([name]) => name);

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

export function currentPage(): Page {
  return {
    href: location.href,
    htmlLang: document.documentElement.lang,
    navigatorLanguage: navigator.language,
  };
}

/** The layers merged and read by the table, once: the options, or null without a backend. */
export function parseOptions(
  layers: Layer[],
  page: Page = currentPage(),
): { options: Options | null; problems: string[] } {
  const problems: string[] = [];
  const raw: Record<string, { value: unknown; name: string }> = {};
  for (const { attribute, values } of layers) {
    for (const key in values) {
      const value = values[key];
      if (value !== undefined) raw[key] = { value, name: attribute ? attributeOf(key) : key };
    }
  }
  const c: Context = {
    here: new URL(page.href),
    lang: matchLang(page.htmlLang) || matchLang(page.navigatorLanguage) || 'ko',
  };
  const parsed: Record<string, unknown> = {};
  let usable = true;
  for (const name in OPTIONS) {
    // The table's rows, read through the one shape they share.
    const row: Row<unknown> = OPTIONS[name as keyof Table];
    const entry = raw[name];
    let value = typeof row.or === 'function' ? row.or(c) : row.or;
    if (row.need && (entry?.value ?? '') === '') {
      problems.push(
        __DEBUG__
          ? `"${attributeOf(name)}" is required: ${row.what}. ${row.instead}`
          : `"${attributeOf(name)}" is required.`,
      );
      usable = false;
    } else if (entry) {
      const { value: given } = entry;
      const t = typeof given === 'string' || typeof given === 'boolean' ? `${given}`.trim() : null;
      let partly = false;
      const mark = () => {
        partly = true;
      };
      // Text rows take strings and booleans only; an empty one sets nothing where there is no
      // default (`data-sandbox=""`).
      const read = row.raw
        ? row.read(given as never, c, mark)
        : t === null
          ? undefined
          : t === '' && row.or === undefined && !row.need
            ? null
            : row.read(t as never, c, mark);
      if (read != null) value = read;
      if (read === undefined || partly) {
        if (row.need) usable = false;
        // The production build names the option and the value; the docs, linked, say the rest.
        if (__DEBUG__) {
          const is = typeof row.is === 'function' ? row.is(c) : row.is;
          const instead =
            row.instead ?? (value === undefined ? 'Ignoring it.' : `Using "${value}".`);
          problems.push(`"${entry.name}" must be ${is}; got ${show(given)}. ${instead}`);
        } else problems.push(`"${entry.name}" cannot be ${show(given)}.`);
      }
    }
    parsed[name] = value;
  }
  // Every member comes from its row, which the `Options` type is made of.
  return { options: usable ? (parsed as unknown as Options) : null, problems };
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
