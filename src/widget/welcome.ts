/**
 * The welcome after login (issue 4 item 6: tell a shopper who logs in about coupons and points).
 * On a store with the Cafe24 app, `/api/exchange` adds a signed `welcome` pass, valid for the
 * member it names on this store origin only. The widget keeps it for the tab and, on the first
 * page where the store shows a signed-in shopper (the store session exists only after Cafe24's SSO,
 * and a new member's signup coupons only then), trades it once at `/api/welcome` for the notice.
 * From then on the tab keeps only the notice's words, until the shopper closes it.
 */
import { h, render } from 'preact';
import {
  isString,
  isWelcomeNotice,
  type WelcomeNotice as Notice,
  prop,
  STORAGE_PREFIX,
  WELCOME_PATH,
  type WelcomeRequest,
} from '../contract';
import { applyStyles } from './ui/sheet';
import { WelcomeNotice } from './ui/WelcomeNotice';

const KEY = `${STORAGE_PREFIX}welcome`;

function read(): unknown {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}
const write = (value: unknown) => {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(value));
  } catch {}
};
const forget = () => {
  try {
    sessionStorage.removeItem(KEY);
  } catch {}
};

/** After every successful exchange: the pass, if the backend gave one. */
export function keepWelcome(backend: string, result: unknown, lang: string): void {
  const pass = prop(result, 'welcome');
  if (isString(pass)) write({ backend, pass, lang });
}

/**
 * The notice in a Shadow DOM of its own (the widget's stylesheet, so it is safe from the store's
 * CSS and works under a strict CSP); closing it forgets it for the tab.
 */
function welcomeNotice(notice: Notice): void {
  const host = document.createElement('div');
  host.setAttribute('data-social-login-welcome', '');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);
  const onClose = () => {
    render(null, root);
    host.remove();
    forget();
  };
  render(h(WelcomeNotice, { notice, onClose }), root);
  document.body.append(host);
}

let asked = false;

/**
 * On every page load: shows the notice kept for this tab, or trades the pass for it once the store
 * shows a signed-in shopper. Never throws; a network failure keeps the pass for the next page.
 * The backend takes each pass once: a refusal (used, expired, another store) drops it.
 */
export async function showWelcome(signedIn: () => boolean): Promise<void> {
  const saved = read();
  const notice = prop(saved, 'notice');
  if (isWelcomeNotice(notice)) return welcomeNotice(notice);
  const backend = prop(saved, 'backend');
  const pass = prop(saved, 'pass');
  if (asked || !isString(backend) || !isString(pass) || !signedIn()) return;
  asked = true;
  // `lang` as keepWelcome kept it (a string); the backend reads any other value as `ko`.
  const request: Record<keyof WelcomeRequest, unknown> = { pass, lang: prop(saved, 'lang') };
  try {
    const response = await fetch(backend + WELCOME_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      credentials: 'omit',
    });
    // Busy or down: the pass stays for the next page.
    if (response.status >= 500 || response.status === 429) return;
    const answer = prop(await response.json(), 'notice');
    // Nothing to tell, or a pass refused for good (expired, another store): drop it.
    if (!response.ok || !isWelcomeNotice(answer)) return forget();
    write({ notice: answer });
    welcomeNotice(answer);
  } catch {}
}
