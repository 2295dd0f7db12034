/**
 * The docs keep working: every command, variable, attribute, file and link they show exists, the
 * README stays a front door (≤ 10 KB), tables fit a screen, ARCHITECTURE.md maps every module, and
 * nothing cites a file outside the repository. The doctor's example output, the head snippet, the
 * CSP header and the error table have their own tests (doctor, layout-shift, isolation,
 * troubleshooting).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Every file under `dir` (relative to the root), recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(join(root, path)).isFile());
}

const DOCS = [
  'README.md',
  'ARCHITECTURE.md',
  ...filesUnder('docs').filter((path) => path.endsWith('.md')),
];

interface Line {
  doc: string;
  line: number;
  text: string;
  /** The fence's language when the line is inside a fenced code block. */
  fence?: string;
}

/** A document's lines, each knowing whether it sits in a fenced code block (and which language). */
function linesOf(doc: string): Line[] {
  let fence: string | undefined;
  return read(doc)
    .split('\n')
    .map((text, index) => {
      const opening = /^\s*```(\w*)/.exec(text);
      if (opening) {
        const wasOpen = fence !== undefined;
        fence = wasOpen ? undefined : opening[1] || 'text';
        return { doc, line: index + 1, text, fence: 'marker' };
      }
      return { doc, line: index + 1, text, fence };
    });
}

const ALL_LINES = DOCS.flatMap(linesOf);
const PROSE = ALL_LINES.filter((l) => l.fence === undefined);
const where = (l: Line) => `${l.doc}:${l.line}`;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(doc: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { text, fence } of linesOf(doc)) {
    const heading = fence === undefined ? /^#{1,6}\s+(.+?)\s*#*$/.exec(text) : null;
    if (!heading?.[1]) continue;
    const base = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

describe('the README', () => {
  it('is a front door of at most 10 KB', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThanOrEqual(10 * 1024);
  });

  it('opens a door for each reader: merchant, operator, integrator, contributor', () => {
    const readme = read('README.md');
    for (const target of [
      'docs/install.md',
      'docs/ko/install.md',
      'docs/deploy.md',
      'docs/backend.md',
      'docs/api.md',
      'ARCHITECTURE.md',
      'docs/troubleshooting.md',
    ])
      expect(readme, target).toContain(`](${target})`);
  });

  it('names the quick start’s prerequisites', () => {
    const readme = read('README.md');
    for (const prerequisite of ['Node 20', '`chromium`', '`fonts-noto-cjk`', 'PostgreSQL'])
      expect(readme).toContain(prerequisite);
  });
});

describe('links', () => {
  const links = PROSE.flatMap((l) =>
    [...l.text.matchAll(/\]\(([^)\s]+)\)/g), ...l.text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map(
      (m) => ({ ...l, target: m[1] ?? '' }),
    ),
  ).filter(({ target }) => !/^[a-z][a-z+.-]*:/i.test(target));

  it('finds the relative links to check', () => {
    expect(links.length).toBeGreaterThan(50);
  });

  it('point at files that exist, and at headings that exist', () => {
    const broken: string[] = [];
    for (const link of links) {
      const [path = '', anchor] = link.target.split('#');
      const file = path ? relative(root, resolve(root, dirname(link.doc), path)) : link.doc;
      if (!existsSync(join(root, file))) broken.push(`${where(link)}: ${link.target} (no file)`);
      else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor))
        broken.push(`${where(link)}: ${link.target} (no heading #${anchor} in ${file})`);
    }
    expect(broken).toEqual([]);
  });

  it('reach every section the widget’s console messages link to', () => {
    // src/widget/errors.ts: attributes and calls link to api.md, the hand-off to backend.md, an
    // error code to its troubleshooting entry (test/troubleshooting.test.ts checks every code).
    const api = anchorsOf('docs/api.md');
    for (const section of ['options', 'browser-api', 'kakaos-sdk']) expect(api).toContain(section);
    expect(anchorsOf('docs/backend.md')).toContain('security');
  });
});

