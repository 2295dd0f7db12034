/**
 * Screenshot comparison: each button variant of the gallery, and the default and horizontal variants
 * in every language (real Korean, Japanese and Chinese glyphs: .ci/run installs fonts-noto-cjk),
 * against the baselines committed in test/e2e/__screenshots__/. A style regression fails the run.
 *
 * After an intended change of the widget's look: `UPDATE_SCREENSHOTS=1 npx vitest run --project
 * browser test/e2e/visual.test.ts`, look at the new PNGs, commit them. On a mismatch the actual
 * image and a diff are written to test-results/screenshots/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import pixelmatch from 'pixelmatch';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../scripts/stack.ts';
import { hasChromium, launchChromium } from './browser.ts';

const BASELINES = new URL('./__screenshots__/', import.meta.url);
const RESULTS = new URL('../../test-results/screenshots/', import.meta.url);
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
/** Per-pixel colour distance pixelmatch ignores (anti-aliasing noise), and the share of pixels that may differ. */
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFF_RATIO = 0.005;

const VARIANTS = [
  'default',
  'size-small',
  'size-large',
  'shape-square',
  'shape-pill',
  'theme-light',
  'layout-horizontal',
  'layout-icon',
  'kakao-only',
  'naver-only',
  'light-pill-horizontal',
];
const CASES: [variant: string, lang: string][] = [
  ...VARIANTS.map((variant): [string, string] => [variant, 'ko']),
  ...['en', 'ja', 'zh-CN', 'zh-TW'].flatMap((lang): [string, string][] => [
    ['default', lang],
    ['layout-horizontal', lang],
  ]),
];

interface Comparison {
  differing: number;
  total: number;
  sizeMatches: boolean;
}

function compare(expected: PNG, actual: PNG, diffFile: URL): Promise<Comparison> | Comparison {
  const total = expected.width * expected.height;
  if (expected.width !== actual.width || expected.height !== actual.height)
    return { differing: total, total, sizeMatches: false };
  const diff = new PNG({ width: expected.width, height: expected.height });
  const differing = pixelmatch(
    expected.data,
    actual.data,
    diff.data,
    expected.width,
    expected.height,
    {
      threshold: PIXEL_THRESHOLD,
    },
  );
  if (differing === 0) return { differing, total, sizeMatches: true };
  return writeFile(diffFile, PNG.sync.write(diff)).then(() => ({
    differing,
    total,
    sizeMatches: true,
  }));
}

describe.skipIf(!hasChromium)('the buttons look as designed (screenshots)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ env: { SANDBOX: '1', LOG_LEVEL: 'warn' } });
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: 'ko-KR',
      viewport: { width: 1800, height: 1000 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    await page.goto(`${stack.demoUrl}/`);
    // Every cell of the matrix has its buttons (expect.poll only runs inside tests).
    await page.waitForFunction(
      (count) =>
        [...document.querySelectorAll('.matrix [data-social-login-host]')].filter((host) =>
          host.shadowRoot?.querySelector('button'),
        ).length === count,
      VARIANTS.length * 5,
      { timeout: 15_000 },
    );
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await mkdir(RESULTS, { recursive: true });
    if (UPDATE) await mkdir(BASELINES, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  for (const [variant, lang] of CASES) {
    it(`${variant} in ${lang} matches its baseline`, async () => {
      const name = `${variant}.${lang}.png`;
      const host = page.locator(
        `[data-variant="${variant}"][data-lang="${lang}"] [data-social-login-host]`,
      );
      const shot = await host.screenshot({ animations: 'disabled', caret: 'hide' });
      const baseline = new URL(name, BASELINES);
      if (UPDATE) {
        await writeFile(baseline, shot);
        return;
      }
      if (!existsSync(baseline)) {
        await writeFile(new URL(name, RESULTS), shot);
        throw new Error(`No baseline ${name}: run with UPDATE_SCREENSHOTS=1 and commit it.`);
      }
      const expected = PNG.sync.read(await readFile(baseline));
      const actual = PNG.sync.read(shot);
      const result = await compare(
        expected,
        actual,
        new URL(`${variant}.${lang}.diff.png`, RESULTS),
      );
      if (result.differing > 0)
        await writeFile(new URL(`${variant}.${lang}.actual.png`, RESULTS), shot);
      expect(
        result.sizeMatches,
        `${name}: ${actual.width}×${actual.height}, baseline ${expected.width}×${expected.height}`,
      ).toBe(true);
      expect(result.differing / result.total).toBeLessThanOrEqual(MAX_DIFF_RATIO);
    });
  }
});
