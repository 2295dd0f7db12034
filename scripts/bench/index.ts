/**
 * `npm run bench`: the widget against Kakao's own SDK and the backend against bare node:http, side
 * by side in one run, printed as one table and written to docs/benchmarks.md. Every figure is the
 * median of several runs with its min–max; timings carry a ratio to a reference measured in the same
 * run, since absolute times only compare on one machine. Targets are reported, never asserted.
 *
 * `--quick` (or BENCH_QUICK=1): one short run of everything, to prove the bench works (CI); its
 * table goes to stdout only unless `--out` names a file. `--only backend` (or `browser`, `storage`,
 * comma-separated) runs those rows alone, to stdout unless `--out` names a file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { launchChromium } from '../../test/e2e/browser.ts';
import { startStack } from '../stack.ts';
import { backendRows } from './backend.ts';
import { CONDITIONS } from './browser.ts';
import { bytesRows } from './bytes.ts';
import { clickRows } from './click.ts';
import { readKakaoSdk } from './kakao-sdk.ts';
import { pageRows } from './page.ts';
import { placement } from './processes.ts';
import { startReferenceServer } from './reference-server.ts';
import { storageRows } from './storage.ts';
import { machine, type Row, renderTable } from './table.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick') || ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
const onlyArg = args.indexOf('--only');
const only = onlyArg > -1 ? new Set((args[onlyArg + 1] ?? '').split(',')) : undefined;
const runs = (part: 'browser' | 'backend' | 'storage') => !only || only.has(part);
const outArg = args.indexOf('--out');
const out =
  outArg > -1
    ? args[outArg + 1]
    : quick || only
      ? undefined
      : new URL('../../docs/benchmarks.md', import.meta.url).pathname;

/** Counts and durations: the full plan fits in 5 minutes on a busy 2-core machine. */
const PLAN = quick
  ? { pageRuns: 1, clickSamples: 1, load: { runs: 1, seconds: 3 } }
  : { pageRuns: 5, clickSamples: 6, load: { runs: 6, seconds: 3 } };

const began = Date.now();
const log = (message: string) =>
  console.error(`[bench] ${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s  ${message}`);

async function browserRows(kakao: ReturnType<typeof readKakaoSdk>): Promise<Row[]> {
  // The sandbox's own in-memory database: DATABASE_URL is for the storage row.
  const { DATABASE_URL: _, ...env } = process.env;
  const stack = await startStack({ env: { ...env, SANDBOX: '1', LOG_LEVEL: 'warn' } });
  const reference = await startReferenceServer(kakao.body);
  const browser = await launchChromium();
  try {
    log('bytes');
    const rows = await bytesRows(stack.backendUrl, kakao);
    log(`page (${PLAN.pageRuns} runs of each page)`);
    rows.push(...(await pageRows(browser, stack.demoUrl, reference, PLAN.pageRuns)));
    log(`click (${PLAN.clickSamples} samples of each case)`);
    rows.push(...(await clickRows(browser, stack.demoUrl, reference, PLAN.clickSamples)));
    return rows;
  } finally {
    await browser.close();
    await reference.close();
    await stack.close();
  }
}

async function main() {
  const started = Date.now();
  const rows = runs('browser') ? await browserRows(readKakaoSdk()) : [];
  if (runs('backend')) {
    log(`backend (${PLAN.load.runs} × ${PLAN.load.seconds} s per path and server, 50 connections)`);
    rows.push(...(await backendRows(PLAN.load)));
  }
  if (runs('storage')) {
    log('storage');
    rows.push(...(await storageRows(PLAN.load)));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);

  const report = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (scripts/bench/). Figures: median of the runs, (min–max) beside it;',
    "ratios compare medians taken in the same run, except the backend's requests/s: the median of",
    'the ratios of runs made side by side, (min–max) of those beside it. Targets are reported, not',
    'asserted.',
    '',
    ...machine(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium').map((line) => `- ${line}`),
    `- Mode: ${quick ? 'quick (one short run each: proves the bench works, figures mean little)' : 'full'}${only ? ` (${[...only].join(', ')} rows only)` : ''}; ${PLAN.pageRuns} runs per page, ${PLAN.clickSamples} clicks per case, ${PLAN.load.runs} × ${PLAN.load.seconds} s per load; ${seconds} s in all`,
    `- Browser rows: ${CONDITIONS}, fresh context (empty cache) per run`,
    ...(runs('backend') || runs('storage')
      ? [
          `- Backend and storage rows: both servers compiled as production runs them (Vite's server build, not tsx), ${placement()}`,
        ]
      : []),
    '',
    renderTable(rows),
    '',
  ].join('\n');
  console.log(report);
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, report + keptNotes(out));
    // As `npm run check` wants it (aligned table columns), so a new run commits as it is.
    execFileSync('npx', ['biome', 'format', '--write', out], { stdio: 'ignore' });
    log(`written to ${out}`);
  }
}

/**
 * Written by hand below KEEP in the file (comparisons across commits, what a change did): carried
 * over to each new run's report.
 */
const KEEP = '<!-- Kept by the bench: everything below this line. -->';
function keptNotes(file: string): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.indexOf(KEEP);
  return at > -1 ? `\n${text.slice(at)}` : '';
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
