/**
 * Row 2, page: the demo's PC and mobile login pages loaded fresh in throttled Chromium, traced.
 * For the widget: its main-thread time (compile, evaluation, its callbacks, until the buttons are
 * painted), the time from its evaluation starting to the buttons painted (`sociallogin:ready`, then
 * the next frame), long tasks and CLS. For Kakao's SDK: the same main-thread time for its file
 * alone on a blank page. Runs interleave the three pages.
 */
import type { Browser } from 'playwright-core';
import { CONDITIONS, DEVICES, throttledPage } from './browser.ts';
import type { ReferenceServer } from './reference-server.ts';
import { type Figure, figure, median, ratio, show, showRatio } from './stats.ts';
import type { Row } from './table.ts';
import { markAt, parseTrace, scriptStart, scriptTime, TRACE_CATEGORIES } from './trace.ts';

/** In every page before its own scripts: layout shifts, long tasks, and the buttons' first paint. */
function observe() {
  const w = window as unknown as {
    __bench: { cls: number; longTasks: number; longTaskMs: number };
  };
  w.__bench = { cls: 0, longTasks: 0, longTaskMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const shift = entry as PerformanceEntry & { value: number; hadRecentInput: boolean };
      if (!shift.hadRecentInput) w.__bench.cls += shift.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      w.__bench.longTasks++;
      w.__bench.longTaskMs += entry.duration;
    }
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('sociallogin:ready', () => {
    performance.mark('bench:ready');
    // The frame that draws the buttons runs its rAF callbacks, then paints; a task queued from
    // there runs after that paint.
    requestAnimationFrame(() => setTimeout(() => performance.mark('bench:painted')));
  });
  addEventListener('load', () => setTimeout(() => performance.mark('bench:loaded')));
}

interface PageRun {
  scriptMs: number;
  paintedMs?: number;
  cls: number;
  longTaskMs: number;
}

async function tracedRun(
  browser: Browser,
  device: keyof typeof DEVICES,
  pageUrl: string,
  scriptUrl: string,
  doneMark: string,
): Promise<PageRun> {
  const page = await throttledPage(browser, DEVICES[device]);
  try {
    await page.addInitScript(observe);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(pageUrl);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, doneMark, {
      timeout: 60_000,
    });
    // Let a late shift or task land in the counts.
    await page.waitForTimeout(500);
    const bench = await page.evaluate(
      () => (window as unknown as { __bench: { cls: number; longTaskMs: number } }).__bench,
    );
    const events = parseTrace(await browser.stopTracing());
    const done = markAt(events, doneMark);
    const start = scriptStart(events, scriptUrl);
    if (start === undefined) throw new Error(`no evaluation of ${scriptUrl} in the trace`);
    return {
      scriptMs: scriptTime(events, scriptUrl, done),
      ...(done !== undefined ? { paintedMs: (done - start) / 1000 } : {}),
      cls: bench.cls,
      longTaskMs: bench.longTaskMs,
    };
  } finally {
    await page.context().close();
  }
}

export async function pageRows(
  browser: Browser,
  demoUrl: string,
  reference: ReferenceServer,
  runs: number,
): Promise<Row[]> {
  const widgetUrl = `${demoUrl}/social-login.js`;
  const pages = { pc: '/member/login.html', mobile: '/m/member/login.html' } as const;
  const results: Record<'pc' | 'mobile' | 'kakao', PageRun[]> = { pc: [], mobile: [], kakao: [] };
  for (let run = 0; run < runs; run++) {
    for (const device of ['pc', 'mobile'] as const)
      results[device].push(
        await tracedRun(browser, device, demoUrl + pages[device], widgetUrl, 'bench:painted'),
      );
    results.kakao.push(
      await tracedRun(browser, 'pc', `${reference.url}/sdk.html`, reference.sdkUrl, 'bench:loaded'),
    );
  }
  const kakao = figure(
    results.kakao.map((r) => r.scriptMs),
    'ms',
  );
  const kakaoRef = `${show(kakao)} Kakao SDK evaluation alone`;
  const rows: Row[] = [];
  for (const device of ['pc', 'mobile'] as const) {
    const of = (pick: (r: PageRun) => number | undefined, unit: Figure['unit']) =>
      figure(
        results[device].map(pick).filter((n): n is number => n !== undefined),
        unit,
      );
    const script = of((r) => r.scriptMs, 'ms');
    const painted = of((r) => r.paintedMs, 'ms');
    const cls = of((r) => r.cls, '');
    const longTasks = of((r) => r.longTaskMs, 'ms');
    const where = `${device === 'pc' ? 'PC' : 'mobile'} ${pages[device]}`;
    const scriptRatio = ratio(script, kakao);
    rows.push(
      {
        family: 'page',
        measure: `${where}: widget main-thread time (compile + evaluate + callbacks, to painted)`,
        subject: show(script),
        reference: kakaoRef,
        ratio: showRatio(scriptRatio),
        target: '≤ 0.5× Kakao SDK',
        met: scriptRatio <= 0.5,
      },
      {
        family: 'page',
        measure: `${where}: script start → buttons painted`,
        subject: show(painted),
        reference: kakaoRef,
        ratio: showRatio(ratio(painted, kakao)),
        target: '≤ 50 ms',
        met: median(painted.runs) <= 50 && painted.runs.length === runs,
      },
      {
        family: 'page',
        measure: `${where}: long tasks (≥ 50 ms) of the whole page, to painted`,
        subject: show(longTasks),
        reference: `${show(
          figure(
            results.kakao.map((r) => r.longTaskMs),
            'ms',
          ),
        )} blank page with Kakao SDK`,
        ratio: '—',
      },
      {
        family: 'page',
        measure: `${where}: CLS (layout-shift entries, to painted + 0.5 s)`,
        subject: show(cls),
        reference: '—',
        ratio: '—',
        target: '0 (every run)',
        met: Math.max(...cls.runs) === 0,
      },
    );
  }
  return rows;
}

export const PAGE_CONDITIONS = CONDITIONS;
