/**
 * Real Chromium for the flow tests: Debian's /usr/bin/chromium driven by playwright-core. Never a
 * downloaded browser. Outside CI a machine without Chromium skips these suites with a message; under
 * CI=true a missing browser fails the run.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
