// Demo page script (plain JS, no build step, no inline script so the pages work under a strict CSP).
// It shows the widget's events as they happen and mounts the gallery through the pre-load queue,
// exactly as a store's own code would.
const LOG_KEY = 'demo:events';
const EVENTS = [
  'sociallogin:ready',
  'sociallogin:start',
  'sociallogin:success',
  'sociallogin:error',
];

// The pre-load queue: calls made before the widget's script has loaded are replayed by it.
window.SocialLogin = window.SocialLogin || [];

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

function figure(parent, caption) {
  const box = document.createElement('figure');
  const label = document.createElement('figcaption');
  label.textContent = caption;
  const target = document.createElement('div');
  box.append(label, target);
  parent.appendChild(box);
  return target;
}

const VARIANTS = [
  { size: 'small' },
  { size: 'medium' },
  { size: 'large' },
  { shape: 'square' },
  { shape: 'pill' },
  { theme: 'light' },
  { layout: 'horizontal' },
  { layout: 'icon' },
  { providers: 'kakao' },
  { providers: 'naver' },
];

function mountGallery() {
  const languages = document.getElementById('gallery-languages');
  if (languages) {
    for (const lang of ['ko', 'en', 'ja', 'zh-CN', 'zh-TW']) {
      window.SocialLogin.push(['mount', figure(languages, lang), { lang }]);
    }
  }
  const variants = document.getElementById('gallery-variants');
  if (variants) {
    for (const options of VARIANTS) {
      const caption = Object.entries(options)
        .map(([key, value]) => `${key}: ${value}`)
        .join(', ');
      window.SocialLogin.push(['mount', figure(variants, caption), options]);
    }
  }
}

document.addEventListener('DOMContentLoaded', () => {
  render(readLog());
  document.getElementById('demo-clear')?.addEventListener('click', () => {
    sessionStorage.removeItem(LOG_KEY);
    render([]);
  });
  const copy = document.getElementById('copy-tag');
  const tag = document.getElementById('script-tag');
  copy?.addEventListener('click', () => {
    navigator.clipboard.writeText(tag?.textContent || '').then(() => {
      copy.textContent = 'Copied';
    });
  });
  mountGallery();
});
