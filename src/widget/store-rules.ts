/**
 * The store's rules (GET /api/store-rules), asked on Cafe24 store pages only: social login is off
 * on an age-restricted store (Cafe24's social login manual). Nothing on the page waits for them:
 * the buttons are drawn at once and removed if the answer says "off" within `RULES_LIMIT_MS`. A
 * later answer is only remembered for the tab's next pages: buttons never vanish under a
 * shopper's finger, and the backend refuses the login at /api/exchange anyway (`login_blocked`).
 */
import { isStoreRules, STORAGE_PREFIX, STORE_RULES_PATH } from '../contract';
import { isCafe24Store } from './cafe24';

/** How long the buttons (and KakaoTalk's automatic login) heed an answer still on its way. */
export const RULES_LIMIT_MS = 1500;
const KEY = `${STORAGE_PREFIX}rules`;

let asking: Promise<boolean> | undefined;

function remembered(): boolean | undefined {
  try {
    const known = sessionStorage.getItem(KEY);
    return known ? known === '1' : undefined;
  } catch {
    return undefined;
  }
}

/** One request per page load, whoever asks; its answer is kept for the tab. */
function ask(backend: string): Promise<boolean> {
  asking ??= fetch(backend + STORE_RULES_PATH, { credentials: 'omit' })
    .then((res) => res.json())
    .then((body: unknown) => {
      // An answer in another shape does not hide the buttons either.
      const allowed = !isStoreRules(body) || body.socialLogin;
      try {
        sessionStorage.setItem(KEY, allowed ? '1' : '0');
      } catch {}
      return allowed;
    })
    // A backend that cannot answer does not hide the buttons: it enforces the rules itself.
    .catch(() => true);
  return asking;
}

/**
 * Whether social login is allowed here: a boolean at once off Cafe24 or when this tab already
 * knows, else a promise that settles with the answer, or `true` once `limit` ms have passed.
 */
export function socialLoginAllowed(
  backend: string,
  limit: number = RULES_LIMIT_MS,
): boolean | Promise<boolean> {
  if (!isCafe24Store()) return true;
  const known = remembered();
  if (known !== undefined) return known;
  const answer = ask(backend);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), limit);
    void answer.then((allowed) => {
      clearTimeout(timer);
      resolve(allowed);
    });
  });
}
