// Demo page script (plain JS, no build step, no inline script so the pages work under a strict CSP).
// It shows the widget's events as they happen; the gallery's own script is gallery.js.
const LOG_KEY = 'demo:events';
const EVENTS = [
  'sociallogin:ready',
  'sociallogin:start',
  'sociallogin:success',
  'sociallogin:error',
];

// The pre-load queue: calls made before the widget's script has loaded are replayed by it.
window.SocialLogin = window.SocialLogin || [];

// `?lang=en` (ja, zh-CN, zh-TW, ko) shows a demo store page's buttons in that language, as a
// container's own `data-lang` would. This script runs before the widget's tag, below the containers.
// `?theme=accessible` (or light) likewise shows that theme.
const DEMO_LANGS = ['ko', 'en', 'ja', 'zh-CN', 'zh-TW'];
const DEMO_THEMES = ['brand', 'accessible', 'light'];
const demoQuery = new URLSearchParams(location.search);
const demoLang = demoQuery.get('lang');
const demoTheme = demoQuery.get('theme');
for (const container of document.querySelectorAll('[data-social-login]')) {
  if (demoLang && DEMO_LANGS.includes(demoLang)) container.setAttribute('data-lang', demoLang);
  if (demoTheme && DEMO_THEMES.includes(demoTheme)) container.setAttribute('data-theme', demoTheme);
}

function readLog() {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(LOG_KEY) || '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function render(log) {
  const list = document.getElementById('demo-events');
  if (!list) return;
  list.textContent = '';
  for (const entry of log) {
    const item = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = entry.type;
    const detail = document.createElement('code');
    detail.textContent = entry.detail;
    item.className = entry.type.replace(':', '-');
    item.append(`${entry.time} `, name, ' ', detail);
    list.appendChild(item);
  }
}

function record(event) {
  const log = readLog();
  log.push({
    time: new Date().toLocaleTimeString(),
    type: event.type,
    detail: event.detail == null ? '' : JSON.stringify(event.detail),
  });
  // The log survives the provider round trip, so a designer sees start → success in one list.
  sessionStorage.setItem(LOG_KEY, JSON.stringify(log.slice(-50)));
  render(log);
}

for (const type of EVENTS) document.addEventListener(type, record);

document.addEventListener('DOMContentLoaded', () => {
  render(readLog());
  document.getElementById('demo-clear')?.addEventListener('click', () => {
    sessionStorage.removeItem(LOG_KEY);
    render([]);
  });
});
