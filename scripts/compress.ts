/**
 * Writes dist/social-login.js.br and .gz beside the widget (`npm run build`): the backend sends
 * them as they are to clients that accept them (src/server/routes/widget-file.ts), so no request
 * pays for brotli's best quality.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compress, contentHash, hashedWidgetPath } from '../src/server/widget-asset.ts';

const file = new URL('../dist/social-login.js', import.meta.url);
const source = readFileSync(file);
const { br, gzip } = compress(source);
writeFileSync(new URL('../dist/social-login.js.br', import.meta.url), br);
writeFileSync(new URL('../dist/social-login.js.gz', import.meta.url), gzip);
console.log(
  `dist/social-login.js.br (${br.length} B), .gz (${gzip.length} B); versioned URL ${hashedWidgetPath(contentHash(source))}`,
);
