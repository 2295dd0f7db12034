/**
 * Prints the widget bundle's raw, gzip and brotli sizes, what each part of it costs, and fails
 * (exit 1) over the gzip budget. `npm run build` runs it after Vite; CI runs it through `npm test`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** CI's limit: Preact + @preact/signals-core and every feature, CSS and five languages inside. */
export const GZIP_BUDGET_BYTES = 20 * 1024;
/** What we aim for (issue 10); only printed. */
const GZIP_AIM_BYTES = 18 * 1024;
const file = new URL('../dist/social-login.js', import.meta.url);

const source = readFileSync(file);
const gzip = gzipSync(source, { level: 9 }).length;
const brotli = brotliCompressSync(source, {
  params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
}).length;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`.padStart(9);
console.log('dist/social-login.js');
console.log(`  raw     ${kb(source.length)}  (${source.length} B)`);
console.log(
  `  gzip    ${kb(gzip)}  (${gzip} B)  budget ${kb(GZIP_BUDGET_BYTES)}, aim ${kb(GZIP_AIM_BYTES)}`,
);
console.log(`  brotli  ${kb(brotli)}  (${brotli} B)`);

/** Which part of the widget a module belongs to, for the summary. */
function partOf(name: string): string {
  if (name.includes('node_modules/@preact/signals-core')) return '@preact/signals-core';
  if (name.includes('node_modules/preact/hooks')) return 'preact/hooks';
  if (name.includes('node_modules/preact')) return 'preact';
  if (name.endsWith('.css')) return 'styles.css';
  if (name.includes('/ui/')) return 'views (ui/*.tsx)';
  if (name.endsWith('i18n.ts')) return 'texts, 5 languages (i18n.ts)';
  if (name.endsWith('options.ts')) return 'options and their messages (options.ts)';
  if (name.startsWith('src/')) return 'login logic (flow, SDK, Cafe24, storage…)';
  return name;
}

// Every byte of the minified file, credited to the source module the source map names
// (vite.config.ts writes it): the rows add up to the raw size. Compression does not split by
// module, so the gzip column is each row's share of the whole file's gzip size: an estimate.
const modules = new URL('../dist/modules.json', import.meta.url);
if (existsSync(modules)) {
  const sizes = Object.entries(JSON.parse(readFileSync(modules, 'utf8')) as Record<string, number>);
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
  const row = (bytes: number, name: string) =>
    `    ${String(bytes).padStart(6)} B ${`${((100 * bytes) / total).toFixed(1)}%`.padStart(6)}  ≈${String(Math.round((gzip * bytes) / total)).padStart(5)} B gz  ${name}`;
  const parts = new Map<string, number>();
  for (const [name, bytes] of sizes)
    parts.set(partOf(name), (parts.get(partOf(name)) ?? 0) + bytes);
  console.log(`  by part (bytes of the minified file, sum ${total} B; gzip share estimated):`);
  for (const [name, bytes] of [...parts].sort((a, b) => b[1] - a[1])) console.log(row(bytes, name));
  console.log('  by module (same measure):');
  for (const [name, bytes] of sizes.sort((a, b) => b[1] - a[1]))
    console.log(row(bytes, name.replace(/^src\/widget\//, '')));
}

if (gzip > GZIP_BUDGET_BYTES) {
  console.error(
    `Over budget by ${gzip - GZIP_BUDGET_BYTES} B gzip. Measure what the change costs.`,
  );
  process.exit(1);
}
