/**
 * The docs' options table is written from the widget's table of options (src/widget/options.ts):
 * a stale copy fails here, and `npm run docs:options` rewrites it. The table lives between
 * `<!-- options:start -->` and `<!-- options:end -->` in README.md or docs/api.md.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  DOCS_FILES,
  END,
  optionsTable,
  rowDocs,
  START,
  withOptionsTable,
} from '../scripts/options-docs';
import { KAKAO_SDK_VERSION } from '../src/widget/kakao-sdk';
import { OPTIONS } from '../src/widget/options';

async function docsFiles(): Promise<{ name: string; markdown: string }[]> {
  const found = [];
  for (const name of DOCS_FILES) {
    const markdown = await readFile(new URL(`../${name}`, import.meta.url), 'utf8').catch(
      () => undefined,
    );
    if (markdown?.includes(START)) found.push({ name, markdown });
  }
  return found;
}

describe('the options table in the docs', () => {
  it(`is in ${DOCS_FILES.join(' or ')}, between ${START} and ${END}`, async () => {
    const files = await docsFiles();
    expect(files.map((f) => f.name)).not.toEqual([]);
    for (const { markdown } of files) expect(markdown.indexOf(END)).toBeGreaterThan(0);
  });

  it('is the one written from src/widget/options.ts (run `npm run docs:options`)', async () => {
    const table = optionsTable();
    for (const { name, markdown } of await docsFiles())
      expect(withOptionsTable(markdown, table), `${name} is stale`).toBe(markdown);
  });

  it('links only to sections of the page it is on', async () => {
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .replace(/\s/g, '-');
    const links = [...optionsTable().matchAll(/\]\(#([\w-]+)\)/g)].map((m) => m[1]);
    expect(links).not.toEqual([]);
    for (const { name, markdown } of await docsFiles()) {
      const anchors = [...markdown.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1] ?? ''));
      for (const link of links) expect(anchors, `${name} has no #${link}`).toContain(link);
    }
  });

  it('has a row for every option, in the order of the table', () => {
    const options = optionsTable()
      .split('\n')
      .slice(2)
      .map((line) => /^\|[^|]*\| `(\w+)`/.exec(line)?.[1]);
    expect(options).toEqual(Object.keys(OPTIONS));
  });

  it('describes every option, and words every default the widget computes', () => {
    const docs = rowDocs();
    for (const [name, row] of Object.entries(OPTIONS)) {
      expect(docs.get(name)?.description, name).toMatch(/\w.*\.$/);
      if (typeof ('or' in row && row.or) === 'function')
        expect(docs.get(name)?.default, `${name} needs an @default`).toBeTruthy();
    }
  });

  it("names the Kakao SDK version the widget pins as data-kakao-sdk's default", () => {
    expect(rowDocs().get('kakaoSdk')?.default).toContain(`\`${KAKAO_SDK_VERSION}\``);
  });

  it('lists the accessible Naver theme', () => {
    expect(optionsTable()).toMatch(
      /\| `data-theme` +\| `theme` +\| one of brand, accessible, light /,
    );
  });
});

const BUNDLE = new URL('../dist/social-login.js', import.meta.url);

describe('the words of the table', () => {
  it.skipIf(!existsSync(BUNDLE))(
    'stay out of the bundle (every byte ships on every page view)',
    async () => {
      const bundle = await readFile(BUNDLE, 'utf8');
      for (const [name, doc] of rowDocs()) {
        expect(bundle, name).not.toContain(doc.description.slice(0, 40));
        if (doc.default) expect(bundle, name).not.toContain(doc.default);
      }
    },
  );
});

describe('writing the table into a docs file', () => {
  const doc = (table: string) => `# Options\n\nintro\n\n${START}\n${table}\n${END}\n\nafter\n`;

  it('replaces only what is between the markers', () => {
    expect(withOptionsTable(doc('| old |'), '| new |')).toBe(doc('| new |'));
  });

  it('leaves a file without the markers alone', () => {
    expect(withOptionsTable('# Options\n\n| old |\n', '| new |')).toBeUndefined();
  });
});
