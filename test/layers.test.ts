/**
 * Layers import downward only (ARCHITECTURE.md "Layers"): Biome's noRestrictedImports in
 * biome.json refuses an import that goes up or across. Checked here by linting probe files laid
 * out as the repository is, in a temporary copy with the project's biome.json.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** [file, what it imports, refused?] */
const PROBES: [string, string, boolean][] = [
  ['src/server/a.ts', '../sandbox/index', true],
  ['src/server/storage/b.ts', '../../sandbox/defaults', true],
  ['src/server/c.ts', '../widget/options', true],
  ['src/server/d.ts', '../doctor/index', true],
  ['src/server/e.ts', '../../scripts/dev-server', true],
  ['src/server/f.ts', '../contract', false],
  ['src/server/g.ts', './routes/widget-file', false],
  ['src/widget/h.ts', '../server/config', true],
  ['src/widget/i.ts', '../sandbox/defaults', true],
  ['src/widget/j.ts', '../contract', false],
  ['src/sandbox/k.ts', '../server/config', true],
  ['src/sandbox/l.ts', '../contract', false],
  ['src/doctor/m.ts', '../server/config', false],
  ['src/doctor/n.ts', '../sandbox/defaults', true],
  ['src/o.ts', './server/config', false],
  ['src/contract.ts', './widget/options', true],
  ['scripts/p.ts', '../src/sandbox/index.ts', false],
];

const dir = mkdtempSync(join(tmpdir(), 'layers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lint(): Set<string> {
  copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
  for (const [file, target] of PROBES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `import { value } from '${target}';\nexport const x = value;\n`);
  }
  let output: string;
  try {
    output = execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['lint', '--reporter=json', '.'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    output = String(Reflect.get(Object(error), 'stdout') ?? '');
  }
  const report = JSON.parse(output.split('\n').find((line) => line.startsWith('{')) ?? '{}');
  const flagged = new Set<string>();
  for (const d of report.diagnostics ?? [])
    if (d.category === 'lint/style/noRestrictedImports') flagged.add(d.location.path);
  return flagged;
}

it('refuses every import that goes up or across a layer, and only those', () => {
  const flagged = lint();
  const expected = PROBES.filter(([, , refused]) => refused).map(([file]) => file);
  expect([...flagged].sort()).toEqual(expected.sort());
});
