// The designers' gallery (plain JS, no build step, no inline script: it works under a strict CSP).
// Live controls re-mount one preview and write the exact tag; the environment previews and the
// matrix of every variant in every language are mounted once, through the pre-load queue.
window.SocialLogin = window.SocialLogin || [];

const LANGS = [
  ['ko', '한국어'],
  ['en', 'English'],
  ['ja', '日本語'],
  ['zh-CN', '简体中文'],
  ['zh-TW', '繁體中文'],
];
/**
 * Attributes whose default is fixed (docs/api.md › Options), so the tag may leave them out.
 * `data-lang` is not here: its default is the page's `<html lang>`, then the browser's language.
 * The demo's tag names the language picked; the production tag leaves it out, so a store's
 * buttons follow the store page.
 */
const FIXED_DEFAULTS = {
  providers: 'kakao,naver',
  size: 'medium',
  shape: 'rounded',
  theme: 'brand',
  layout: 'vertical',
};
/** What a merchant replaces in the production tag. */
const PRODUCTION = {
  src: 'https://auth.example.com/social-login.js',
  backend: 'https://auth.example.com',
  kakao: 'YOUR_KAKAO_JAVASCRIPT_KEY',
  naver: 'YOUR_NAVER_CLIENT_ID',
};
/** The localStorage key the widget reads for its "last used" badge (src/widget/last-used.ts). */
const LAST_USED_KEY = 'social-login:last-used';

/** Each variant the widget offers; `id` names its cell (and its screenshot baseline). */
const VARIANTS = [
  { id: 'default', caption: 'default (medium, rounded, brand, vertical)', options: {} },
  { id: 'size-small', caption: 'size: small', options: { size: 'small' } },
  { id: 'size-large', caption: 'size: large', options: { size: 'large' } },
  { id: 'shape-square', caption: 'shape: square', options: { shape: 'square' } },
  { id: 'shape-pill', caption: 'shape: pill', options: { shape: 'pill' } },
  {
    id: 'theme-accessible',
    caption: 'theme: accessible (dark Naver label)',
    options: { theme: 'accessible' },
  },
  { id: 'theme-light', caption: 'theme: light', options: { theme: 'light' } },
  {
    id: 'layout-horizontal',
    caption: 'layout: horizontal',
    options: { layout: 'horizontal' },
    wide: true,
  },
  { id: 'layout-icon', caption: 'layout: icon', options: { layout: 'icon' } },
  { id: 'kakao-only', caption: 'providers: kakao', options: { providers: 'kakao' } },
  { id: 'naver-only', caption: 'providers: naver', options: { providers: 'naver' } },
  { id: 'naver-first', caption: 'providers: naver,kakao', options: { providers: 'naver,kakao' } },
  {
    id: 'light-pill-horizontal',
    caption: 'light, pill, horizontal',
    options: { theme: 'light', shape: 'pill', layout: 'horizontal' },
    wide: true,
  },
  {
    id: 'last-used',
    caption: 'last used: kakao (badge)',
    options: {},
    lastUsed: 'kakao',
  },
];

// Real user agents (test/widget/fixtures/user-agents.ts has their sources).
const ENVIRONMENTS = {
  desktop: {
    title: 'Desktop browser',
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    note: 'Both buttons, full width of the login box.',
    options: {},
  },
  mobile: {
    title: 'Mobile browser',
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    note: 'Touch screens get at least 44 px high buttons, whatever the size.',
    options: { size: 'large' },
  },
  kakaotalk: {
    title: 'KakaoTalk in-app browser',
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.5',
    note: 'Kakao only (data-kakao-only-in-app): the store’s ID/password form is hidden, and a connected shopper is signed in without a click (data-auto-login; off in this preview).',
    options: { size: 'large' },
  },
  inapp: {
    title: 'Another in-app browser',
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 329.0.0.41.93',
    note: 'Instagram, Facebook, LINE…: provider login can break there, so the widget offers a way out to the real browser.',
    options: { size: 'large' },
  },
};

const api = () => (Array.isArray(window.SocialLogin) ? null : window.SocialLogin);

