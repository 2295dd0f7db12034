/**
 * Prints the widget bundle's raw, gzip and brotli sizes and fails (exit 1) over the gzip budget.
 * `npm run build` runs it after Vite; CI runs it through `npm test`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const GZIP_BUDGET_BYTES = 20 * 1024;
const file = new URL('../dist/social-login.js', import.meta.url);

const source = readFileSync(file);
const gzip = gzipSync(source, { level: 9 }).length;
const brotli = brotliCompressSync(source, {
  params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
}).length;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`.padStart(9);
console.log('dist/social-login.js');
console.log(`  raw     ${kb(source.length)}  (${source.length} B)`);
console.log(`  gzip    ${kb(gzip)}  (${gzip} B)  budget ${kb(GZIP_BUDGET_BYTES)}`);
console.log(`  brotli  ${kb(brotli)}  (${brotli} B)`);

// What each module adds, minified (vite.config.ts writes it): where a change's bytes went.
const modules = new URL('../dist/modules.json', import.meta.url);
if (existsSync(modules)) {
  const sizes = Object.entries(JSON.parse(readFileSync(modules, 'utf8')) as Record<string, number>);
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
  console.log('  by module (minified, before compression):');
  for (const [name, bytes] of sizes.sort((a, b) => b[1] - a[1])) {
    const share = `${((100 * bytes) / total).toFixed(1)}%`.padStart(6);
    console.log(
      `    ${String(bytes).padStart(6)} B ${share}  ${name.replace(/^src\/widget\//, '')}`,
    );
  }
}

if (gzip > GZIP_BUDGET_BYTES) {
  console.error(
    `Over budget by ${gzip - GZIP_BUDGET_BYTES} B gzip. Measure what the change costs.`,
  );
  process.exit(1);
}
