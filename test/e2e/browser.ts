/**
 * Real Chromium for the flow tests: Debian's /usr/bin/chromium driven by playwright-core. Never a
 * downloaded browser. Outside CI a machine without Chromium skips these suites with a message; under
 * CI=true a missing browser fails the run.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Stack, startStack } from '../../scripts/stack.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCi = process.env.CI === 'true' || process.env.CI === '1';

export const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  const message = `Chromium not found at ${CHROMIUM_PATH}: install Debian's "chromium" package (.ci/run does).`;
  if (inCi) throw new Error(message);
  console.warn(`${message} Skipping browser tests outside CI.`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/** A `sociallogin:*` event as the page dispatched it. */
export interface RecordedEvent {
  type: string;
  detail: Record<string, unknown> | null;
}

/**
 * Every widget event of every page the tab loads, in order into the returned array: it survives
 * navigations (the provider's page, the return, the store's SSO), as a journey needs.
 */
export async function recordWidgetEvents(page: Page): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  await page.exposeFunction('__recordEvent', (event: RecordedEvent) => events.push(event));
  await page.addInitScript(() => {
    for (const type of ['ready', 'start', 'success', 'error']) {
      document.addEventListener(`sociallogin:${type}`, (event) => {
        const detail = (event as CustomEvent).detail ?? null;
        (window as unknown as { __recordEvent: (e: unknown) => void }).__recordEvent({
          type: event.type,
          detail: detail && JSON.parse(JSON.stringify(detail)),
        });
      });
    }
  });
  return events;
}

/** The providers whose buttons a shopper can see on the page, in order. */
export const visibleProviders = (page: Page) =>
  page
    .locator('[data-social-login-host] button[data-provider]')
    .evaluateAll((buttons) =>
      buttons
        .filter((b) => b instanceof HTMLElement && b.offsetParent !== null)
        .map((b) => b.getAttribute('data-provider')),
    );

/** What a browser suite runs against: the whole product (demo, backend, sandbox) and one Chromium. */
export class Suite {
  declare stack: Stack;
  declare browser: Browser;
}

/**
 * Starts the product and Chromium before the describe block's tests and closes both after them,
 * as `npm start` runs it (the sandbox; `env` adds to it).
 */
export function useSuite(env: NodeJS.ProcessEnv = {}): Suite {
  const suite = new Suite();
  beforeAll(async () => {
    suite.stack = await startStack({
      env: { SANDBOX: '1', LOG_LEVEL: 'warn', ...env },
      // Every shopper of a suite comes from 127.0.0.1, dozens of logins a minute: a real shopper's
      // limit would refuse them. The limits have their own tests (test/server/rate-limit.test.ts).
      backendDeps: { rateLimit: { perMinute: 6000, burst: 1000 } },
    });
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.stack?.close();
  });
  return suite;
}
