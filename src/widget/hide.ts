/**
 * Kakao-only mode hides the store's own login form (the `hideSelector` elements) through the
 * CSSOM (`element.style`), which no Content-Security-Policy blocks, and puts it back on unmount.
 * An element holding a widget is never hidden: merchants put the container inside the login
 * module. One already hidden (inline by the store or another mount, or by the store's CSS) is left
 * to its owner.
 *
 * A widget script that arrives after the first paint would hide a form the shopper already sees:
 * the page jumps. The README's head snippet prevents that: inside KakaoTalk it puts
 * `KAKAOTALK_CLASS` on <html> before anything is painted, and the store's CSS hides the form
 * under it. The class then belongs to the widget: it stays while a Kakao-only mount holds it and
 * goes when none does (unmount, no Kakao button, an age-restricted store), which shows the form.
 */
export const KAKAOTALK_CLASS = 'social-login-kakaotalk';

/** The Kakao-only mounts now on the page. */
const holders = new Set<object>();

/** Takes the snippet's class off <html> unless a Kakao-only mount holds it. */
export function releaseEarlyHide(): void {
  if (!holders.size) document.documentElement.classList.remove(KAKAOTALK_CLASS);
}

export function hideElements(selector: string, keep: Element): () => void {
  const holder = {};
  holders.add(holder);
  const undo: (() => void)[] = [];
  for (const el of document.querySelectorAll(selector)) {
    if (
      el instanceof HTMLElement &&
      el.style.display !== 'none' &&
      getComputedStyle(el).display !== 'none' &&
      !el.contains(keep) &&
      !el.querySelector('[data-social-login],[data-social-login-host]')
    ) {
      const was = el.style.display;
      el.style.display = 'none';
      undo.push(() => {
        el.style.display = was;
      });
    }
  }
  return () => {
    for (const fn of undo.splice(0)) fn();
    holders.delete(holder);
    releaseEarlyHide();
  };
}
