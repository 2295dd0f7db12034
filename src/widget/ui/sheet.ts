import css from './styles.css?inline';

let sheet: CSSStyleSheet | undefined;

/**
 * The widget's stylesheet in a shadow root. Constructable stylesheets work under a strict CSP
 * without 'unsafe-inline', and one sheet serves every root; older browsers get a <style> element.
 */
export function applyStyles(root: ShadowRoot): void {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}
