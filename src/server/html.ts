/** The backend's few HTML pages (merchant- and shopper-facing notices): escaped text, no script. */

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A minimal page: `title` is text, `body` is markup the caller built with escapeHtml. */
export const htmlPage = (lang: string, title: string, body: string): string =>
  `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>${escapeHtml(title)}</title><body style="font-family:sans-serif;max-width:40rem;margin:3rem auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
