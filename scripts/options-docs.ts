/**
 * The docs' options table, written from the widget's one table of options (src/widget/options.ts):
 * each row's name, attribute, value and default from `OPTIONS`, its description from the comment
 * above the row (read with TypeScript's parser, so the words stay out of the bundle). The table
 * lives between `<!-- options:start -->` and `<!-- options:end -->` in whichever docs file has
 * those markers. `npm run docs:options` rewrites it; test/options-docs.test.ts fails when it is
 * stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { Context, Row } from '../src/widget/options';

// The table's words exist only with the widget's diagnostics on (src/widget/globals.d.ts
// `__DEBUG__`, which the production build turns off); set before the table is loaded.
Reflect.set(globalThis, '__DEBUG__', true);
const { attributeOf, OPTIONS } = await import('../src/widget/options');

const ROOT = new URL('../', import.meta.url);
const SOURCE = new URL('src/widget/options.ts', ROOT);
/** Where the table may live: the README today, docs/api.md once the reference moves there. */
export const DOCS_FILES = ['README.md', 'docs/api.md'];
export const START = '<!-- options:start -->';
export const END = '<!-- options:end -->';

export interface RowDoc {
  description: string;
  /** The `@default` tag: a default the row computes, in words. */
  default?: string;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The comment above each row of `OPTIONS`, by option name. */
export function rowDocs(source = readFileSync(SOURCE, 'utf8')): Map<string, RowDoc> {
  const file = ts.createSourceFile('options.ts', source, ts.ScriptTarget.Latest, true);
  let table: ts.ObjectLiteralExpression | undefined;
  file.forEachChild(function find(node) {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(file) === 'OPTIONS' &&
      node.initializer &&
      ts.isObjectLiteralExpression(node.initializer)
    )
      table = node.initializer;
    else node.forEachChild(find);
  });
  if (!table) throw new Error('src/widget/options.ts has no `OPTIONS` object');
  const docs = new Map<string, RowDoc>();
  for (const property of table.properties) {
    const jsDoc = ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc).at(-1);
    const name = property.name?.getText(file) ?? '';
    const tag = jsDoc?.tags?.find((t) => t.tagName.text === 'default');
    docs.set(name, {
      description: oneLine(ts.getTextOfJSDocComment(jsDoc?.comment) ?? ''),
      ...(tag ? { default: oneLine(ts.getTextOfJSDocComment(tag.comment) ?? '') } : {}),
    });
  }
  return docs;
}

/** A page for the rows whose rule names it (`returnTo`: a URL on the store's own origin). */
const PAGE = 'https://origin.invalid';
const docsContext: Context = { here: new URL(`${PAGE}/`), lang: 'ko' };

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The options table in Markdown, its columns aligned. */
export function optionsTable(docs = rowDocs()): string {
  const rows: string[][] = [['attribute', 'option', 'value', 'default', 'what it does']];
  for (const [name, r] of Object.entries(OPTIONS)) {
    const row: Row<unknown> = r;
    const doc = docs.get(name);
    if (!doc?.description) throw new Error(`the "${name}" row of OPTIONS has no description`);
    const is = typeof row.is === 'function' ? row.is(docsContext) : row.is;
    if (!is) throw new Error(`the "${name}" row of OPTIONS says nothing of its value`);
    const byDefault = row.need
      ? '**required**'
      : (doc.default ??
        (row.or === undefined || typeof row.or === 'function' ? 'none' : code(`${row.or}`)));
    rows.push([
      is === 'a function' ? '' : code(attributeOf(name)),
      code(name),
      is.replace(PAGE, "the page's origin"),
      byDefault,
      doc.description + (row.look ? ' A container may set its own.' : ''),
    ]);
  }
  const cells = rows.map((row) => row.map(cell));
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) =>
    `| ${row.map((text, i) => text.padEnd(widths?.[i] ?? 0)).join(' | ')} |`;
  const [head = [], ...body] = cells;
  const rule = `| ${widths?.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

/** `markdown` with the table between the markers replaced; undefined when it has no markers. */
export function withOptionsTable(markdown: string, table = optionsTable()): string | undefined {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END, start);
  if (start < 0 || end < 0) return undefined;
  return `${markdown.slice(0, start + START.length)}\n${table}\n${markdown.slice(end)}`;
}

/** Rewrites the table in every docs file with the markers; the files it wrote. */
export function writeOptionsDocs(): string[] {
  const table = optionsTable();
  const written: string[] = [];
  for (const name of DOCS_FILES) {
    const url = new URL(name, ROOT);
    let markdown: string;
    try {
      markdown = readFileSync(url, 'utf8');
    } catch {
      continue;
    }
    const next = withOptionsTable(markdown, table);
    if (next === undefined) continue;
    if (next !== markdown) writeFileSync(url, next);
    written.push(name);
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = writeOptionsDocs();
  if (!written.length) {
    console.error(`No docs file has ${START} … ${END}: looked in ${DOCS_FILES.join(', ')}.`);
    process.exit(1);
  }
  console.log(`Options table written to ${written.join(', ')}.`);
}
