/**
 * Kakao-only mode hides the store's own login form (the `hideSelector` elements) through the
 * CSSOM (`element.style`), which no Content-Security-Policy blocks, and puts it back on unmount.
 * An element holding a widget is never hidden: merchants put the container inside the login
 * module. One already hidden inline (by the store, or by another mount) is left to its owner.
 */
export function hideElements(selector: string, keep: Element): () => void {
  const undo: (() => void)[] = [];
  for (const el of document.querySelectorAll(selector)) {
    if (
      el instanceof HTMLElement &&
      el.style.display !== 'none' &&
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
  };
}
