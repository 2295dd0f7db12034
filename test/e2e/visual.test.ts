/**
 * Screenshot comparison: every cell of the gallery's matrix (each variant in each language; real
 * Korean, Japanese and Chinese glyphs: .ci/run installs fonts-noto-cjk) and the states a shopper can
 * see (the "last used" badge is a matrix row; the calm cancelled line with its retry button, on the
 * strict-CSP page; the in-app browser's "open in browser" row), against the baselines committed in
 * test/e2e/__screenshots__/. A style regression fails the run.
 *
 * After an intended change of the widget's look: `UPDATE_SCREENSHOTS=1 npx vitest run --project
 * browser test/e2e/visual.test.ts`, look at the new PNGs, commit them. On a mismatch the actual
 * image and a diff are written to test-results/screenshots/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import pixelmatch from 'pixelmatch';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, useSuite } from './browser.ts';

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
  'theme-accessible',
  'theme-light',
  'layout-horizontal',
  'layout-icon',
  'kakao-only',
  'naver-only',
  'naver-first',
  'light-pill-horizontal',
  'last-used',
];
const LANGS = ['ko', 'en', 'ja', 'zh-CN', 'zh-TW'];
const CASES: [variant: string, lang: string][] = VARIANTS.flatMap((variant) =>
  LANGS.map((lang): [string, string] => [variant, lang]),
);

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
  const suite = useSuite();
  let page: Page;

  beforeAll(async () => {
    const context = await suite.browser.newContext({
      locale: 'ko-KR',
      viewport: { width: 3200, height: 1200 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    await page.goto(`${suite.stack.demoUrl}/`);
    // Every cell of the matrix has its buttons (expect.poll only runs inside tests).
    await page.waitForFunction(
      (count) =>
        [...document.querySelectorAll('.matrix [data-social-login-host]')].filter((host) =>
          host.shadowRoot?.querySelector('button'),
        ).length === count,
      VARIANTS.length * LANGS.length,
      { timeout: 15_000 },
    );
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await mkdir(RESULTS, { recursive: true });
    if (UPDATE) await mkdir(BASELINES, { recursive: true });
  });

  /** Compares one screenshot with its baseline (or writes the baseline under UPDATE_SCREENSHOTS=1). */
  async function matchesBaseline(name: string, shot: Buffer) {
    const baseline = new URL(`${name}.png`, BASELINES);
    if (UPDATE) {
      await writeFile(baseline, shot);
      return;
    }
    if (!existsSync(baseline)) {
      await writeFile(new URL(`${name}.png`, RESULTS), shot);
      throw new Error(`No baseline ${name}.png: run with UPDATE_SCREENSHOTS=1 and commit it.`);
    }
    const expected = PNG.sync.read(await readFile(baseline));
    const actual = PNG.sync.read(shot);
    const result = await compare(expected, actual, new URL(`${name}.diff.png`, RESULTS));
    if (result.differing > 0) await writeFile(new URL(`${name}.actual.png`, RESULTS), shot);
    expect(
      result.sizeMatches,
      `${name}.png: ${actual.width}×${actual.height}, baseline ${expected.width}×${expected.height}`,
    ).toBe(true);
    expect(result.differing / result.total).toBeLessThanOrEqual(MAX_DIFF_RATIO);
  }

  /** The gallery shows one language at a time: its tab first. */
  const showLanguage = (lang: string) => page.locator(`#tab-${lang}`).click();

  for (const [variant, lang] of CASES) {
    it(`${variant} in ${lang} matches its baseline`, async () => {
      await showLanguage(lang);
      const host = page.locator(
        `[data-variant="${variant}"][data-lang="${lang}"] [data-social-login-host]`,
      );
      await matchesBaseline(
        `${variant}.${lang}`,
        await host.screenshot({ animations: 'disabled', caret: 'hide' }),
      );
    });
  }

  for (const variant of ['layout-horizontal', 'light-pill-horizontal']) {
    it(`shows ${variant} side by side in every language`, async () => {
      for (const lang of LANGS) {
        await showLanguage(lang);
        const tops = await page
          .locator(`[data-variant="${variant}"][data-lang="${lang}"] [data-social-login-host]`)
          .evaluate((host) =>
            [...(host.shadowRoot?.querySelectorAll('button') ?? [])].map(
              (b) => b.getBoundingClientRect().top,
            ),
          );
        expect(tops, lang).toHaveLength(2);
        expect(tops[0], lang).toBe(tops[1]);
      }
    });
  }

  it('shows the "last used" badge on that button only', async () => {
    for (const lang of LANGS) {
      const badges = await page
        .locator(`[data-variant="last-used"][data-lang="${lang}"] [data-social-login-host]`)
        .evaluate((host) =>
          [...(host.shadowRoot?.querySelectorAll('button') ?? [])].map(
            (b) => `${b.dataset.provider}:${b.querySelectorAll('.u').length}`,
          ),
        );
      expect(badges, lang).toEqual(['kakao:1', 'naver:0']);
    }
    const others = await page.evaluate(
      () =>
        [...document.querySelectorAll('.matrix [data-social-login-host]')].filter((host) =>
          host.shadowRoot?.querySelector('.u'),
        ).length,
    );
    expect(others).toBe(LANGS.length);
  });

  it('the calm cancelled line with its retry button matches its baseline, on the strict-CSP page', async () => {
    const context = await suite.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1000, height: 800 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
    });
    const errorPage = await context.newPage();
    await errorPage.goto(`${suite.stack.demoUrl}/test/strict-csp.html`);
    const host = errorPage.locator('[data-social-login-host]');
    await host.getByRole('button', { name: 'Log in with NAVER' }).click();
    await errorPage.locator('[data-sandbox-action="cancel"]').click();
    // A cancel is no error: the polite status region, neutral, centred, with a real button.
    await expect
      .poll(() => host.getByRole('status').textContent(), { timeout: 15_000 })
      .toBe('Login was cancelled.Try again');
    expect(await host.getByRole('alert').textContent()).toBe('');
    await errorPage.evaluate(() => document.fonts.ready.then(() => undefined));
    await matchesBaseline(
      'state-cancelled.en',
      await host.screenshot({ animations: 'disabled', caret: 'hide' }),
    );
    await context.close();
  });

  it('the in-app browser’s "open in browser" row matches its baseline', async () => {
    const context = await suite.browser.newContext({
      locale: 'ko-KR',
      viewport: { width: 390, height: 700 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
    });
    const framePage = await context.newPage();
    const options = encodeURIComponent(JSON.stringify({ lang: 'ko', size: 'large' }));
    await framePage.goto(`${suite.stack.demoUrl}/gallery/frame.html?env=line&options=${options}`);
    const host = framePage.locator('[data-social-login-host]');
    await expect.poll(() => host.getByRole('link', { name: '브라우저로 열기' }).count()).toBe(1);
    await framePage.evaluate(() => document.fonts.ready.then(() => undefined));
    await matchesBaseline(
      'state-in-app.ko',
      await host.screenshot({ animations: 'disabled', caret: 'hide' }),
    );
    await context.close();
  });
});
