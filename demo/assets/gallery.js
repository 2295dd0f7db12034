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
const DEFAULTS = {
  lang: 'ko',
  size: 'medium',
  shape: 'rounded',
  theme: 'brand',
  layout: 'vertical',
  providers: 'kakao,naver',
};

/** Each variant the widget offers; `id` names its cell (and its screenshot baseline). */
const VARIANTS = [
  { id: 'default', caption: 'default (medium, rounded, brand, vertical)', options: {} },
  { id: 'size-small', caption: 'size: small', options: { size: 'small' } },
  { id: 'size-large', caption: 'size: large', options: { size: 'large' } },
  { id: 'shape-square', caption: 'shape: square', options: { shape: 'square' } },
  { id: 'shape-pill', caption: 'shape: pill', options: { shape: 'pill' } },
  { id: 'theme-light', caption: 'theme: light', options: { theme: 'light' } },
  { id: 'layout-horizontal', caption: 'layout: horizontal', options: { layout: 'horizontal' } },
  { id: 'layout-icon', caption: 'layout: icon', options: { layout: 'icon' } },
  { id: 'kakao-only', caption: 'providers: kakao', options: { providers: 'kakao' } },
  { id: 'naver-only', caption: 'providers: naver', options: { providers: 'naver' } },
  {
    id: 'light-pill-horizontal',
    caption: 'light, pill, horizontal',
    options: { theme: 'light', shape: 'pill', layout: 'horizontal' },
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

/** The tag a merchant pastes: this demo's tag plus every setting that differs from the default. */
function tagFor(settings) {
  const script = document.querySelector('script[data-backend]');
  if (!script) return '';
  const attributes = [['src', script.getAttribute('src') || '']];
  for (const name of [
    'data-backend',
    'data-kakao-js-key',
    'data-naver-client-id',
    'data-sandbox',
  ]) {
    const value = script.getAttribute(name);
    if (value) attributes.push([name, value]);
  }
  for (const key of Object.keys(DEFAULTS)) {
    if (settings[key] !== DEFAULTS[key]) attributes.push([`data-${key}`, settings[key]]);
  }
  const quote = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const [src, ...rest] = attributes;
  return `<script async src="${quote(src[1])}"${rest
    .map(([name, value]) => `\n  ${name}="${quote(value)}"`)
    .join('')}></script>`;
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
    note.textContent = `${environment.title}: ${environment.note}`;
    code.textContent = tagFor(settings);
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

function setUpMatrix() {
  const table = document.getElementById('gallery-matrix');
  if (!table) return;
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Variant'));
  for (const [code, name] of LANGS) head.appendChild(el('th', { scope: 'col', lang: code }, name));
  const body = el('tbody');
  for (const variant of VARIANTS) {
    const row = el('tr', {}, el('th', { scope: 'row' }, variant.caption));
    for (const [lang] of LANGS) {
      const cell = el('div', { class: 'cell', 'data-variant': variant.id, 'data-lang': lang });
      row.appendChild(el('td', {}, cell));
      window.SocialLogin.push(['mount', cell, { ...variant.options, lang }]);
    }
    body.appendChild(row);
  }
  table.append(
    el('caption', { class: 'sr-only' }, 'Every variant in every language'),
    el('thead', {}, head),
    body,
  );
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
