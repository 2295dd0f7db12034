/**
 * `npm run bench` in its quick mode: one short run of every row, to prove the instrument works on
 * this machine. Its figures are not checked (bench numbers belong to the bench, not to tests);
 * only that the table has every row and the bench said why when something was not measured.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const kakaoSdk =
  process.env.KAKAO_SDK_FILE ??
  new URL('../../shared/vendor/kakao-js-sdk/2.7.1/kakao.min.js', import.meta.url).pathname;
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const runnable = existsSync(chromium) && existsSync(kakaoSdk);
if (!runnable && !inCi)
  console.warn(`The bench needs ${chromium} and Kakao's SDK at ${kakaoSdk}: skipped outside CI.`);

describe.skipIf(!runnable && !inCi)('npm run bench -- --quick', () => {
  it('prints one table with every row: bytes, page, click, backend and storage', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench/index.ts', '--quick'],
      { timeout: 480_000, maxBuffer: 10 * 2 ** 20 },
    );
    const rows = stdout
      .split('\n')
      .filter((line) => /^\| (bytes|page|click|backend|storage) \|/.test(line));
    const measures = rows.map((line) => line.split(' | ').slice(0, 2).join(' | '));
    for (const expected of [
      '| bytes | gzip -9',
      '| bytes | served by the backend',
      '| page | PC /member/login.html: widget main-thread time',
      '| page | mobile /m/member/login.html: script start → buttons painted',
      '| page | PC /member/login.html: CLS',
      '| click | Kakao, SDK cold',
      '| click | Kakao, SDK warm',
      '| click | Naver, SDK cold',
      '| click | Naver, SDK warm',
      '| backend | GET /healthz requests/s',
      '| backend | POST /api/exchange → 400 requests/s',
      '| backend | POST /api/exchange → 400 requests/s, both servers at once on one core',
      '| backend | POST /api/exchange → 200 p99',
      '| backend | memory',
      '| storage | POST /api/exchange → 200 requests/s',
    ])
      expect(measures.some((measure) => measure.startsWith(expected))).toBe(true);
    // Every target is judged one way or the other.
    for (const cells of rows.map((line) => line.split(' | ')))
      if (cells[5]?.trim()) expect(cells[6]).toMatch(/^(met|not met) \|$/);
  }, 540_000);
});
