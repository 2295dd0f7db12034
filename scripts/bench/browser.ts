/**
 * Chromium as the browser tests launch it, with the conditions every page and click measure runs
 * under: the CPU slowed 4× and a slow-4G network (Lighthouse's mobile profile: 150 ms round trip,
 * 1.6 Mbps down, 750 kbps up), set over the Chrome DevTools Protocol for each page.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

export const CPU_SLOWDOWN = 4;
export const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1638.4 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
export const CONDITIONS = `${CPU_SLOWDOWN}× CPU slowdown, slow 4G (${NETWORK.latency} ms RTT, 1.6 Mbps down, 750 kbps up)`;

export const DEVICES: Record<'pc' | 'mobile', BrowserContextOptions> = {
  pc: { locale: 'ko-KR', viewport: { width: 1280, height: 800 } },
  mobile: {
    locale: 'ko-KR',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
};

/** A fresh context (empty cache: a first visit) and its page, throttled before it loads anything. */
export async function throttledPage(
  browser: Browser,
  device: BrowserContextOptions,
): Promise<Page> {
  const context = await browser.newContext(device);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  return page;
}