describe('commands', () => {
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);

  it('every `npm run <script>` the docs show exists in package.json', () => {
    const named = ALL_LINES.flatMap((l) =>
      [...l.text.matchAll(/\bnpm (?:run )?([a-z][\w:-]*)/g)].map((m) => ({ ...l, script: m[1] })),
    ).filter(({ script }) => !['install', 'ci', 'run'].includes(script ?? ''));
    expect(named.length).toBeGreaterThan(10);
    expect(
      named.filter(({ script }) => !scripts.includes(script ?? '')).map((l) => where(l)),
    ).toEqual([]);
  });

  it('every vitest project the docs name exists', () => {
    const config = read('vitest.config.ts');
    for (const l of ALL_LINES)
      for (const [, project] of l.text.matchAll(/--project (\w+)/g))
        expect(config, where(l)).toContain(`name: '${project}'`);
  });

  it('every file of the project a doc names exists', () => {
    // `src/…`, `test/…`, `scripts/…`, `demo/…`, `docs/…`, `.ci/…`, in prose code spans and in shell
    // blocks; a name may stop short of its extension (test/e2e/kakao-sdk-conformance).
    const everything = ['src', 'test', 'scripts', 'demo', 'docs', '.ci'].flatMap(filesUnder);
    const named = ALL_LINES.flatMap((l) => {
      const spans =
        l.fence === 'sh' ? [l.text] : [...l.text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
      return spans.flatMap((span) =>
        [
          ...span.matchAll(/(?:^|[\s(=])((?:src|test|scripts|demo|docs|\.ci)\/[\w.@/-]*[\w/])/g),
        ].map((m) => ({ ...l, path: m[1] ?? '' })),
      );
    });
    expect(named.length).toBeGreaterThan(20);
    const missing = named.filter(
      ({ path }) =>
        !existsSync(join(root, path)) && !everything.some((file) => file.startsWith(path)),
    );
    expect(missing.map((l) => `${where(l)}: ${l.path}`)).toEqual([]);
  });
});

describe('environment variables', () => {
  const config = read('src/server/config.ts');
  const schemaStart = config.indexOf('const EnvSchema = z.object({');
  const schema = config.slice(schemaStart, config.indexOf('\n});', schemaStart));
  const variables = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] ?? '');
  const backend = linesOf('docs/backend.md');
  const tabled = new Set(
    backend
      .filter((l) => l.fence === undefined && /^\| `[A-Z]/.test(l.text))
      .flatMap((l) => [...(l.text.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)])
      .map((m) => m[1] ?? ''),
  );

  it('reads the schema', () => {
    expect(variables).toContain('ALLOWED_ORIGINS');
    expect(variables.length).toBeGreaterThan(20);
  });

  it('every variable of the backend’s schema has its row in docs/backend.md, and every row is one', () => {
    expect([...tabled].sort()).toEqual([...variables].sort());
  });

  it('every variable a doc names is read somewhere in the project', () => {
    const code = [
      ...['src', 'scripts', 'test', 'demo'].flatMap(filesUnder).filter((f) => /\.[jt]s$/.test(f)),
      '.ci/run',
      'Dockerfile',
    ]
      .map(read)
      .join('\n');
    const identifiers = new Set(code.match(/\b[A-Z][A-Z0-9_]*\b/g));
    const named = ALL_LINES.flatMap((l) => {
      const spans =
        l.fence === 'sh' ? [l.text] : [...l.text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      return spans.flatMap((span) =>
        [...(span ?? '').matchAll(/(?:^|[\s$])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)].map((m) => ({
          ...l,
          variable: m[1] ?? '',
        })),
      );
    });
    expect(named.length).toBeGreaterThan(30);
    const unknown = named.filter(({ variable }) => !identifiers.has(variable));
    expect(unknown.map((l) => `${where(l)}: ${l.variable}`)).toEqual([]);
  });
});

describe('data-* attributes', () => {
  const widget = filesUnder('src/widget').map(read).join('\n');
  const options = read('src/widget/options.ts');
  const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

  it('every attribute a doc shows is one the widget reads', () => {
    const named = ALL_LINES.flatMap((l) =>
      // Not an anchor such as #data-and-backups.
      [...l.text.matchAll(/(?<![#\w-])data-([a-z][a-z0-9-]*[a-z0-9])/g)].map((m) => ({
        ...l,
        name: m[1] ?? '',
      })),
    );
    expect(named.length).toBeGreaterThan(30);
    const unknown = named.filter(
      ({ name }) =>
        !new RegExp(`\\b${camel(name)}\\b`).test(options) && !widget.includes(`data-${name}`),
    );
    expect(unknown.map((l) => `${where(l)}: data-${l.name}`)).toEqual([]);
  });
});

describe('numbers', () => {
  it('every gzip budget the docs name is the one `npm run build` enforces (scripts/size.ts)', () => {
    const budget = Number(/GZIP_BUDGET_BYTES = (\d+) \* 1024/.exec(read('scripts/size.ts'))?.[1]);
    expect(budget).toBeGreaterThan(0);
    const named = PROSE.flatMap((l) =>
      [...l.text.matchAll(/(\d+) KB gzip budget/g)].map((m) => ({ ...l, kb: Number(m[1]) })),
    );
    expect(named.length).toBeGreaterThan(1);
    expect(named.filter(({ kb }) => kb !== budget).map(where)).toEqual([]);
  });
});

describe('tables', () => {
  it('fit a screen: no row wider than 100 characters', () => {
    // Exceptions: the options table, which src/widget/options.ts generates between its markers,
    // and docs/benchmarks.md, which `npm run bench` writes.
    const wide = DOCS.filter((doc) => doc !== 'docs/benchmarks.md').flatMap((doc) => {
      let generated = false;
      return linesOf(doc).filter((l) => {
        if (l.text.includes('<!-- options:start -->')) generated = true;
        if (l.text.includes('<!-- options:end -->')) generated = false;
        return !generated && l.fence === undefined && /^\s*\|/.test(l.text) && l.text.length > 100;
      });
    });
    expect(wide.map((l) => `${where(l)} (${l.text.length})`)).toEqual([]);
  });
});

describe('ARCHITECTURE.md', () => {
  const architecture = read('ARCHITECTURE.md');
  const map = architecture.slice(
    architecture.indexOf('## Map'),
    architecture.indexOf('\n## ', architecture.indexOf('## Map') + 1),
  );

  it('maps every module of the backend, the sandbox and the doctor', () => {
    const modules = ['src/server', 'src/sandbox', 'src/doctor'].flatMap(filesUnder);
    expect(modules.length).toBeGreaterThan(60);
    const unmapped = modules.filter((file) => {
      const name = file.split('/').pop() ?? '';
      return !map.includes(name);
    });
    expect(unmapped).toEqual([]);
  });

  it('maps every folder of src', () => {
    const folders = [
      ...new Set(
        filesUnder('src')
          .map((file) => dirname(file))
          .filter((dir) => dir !== 'src'),
      ),
    ];
    const unmapped = folders.filter((dir) => !map.includes(`${dir.split('/').pop()}/`));
    expect(unmapped).toEqual([]);
  });
});

describe('sources', () => {
  /**
   * Code and docs cite public pages (Kakao, Naver, Cafe24, RFCs) or the project's own docs, never
   * notes or paths outside the repository.
   */
  const OUTSIDE = /seed 00\d|seeds\/\d|\.\.\/shared|\/work\/|DESIGN\.md|reference\/providers\.md/;
  it('no code, comment or doc cites a file outside the repository', () => {
    const files = [
      ...['src', 'demo', 'docs'].flatMap(filesUnder).filter((f) => !/\.(png|jpe?g)$/.test(f)),
      'README.md',
      'ARCHITECTURE.md',
    ];
    const citing = files.flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((text, index) =>
          OUTSIDE.test(text) ? [`${file}:${index + 1}: ${text.trim()}`] : [],
        ),
    );
    expect(citing).toEqual([]);
  });
});
