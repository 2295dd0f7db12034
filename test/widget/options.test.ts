import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributeLayer,
  CONTAINER_KEYS,
  DEFAULT_HIDE_SELECTOR,
  type Layer,
  OPTIONS,
  optionLayer,
  parseOptions,
} from '../../src/widget/options';
import { ORIGIN, page } from './helpers';

const KEYS = {
  backend: 'https://auth.example.com',
  kakaoJsKey: 'kakao-js',
  naverClientId: 'naver-id',
};
const attrs = (values: Record<string, unknown>): Layer => ({ attribute: true, values });
const parse = (values: Record<string, unknown>, over = {}) =>
  parseOptions([attrs({ ...KEYS, ...values })], page(over));

describe('options: defaults', () => {
  it('needs only data-backend and a key; everything else has a default', () => {
    const { options, problems } = parse({});
    expect(problems).toEqual([]);
    expect(options).toEqual({
      backend: 'https://auth.example.com',
      kakaoJsKey: 'kakao-js',
      naverClientId: 'naver-id',
      providers: ['kakao', 'naver'],
      lang: 'ko',
      redirectPath: '/member/login.html',
      returnTo: `${ORIGIN}/member/login.html`,
      kakaoOnlyInApp: true,
      autoLogin: true,
      hideSelector: DEFAULT_HIDE_SELECTOR,
      signedInSelector: '.xans-layout-statelogon',
      prompt: undefined,
      loginHint: undefined,
      scope: undefined,
      oidc: true,
      serviceTerms: undefined,
      throughTalk: true,
      authType: undefined,
      size: 'medium',
      shape: 'rounded',
      theme: 'brand',
      layout: 'vertical',
      sandbox: undefined,
    });
  });

  it.each([
    ['ja', '', 'ja'],
    ['zh-Hant-TW', '', 'zh-TW'],
    ['', 'zh-HK', 'zh-TW'],
    ['', 'zh-TW', 'zh-TW'],
    ['zh', '', 'zh-CN'],
    ['', 'zh-Hans-CN', 'zh-CN'],
    ['en-GB', 'ja-JP', 'en'],
    ['fr', 'ja-JP', 'ja'],
    ['fr', 'de-DE', 'ko'],
    ['', '', 'ko'],
  ])(
    'takes the language from <html lang="%s">, then navigator.language "%s": %s',
    (htmlLang, navigatorLanguage, lang) => {
      expect(parse({}, { htmlLang, navigatorLanguage }).options?.lang).toBe(lang);
    },
  );

  it.each([
    ['ja-JP', 'ja'],
    ['zh-Hant', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh', 'zh-CN'],
    ['en-GB', 'en'],
    ['KO', 'ko'],
  ])('reads data-lang="%s" as %s, as it reads <html lang>', (lang, expected) => {
    expect(parse({ lang }).options?.lang).toBe(expected);
  });

  it("returns to Cafe24's returnUrl when it is on the store, else to the current page", () => {
    const href = (q: string) => ({ href: `${ORIGIN}/member/login.html${q}` });
    expect(parse({}, href('?returnUrl=%2Fmyshop%2Findex.html')).options?.returnTo).toBe(
      `${ORIGIN}/myshop/index.html`,
    );
    expect(parse({}, href('?returnUrl=https%3A%2F%2Fevil.example%2F')).options?.returnTo).toBe(
      `${ORIGIN}/member/login.html?returnUrl=https%3A%2F%2Fevil.example%2F`,
    );
  });
});

describe('options: good values', () => {
  it('reads every attribute', () => {
    const { options, problems } = parse({
      backend: 'http://localhost:8787/',
      providers: 'naver, kakao',
      lang: 'zh-tw',
      redirectPath: '/oauth/back',
      returnTo: '/order/basket.html',
      kakaoOnlyInApp: 'false',
      autoLogin: '0',
      hideSelector: '#member_form',
      size: 'large',
      shape: 'pill',
      theme: 'light',
      layout: 'icon',
      sandbox: 'http://localhost:8787/sandbox/',
    });
    expect(problems).toEqual([]);
    expect(options).toMatchObject({
      backend: 'http://localhost:8787',
      providers: ['naver', 'kakao'],
      lang: 'zh-TW',
      redirectPath: '/oauth/back',
      returnTo: `${ORIGIN}/order/basket.html`,
      kakaoOnlyInApp: false,
      autoLogin: false,
      hideSelector: '#member_form',
      size: 'large',
      shape: 'pill',
      theme: 'light',
      layout: 'icon',
      sandbox: 'http://localhost:8787/sandbox',
    });
  });

  it('takes the accessible theme (Naver with a dark label), any case', () => {
    expect(parse({ theme: 'Accessible' }).options?.theme).toBe('accessible');
  });

  it.each([
    ['', true],
    ['true', true],
    ['1', true],
    ['TRUE', true],
    ['false', false],
    ['0', false],
  ])('reads the boolean attribute value "%s" as %s', (value, expected) => {
    expect(parse({ autoLogin: value }).options?.autoLogin).toBe(expected);
  });

  it('lets a container override the look and mount() options override both', () => {
    const container = document.createElement('div');
    container.dataset.size = 'small';
    container.dataset.backend = 'https://other.example'; // not a look attribute: ignored
    const { options } = parseOptions(
      [
        attrs({ ...KEYS, size: 'large', theme: 'light' }),
        attributeLayer(container, ['size']),
        optionLayer({ theme: 'brand', providers: ['naver'], onReady() {} }),
      ],
      page(),
    );
    expect(options).toMatchObject({
      backend: 'https://auth.example.com',
      size: 'small',
      theme: 'brand',
      providers: ['naver'],
    });
    expect(typeof options?.onReady).toBe('function');
  });

  it('takes the accessible Naver theme', () => {
    expect(parse({ theme: 'accessible' })).toMatchObject({
      options: { theme: 'accessible' },
      problems: [],
    });
  });

  it('lets a container set only the look of its buttons: providers, language, size, shape, theme, layout', () => {
    expect(CONTAINER_KEYS).toEqual(['providers', 'lang', 'size', 'shape', 'theme', 'layout']);
  });

  it.each(['prompt', 'loginHint', 'scope', 'serviceTerms', 'authType', 'kakaoSdk', 'sandbox'])(
    'reads an empty %s attribute as not set, without a problem',
    (name) => {
      const { options, problems } = parse({ [name]: ' ' });
      expect(problems).toEqual([]);
      expect(options?.[name as keyof typeof options]).toBeUndefined();
    },
  );

  it('accepts real booleans in mount() options', () => {
    const { options } = parseOptions([attrs(KEYS), optionLayer({ autoLogin: false })], page());
    expect(options?.autoLogin).toBe(false);
  });
});

describe('options: the Kakao SDK a store pins', () => {
  const INTEGRITY = 'sha384-kDljxUXHaJ9xAb2AzRd59KxjrFjzHa5TAoFQ6GbYTCAG0bjM55XohjjDT7tDDC01';

  it('reads a version and its integrity value', () => {
    const { options, problems } = parse({ kakaoSdk: ` 2.7.1   ${INTEGRITY} ` });
    expect(problems).toEqual([]);
    expect(options?.kakaoSdk).toEqual({ version: '2.7.1', integrity: INTEGRITY });
  });

  it.each([
    ['a version alone', '2.7.1'],
    ['an integrity value alone', INTEGRITY],
    ['a v1 version', `1.43.6 ${INTEGRITY}`],
    ['a hash that is not SRI', '2.7.1 md5-abc'],
    ['a path instead of a version', `../2.7.1 ${INTEGRITY}`],
  ])('refuses %s and keeps its own version', (_, value) => {
    const { options, problems } = parse({ kakaoSdk: value });
    expect(options?.kakaoSdk).toBeUndefined();
    expect(problems).toEqual([
      `"data-kakao-sdk" must be a Kakao SDK 2.x version and its integrity value ("2.7.1 sha384-…"); got "${value}". Using the widget's own version.`,
    ]);
  });
});

describe('options: bad values are reported once each and replaced by the default', () => {
  it.each([
    [
      { size: 'huge' },
      '"data-size" must be one of small, medium, large; got "huge". Using "medium".',
      { size: 'medium' },
    ],
    [
      { shape: 'circle' },
      '"data-shape" must be one of rounded, square, pill; got "circle". Using "rounded".',
      { shape: 'rounded' },
    ],
    [
      { theme: 'dark' },
      '"data-theme" must be one of brand, accessible, light; got "dark". Using "brand".',
      { theme: 'brand' },
    ],
    [
      { layout: 'grid' },
      '"data-layout" must be one of vertical, horizontal, icon; got "grid". Using "vertical".',
      { layout: 'vertical' },
    ],
    [
      { lang: 'fr' },
      '"data-lang" must be one of ko, en, ja, zh-CN, zh-TW; got "fr". Using "ko".',
      { lang: 'ko' },
    ],
    [
      { autoLogin: 'yes' },
      '"data-auto-login" must be true or false; got "yes". Using "true".',
      { autoLogin: true },
    ],
    [
      { kakaoOnlyInApp: 'no' },
      '"data-kakao-only-in-app" must be true or false; got "no". Using "true".',
      { kakaoOnlyInApp: true },
    ],
    [
      { redirectPath: 'member/login.html' },
      '"data-redirect-path" must be a path starting with "/"; got "member/login.html". Using "/member/login.html".',
      { redirectPath: '/member/login.html' },
    ],
    [
      { redirectPath: '//evil.example/cb' },
      '"data-redirect-path" must be a path starting with "/"; got "//evil.example/cb". Using "/member/login.html".',
      { redirectPath: '/member/login.html' },
    ],
    [
      { redirectPath: '/member/login.html?x=1' },
      '"data-redirect-path" must be a path starting with "/"; got "/member/login.html?x=1". Using "/member/login.html".',
      { redirectPath: '/member/login.html' },
    ],
    [
      { returnTo: 'https://evil.example/' },
      `"data-return-to" must be a URL on ${ORIGIN}; got "https://evil.example/". Using the default.`,
      { returnTo: `${ORIGIN}/member/login.html` },
    ],
    [
      { hideSelector: '##' },
      '"data-hide-selector" must be a CSS selector; got "##". Using Cafe24\'s login form.',
      { hideSelector: DEFAULT_HIDE_SELECTOR },
    ],
    [
      { providers: 'kakao,line' },
      '"data-providers" must be a list of kakao, naver; got "kakao,line". Using "kakao".',
      { providers: ['kakao'] },
    ],
    [
      { providers: 'line' },
      '"data-providers" must be a list of kakao, naver; got "line". Using "kakao,naver".',
      { providers: ['kakao', 'naver'] },
    ],
    [
      { kakaoJsKey: 'abc def' },
      '"data-kakao-js-key" must be an app key (letters, digits, - and _); got "abc def". No Kakao button.',
      { kakaoJsKey: undefined },
    ],
    [
      { sandbox: 'ftp://x' },
      '"data-sandbox" must be an http(s) URL; got "ftp://x". Ignoring it.',
      { sandbox: undefined },
    ],
  ])('%j → %s', (values, message, expected) => {
    const { options, problems } = parse(values);
    expect(problems).toEqual([message]);
    expect(options).toMatchObject(expected);
  });

  it('reports problems in the order of the options table, each once', () => {
    const { problems } = parse({ onReady: 1, layout: 'grid', size: 'huge', lang: 'fr' });
    expect(problems.map((p) => p.slice(0, p.indexOf(' ')))).toEqual([
      '"data-lang"',
      '"data-size"',
      '"data-layout"',
      '"data-on-ready"',
    ]);
  });

  it.each(Object.keys(OPTIONS))(
    'reports a %s that is not a value of its kind, and says what it must be',
    (name) => {
      const { problems } = parseOptions([attrs(KEYS), optionLayer({ [name]: {} })], page());
      const row = OPTIONS[name as keyof typeof OPTIONS];
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^"${name}" must be .+; got \\[object Object\\]\\. `));
      if (typeof row.is === 'string') expect(problems[0]).toContain(` must be ${row.is}; `);
    },
  );

  it('names the option, not the attribute, for mount() options', () => {
    const { problems } = parseOptions(
      [attrs(KEYS), optionLayer({ size: 3, onError: 'x' })],
      page(),
    );
    expect(problems).toEqual([
      '"size" must be one of small, medium, large; got 3. Using "medium".',
      '"onError" must be a function; got "x". Ignoring it.',
    ]);
  });

  it.each([
    [{}, '"data-backend" is required: the URL of your login backend. Nothing is shown.'],
    [
      { backend: '' },
      '"data-backend" is required: the URL of your login backend. Nothing is shown.',
    ],
    [
      { backend: 'http://auth.example.com' },
      '"data-backend" must be an https URL (http only on localhost); got "http://auth.example.com". Nothing is shown.',
    ],
    [
      { backend: 'javascript:alert(1)' },
      '"data-backend" must be an https URL (http only on localhost); got "javascript:alert(1)". Nothing is shown.',
    ],
  ])('renders nothing without a usable backend: %j', (values, message) => {
    const { options, problems } = parseOptions([attrs({ kakaoJsKey: 'k', ...values })], page());
    expect(options).toBeNull();
    expect(problems).toEqual([message]);
  });

  it('allows http only on localhost and 127.0.0.1', () => {
    expect(parse({ backend: 'http://127.0.0.1:8787' }).options?.backend).toBe(
      'http://127.0.0.1:8787',
    );
    expect(parse({ backend: 'http://localhost' }).options?.backend).toBe('http://localhost');
    expect(parse({ backend: 'http://localhost.evil.example' }).options).toBeNull();
  });
});

describe('options: any attribute string', () => {
  const KNOWN = Object.keys(OPTIONS);

  it('never throws, and every value it keeps is a valid one', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...KNOWN),
          fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('', 'true', '0')),
        ),
        fc.string(),
        (values, htmlLang) => {
          const { options, problems } = parseOptions([attrs(values)], page({ htmlLang }));
          for (const problem of problems) expect(problem).toMatch(/^"[\w-]+" /);
          if (!options) return;
          expect(options.backend).toMatch(/^https?:\/\//);
          expect(['small', 'medium', 'large']).toContain(options.size);
          expect(['ko', 'en', 'ja', 'zh-CN', 'zh-TW']).toContain(options.lang);
          expect(options.redirectPath.startsWith('/')).toBe(true);
          expect(options.redirectPath.startsWith('//')).toBe(false);
          expect(new URL(options.returnTo).origin).toBe(ORIGIN);
          expect(options.providers.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on anything passed to mount()', () => {
    fc.assert(
      fc.property(fc.anything(), (anything) => {
        parseOptions([attrs(KEYS), optionLayer(anything)], page());
      }),
    );
  });
});