/** Runs `fn` once the widget's script has loaded (it replaces the queue with the API). */
function whenLoaded(fn) {
  if (api()) return fn(api());
  const tag = document.querySelector('script[data-backend]');
  tag?.addEventListener('load', () => api() && fn(api()));
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function readControls(form) {
  const data = new FormData(form);
  return Object.fromEntries([...data.entries()].map(([key, value]) => [key, String(value)]));
}

/**
 * The exact tag for these settings. `production`: as a merchant pastes it (their backend, which
 * also serves the widget, as a placeholder, a key only for each provider shown, no `data-sandbox`),
 * after the container the buttons go in, and without `data-lang`: on a store the buttons follow
 * the page's `<html lang>`. Otherwise this demo's own tag, which works on this page as is and names
 * the language the preview shows.
 */
function tagFor(settings, production) {
  const script = document.querySelector('script[data-backend]');
  if (!script) return '';
  const shown = settings.providers.split(',');
  const attributes = production
    ? [
        ['src', PRODUCTION.src],
        ['data-backend', PRODUCTION.backend],
        ['data-kakao-js-key', shown.includes('kakao') ? PRODUCTION.kakao : ''],
        ['data-naver-client-id', shown.includes('naver') ? PRODUCTION.naver : ''],
      ]
    : ['src', 'data-backend', 'data-kakao-js-key', 'data-naver-client-id', 'data-sandbox'].map(
        (name) => [name, script.getAttribute(name) || ''],
      );
  if (!production) attributes.push(['data-lang', settings.lang]);
  for (const [key, fallback] of Object.entries(FIXED_DEFAULTS)) {
    if (settings[key] !== fallback) attributes.push([`data-${key}`, settings[key]]);
  }
  const quote = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const [src, ...rest] = attributes.filter(([, value]) => value);
  const tag = `<script async src="${quote(src[1])}"${rest
    .map(([name, value]) => `\n  ${name}="${quote(value)}"`)
    .join('')}></script>`;
  return production ? `<div data-social-login></div>\n${tag}` : tag;
}

/**
 * Mounts with the "last used" memory set to `provider` (or empty) for this one mount, then puts the
 * shopper's own back: the widget reads it when it draws the buttons.
 */
function mountWithLastUsed(widget, target, options, provider) {
  let saved = null;
  try {
    saved = localStorage.getItem(LAST_USED_KEY);
    if (provider) localStorage.setItem(LAST_USED_KEY, provider);
    else localStorage.removeItem(LAST_USED_KEY);
  } catch {}
  try {
    return widget.mount(target, options);
  } finally {
    try {
      if (saved === null) localStorage.removeItem(LAST_USED_KEY);
      else localStorage.setItem(LAST_USED_KEY, saved);
    } catch {}
  }
}

/** The gallery's environment frame for `env`, mounting the buttons with `options`. */
function frameUrl(env, options) {
  return `/gallery/frame.html?env=${env}&options=${encodeURIComponent(JSON.stringify(options))}`;
}

function setUpControls() {
  const form = document.getElementById('controls');
  const preview = document.getElementById('preview');
  const stage = document.getElementById('preview-stage');
  const note = document.getElementById('preview-note');
  const code = document.getElementById('script-tag');
  const production = document.getElementById('tag-production');
  const hint = document.getElementById('tag-hint');
  if (!form || !preview || !stage || !note || !code) return;
  const query = new URLSearchParams(location.search);
  for (const [key, value] of query) {
    const field = form.elements.namedItem(key);
    if (field instanceof HTMLSelectElement && [...field.options].some((o) => o.value === value))
      field.value = value;
  }
  let handle = null;
  const update = () => {
    const settings = readControls(form);
    const environment = ENVIRONMENTS[settings.environment] || ENVIRONMENTS.desktop;
    stage.dataset.environment = settings.environment;
    stage.dataset.layout = settings.layout;
    note.textContent = `${environment.title}: ${environment.note}`;
    const forProduction = production instanceof HTMLInputElement && production.checked;
    code.textContent = tagFor(settings, forProduction);
    if (hint) {
      hint.textContent = forProduction
        ? 'Put the container where the buttons go and the tag before </body>, with your backend and your keys. The buttons follow the language of the store page (its <html lang>).'
        : 'This tag works on this demo (its sandbox, data-sandbox, and the language picked above); tick “Production tag” for the one to paste in your skin.';
    }
    const { environment: _, ...options } = settings;
    handle?.unmount();
    handle = null;
    if (settings.environment !== 'desktop') {
      // Another browser: the real widget in a frame that presents that browser's user agent.
      preview.replaceChildren(
        el('iframe', {
          class: 'env-frame',
          title: `${environment.title}: preview`,
          src: frameUrl(settings.environment, options),
          'data-preview': settings.environment,
        }),
      );
      return;
    }
    const target = el('div', { 'data-preview': settings.environment });
    preview.replaceChildren(target);
    whenLoaded((widget) => {
      if (target.isConnected) handle = widget.mount(target, options);
    });
  };
  form.addEventListener('change', update);
  production?.addEventListener('change', update);
  update();
}

function setUpEnvironments() {
  const grid = document.getElementById('gallery-environments');
  if (!grid) return;
  for (const [id, environment] of Object.entries(ENVIRONMENTS)) {
    // Each preview is the real widget in a frame whose user agent is this environment's, so what
    // it shows (Kakao only, the hidden form, the in-app note) is what a shopper there gets.
    const frame = el('iframe', {
      class: 'env-frame',
      title: `${environment.title}: preview`,
      src: frameUrl(id, { lang: 'ko', ...environment.options }),
      'data-environment': id,
    });
    const detected = el('code', { class: 'detected' });
    const figure = el(
      'figure',
      { class: `env env-${id}` },
      el('figcaption', {}, el('strong', {}, environment.title), ' — ', environment.note),
      el('div', { class: 'device' }, frame),
      el('p', { class: 'ua' }, 'environment(): ', detected),
    );
    grid.appendChild(figure);
    whenLoaded((widget) => {
      detected.textContent = JSON.stringify(widget.environment(environment.ua));
    });
  }
}

/**
 * Language tabs over the matrix (WAI-ARIA tabs: arrow keys move between them): one language's
 * column at a time, so the table fits a 1280 px screen and a phone, or "All" side by side. Every
 * cell stays mounted; the table's `data-show` says which column CSS shows.
 */
function setUpTabs(table) {
  const list = document.getElementById('matrix-tabs');
  if (!list) return;
  const choices = [...LANGS, ['all', 'All']];
  const tabs = choices.map(([code, name]) =>
    el(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${code}`,
        'aria-controls': 'matrix-panel',
        lang: code,
      },
      name,
    ),
  );
  const select = (index, focus) => {
    tabs.forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
    });
    const [code] = choices[index];
    table.dataset.show = code;
    for (const cell of table.querySelectorAll('[data-col]'))
      cell.classList.toggle('off', code !== 'all' && cell.getAttribute('data-col') !== code);
    document.getElementById('matrix-panel')?.setAttribute('aria-labelledby', `tab-${code}`);
    if (focus) tabs[index].focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(index, false));
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) select((index + step + tabs.length) % tabs.length, true);
      else if (event.key === 'Home') select(0, true);
      else if (event.key === 'End') select(tabs.length - 1, true);
      else return;
      event.preventDefault();
    });
  });
  list.append(...tabs);
  select(
    Math.max(
      0,
      choices.findIndex(([code]) => code === table.dataset.show),
    ),
    false,
  );
}

function setUpMatrix() {
  const table = document.getElementById('gallery-matrix');
  if (!table) return;
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Variant'));
  for (const [code, name] of LANGS)
    head.appendChild(el('th', { scope: 'col', lang: code, 'data-col': code }, name));
  const body = el('tbody');
  const mounts = [];
  for (const variant of VARIANTS) {
    const row = el('tr', {}, el('th', { scope: 'row' }, variant.caption));
    for (const [lang] of LANGS) {
      // Horizontal layouts get the room to stand side by side (a container too narrow stacks them).
      const cell = el('div', {
        class: variant.wide ? 'cell wide' : 'cell',
        'data-variant': variant.id,
        'data-lang': lang,
      });
      row.appendChild(el('td', { 'data-col': lang }, cell));
      mounts.push([cell, { ...variant.options, lang }, variant.lastUsed || null]);
    }
    body.appendChild(row);
  }
  // Every cell shows its own "last used" state, whatever this browser last signed in with.
  whenLoaded((widget) => {
    for (const [cell, options, last] of mounts) mountWithLastUsed(widget, cell, options, last);
  });
  table.append(
    el('caption', { class: 'sr-only' }, 'Every variant in every language'),
    el('thead', {}, head),
    body,
  );
  setUpTabs(table);
}

document.addEventListener('DOMContentLoaded', () => {
  const copy = document.getElementById('copy-tag');
  const code = document.getElementById('script-tag');
  const status = document.getElementById('copy-status');
  copy?.addEventListener('click', () => {
    const text = code?.textContent || '';
    const done = (message) => {
      if (status) status.textContent = message;
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text).then(
        () => done('Copied.'),
        () => done('Select the tag and copy it.'),
      );
    } else done('Select the tag and copy it.');
  });
  setUpControls();
  setUpEnvironments();
  setUpMatrix();
});
