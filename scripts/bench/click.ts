/**
 * Row 3, click: from a shopper's click on a button (the click event's timestamp) to the page
 * starting its navigation to the provider's authorize URL (the Navigation API's `navigate` event),
 * on the demo's PC login page. Cold: the page has just painted its buttons and Kakao's SDK has not
 * arrived (its request is held), so a Kakao click builds the authorize URL itself with PKCE.
 * Warm: the page sat idle until the widget's own copy of the SDK loaded. The authorize request is
 * answered 204, so the page stays and reports. The reference is a plain link's click on a blank
 * page, in the same conditions.
 */
import type { Browser, Page } from 'playwright-core';
import { DEVICES, throttledPage } from './browser.ts';
import type { ReferenceServer } from './reference-server.ts';
import { figure, percentile, ratio, showRatio } from './stats.ts';
import type { Row } from './table.ts';

const LABELS = { kakao: '카카오 로그인', naver: '네이버 로그인' } as const;
type Provider = keyof typeof LABELS;

/** Before the page's scripts: the last click's time and the first authorize navigation's. */
function observe() {
  const w = window as unknown as {
    __click?: number;
    __navigate?: number;
    navigation?: EventTarget;
  };
  addEventListener('click', (event) => (w.__click = event.timeStamp), true);
  w.navigation?.addEventListener('navigate', (event) => {
    const url = (event as Event & { destination: { url: string } }).destination.url;
    if (new URL(url).pathname.endsWith('/authorize')) w.__navigate ??= performance.now();
  });
  document.addEventListener('sociallogin:ready', () =>
    requestAnimationFrame(() => setTimeout(() => performance.mark('bench:painted'))),
  );
}

const isAuthorize = (url: URL) => url.pathname.endsWith('/authorize');

async function clickToNavigate(page: Page, target: ReturnType<Page['locator']>): Promise<number> {
  const box = await target.boundingBox();
  if (!box) throw new Error('the button is not on screen');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const handle = await page.waitForFunction(
    () => {
      const w = window as unknown as { __click?: number; __navigate?: number };
      return w.__navigate !== undefined && w.__click !== undefined && w.__navigate - w.__click;
    },
    undefined,
    { timeout: 30_000 },
  );
  return Number(await handle.jsonValue());
}

async function widgetClick(
  browser: Browser,
  demoUrl: string,
  provider: Provider,
  warm: boolean,
): Promise<number> {
  const page = await throttledPage(browser, DEVICES.pc);
  const context = page.context();
  try {
    await context.route(isAuthorize, (route) => route.fulfill({ status: 204 }));
    // Cold: the SDK's request never completes while the click is measured.
    if (!warm) await context.route(/\/kakao(\.min)?\.js(\?|$)/, () => {});
    await page.addInitScript(observe);
    await page.goto(`${demoUrl}/member/login.html`);
    await page.waitForFunction(
      () => performance.getEntriesByName('bench:painted').length > 0,
      undefined,
      {
        timeout: 60_000,
      },
    );
    if (warm) await page.waitForFunction(() => 'Kakao' in window, undefined, { timeout: 60_000 });
    return await clickToNavigate(page, page.getByRole('button', { name: LABELS[provider] }));
  } finally {
    await context.close();
  }
}

async function linkClick(browser: Browser, reference: ReferenceServer): Promise<number> {
  const page = await throttledPage(browser, DEVICES.pc);
  try {
    await page.context().route(isAuthorize, (route) => route.fulfill({ status: 204 }));
    await page.addInitScript(observe);
    await page.goto(`${reference.url}/link.html`);
    return await clickToNavigate(page, page.locator('#go'));
  } finally {
    await page.context().close();
  }
}

export async function clickRows(
  browser: Browser,
  demoUrl: string,
  reference: ReferenceServer,
  samples: number,
): Promise<Row[]> {
  const cases = (['kakao', 'naver'] as const).flatMap((provider) =>
    ([false, true] as const).map((warm) => ({ provider, warm, times: [] as number[] })),
  );
  const link: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    for (const c of cases) c.times.push(await widgetClick(browser, demoUrl, c.provider, c.warm));
    link.push(await linkClick(browser, reference));
  }
  const show = (times: number[]) =>
    `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)}, n=${times.length})`;
  return cases.map(({ provider, warm, times }) => {
    const p95 = percentile(times, 95);
    return {
      family: 'click',
      measure: `${provider === 'kakao' ? 'Kakao' : 'Naver'}, SDK ${warm ? 'warm' : 'cold'}: click → navigation to authorize`,
      subject: show(times),
      reference: `${show(link)} plain link`,
      ratio: `${showRatio(ratio(figure(times, 'ms'), figure(link, 'ms')))} (p50)`,
      ...(warm ? {} : { target: '≤ 100 ms p95 cold', met: p95 <= 100 }),
    };
  });
}
