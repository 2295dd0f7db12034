/**
 * Isolation in real Chromium: a store stylesheet that attacks every element cannot change the
 * buttons' designed size and colours; the widget's CSS never reaches the store's elements; a page
 * under a strict Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval') gets the same
 * buttons and a working login.
 */
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { strictCsp } from '../../demo/server.ts';
import { hasChromium, useSuite } from './browser.ts';

interface RecordedEvent {
  type: string;
  detail: Record<string, unknown> | null;
}

/** What the shopper sees of each button, measured inside the shadow root. */
const buttonLooks = (page: Page) =>
  page.evaluate(() => {
    const host = document.querySelector('[data-social-login-host]');
    const buttons = [...(host?.shadowRoot?.querySelectorAll('button') ?? [])];
    return buttons.map((button) => {
      const style = getComputedStyle(button);
      const label = button.querySelector('span');
      const mark = button.querySelector('svg');
      const box = button.getBoundingClientRect();
      return {
        provider: button.dataset.provider,
        visible: style.display !== 'none' && style.visibility === 'visible' && box.width > 0,
        height: box.height,
        wide: box.width >= 200,
        background: style.backgroundColor,
        color: style.color,
        radius: style.borderRadius,
        fontSize: label ? getComputedStyle(label).fontSize : null,
        letterSpacing: label ? getComputedStyle(label).letterSpacing : null,
        textTransform: label ? getComputedStyle(label).textTransform : null,
        labelVisible: label ? getComputedStyle(label).display !== 'none' : false,
        mark: mark ? [mark.getBoundingClientRect().width, getComputedStyle(mark).display] : null,
      };
    });
  });

const DESIGNED = [
  {
    provider: 'kakao',
    visible: true,
    height: 48,
    wide: true,
    background: 'rgb(254, 229, 0)',
    color: 'rgba(0, 0, 0, 0.85)',
    radius: '12px',
    fontSize: '15px',
    letterSpacing: 'normal',
    textTransform: 'none',
    labelVisible: true,
    mark: [20, 'block'],
  },
  {
    provider: 'naver',
    visible: true,
    height: 48,
    wide: true,
    background: 'rgb(3, 199, 90)',
    // Naver's guide: a white label on its green (docs/api.md "Accessibility").
    color: 'rgb(255, 255, 255)',
    radius: '12px',
    fontSize: '15px',
    letterSpacing: 'normal',
    textTransform: 'none',
    labelVisible: true,
    mark: [20, 'block'],
  },
];

describe.skipIf(!hasChromium)('isolation from the store page', () => {
  const suite = useSuite();
  let context: BrowserContext;
  let page: Page;
  let events: RecordedEvent[];
  let cspViolations: string[];

  beforeEach(async () => {
    await context?.close();
    context = await suite.browser.newContext({
      locale: 'ko-KR',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    events = [];
    cspViolations = [];
    await page.exposeFunction('__record', (kind: string, value: RecordedEvent | string) => {
      if (kind === 'csp' && typeof value === 'string') cspViolations.push(value);
      else if (typeof value !== 'string') events.push(value);
    });
    await page.addInitScript(() => {
      const record = Reflect.get(window, '__record') as (kind: string, value: unknown) => void;
      for (const type of ['ready', 'start', 'success', 'error']) {
        document.addEventListener(`sociallogin:${type}`, (event) => {
          const detail = (event as CustomEvent).detail ?? null;
          record('event', {
            type: event.type,
            detail: detail && JSON.parse(JSON.stringify(detail)),
          });
        });
      }
      document.addEventListener('securitypolicyviolation', (event) => {
        record('csp', `${event.violatedDirective} ${event.blockedURI}`);
      });
    });
  });

  const open = async (path: string) => {
    const response = await page.goto(`${suite.stack.demoUrl}${path}`);
    await expect
      .poll(() => events.some((e) => e.type === 'sociallogin:ready'), { timeout: 10_000 })
      .toBe(true);
    return response;
  };

  /** Click the provider's button, agree on the sandbox's consent page, come back signed in. */
  const logIn = async (provider: 'kakao' | 'naver', path: string) => {
    await page
      .locator('[data-social-login-host]')
      .getByRole('button', { name: provider === 'kakao' ? /Kakao|카카오/ : /NAVER|네이버/ })
      .click();
    await page.locator('[data-sandbox-action="agree"]').click();
    await expect
      .poll(() => events.find((e) => e.type === 'sociallogin:success'), { timeout: 15_000 })
      .toBeTruthy();
    const success = events.find((e) => e.type === 'sociallogin:success');
    expect(success?.detail?.provider).toBe(provider);
    expect(String((success?.detail?.user as { id?: unknown } | undefined)?.id)).toMatch(
      new RegExp(`^${provider}:.+`),
    );
    expect(new URL(page.url()).pathname).toBe(path);
  };

  describe('a store stylesheet that resets, hides and enlarges everything, !important', () => {
    it('leaves the buttons at their designed size, colours and type', async () => {
      await open('/test/hostile.html');
      // The attack is real: the page's own text is 40 px and its buttons are gone.
      expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).fontSize)).toBe('40px');
      expect(await buttonLooks(page)).toEqual(DESIGNED);
    });

    it('still logs the shopper in', async () => {
      await open('/test/hostile.html');
      await logIn('naver', '/test/hostile.html');
    });
  });

  describe('a page under a strict Content-Security-Policy', () => {
    it('is served with exactly the recommended policy of docs/api.md, and the buttons keep their design with no violation', async () => {
      const response = await open('/test/strict-csp.html');
      const policy = response?.headers()['content-security-policy'];
      // The demo's origin stands in for the CDN, its backend for the merchant's.
      expect(policy).toBe(
        `default-src 'self'; script-src 'self' ${suite.stack.demoUrl} ${suite.stack.backendUrl} https://t1.kakaocdn.net; connect-src 'self' ${suite.stack.backendUrl}; style-src 'self'`,
      );
      expect(policy).toBe(strictCsp({ cdn: suite.stack.demoUrl, backend: suite.stack.backendUrl }));
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      expect(await buttonLooks(page)).toEqual(DESIGNED);
      expect(cspViolations).toEqual([]);
    });

    it('is the policy docs/api.md tells merchants to send', async () => {
      const readme = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');
      const example = strictCsp({
        cdn: 'https://cdn.example.com',
        backend: 'https://auth.example.com',
      });
      expect(readme).toContain(`\nContent-Security-Policy: ${example}\n`);
    });

    it('logs the shopper in with Naver, with no violation', async () => {
      await open('/test/strict-csp.html');
      await logIn('naver', '/test/strict-csp.html');
      expect(cspViolations).toEqual([]);
    });

    it('logs the shopper in with Kakao through the SDK, with no violation', async () => {
      await open('/test/strict-csp.html');
      // The SDK loads once the page is idle (SRI and all, under the policy); the click then goes
      // through Kakao.Auth.authorize, whose request carries no PKCE challenge of ours.
      await page.waitForFunction(() => 'Kakao' in window, undefined, { timeout: 10_000 });
      const authorize = page.waitForRequest((r) =>
        r.url().includes('/sandbox/kauth/oauth/authorize'),
      );
      await logIn('kakao', '/test/strict-csp.html');
      expect(new URL((await authorize).url()).searchParams.has('code_challenge')).toBe(false);
      expect(cspViolations).toEqual([]);
    });

    it("never styles the store's own elements, even ones using the widget's class names", async () => {
      await open('/test/strict-csp.html');
      const look = await page.locator('#store-button').evaluate((button) => {
        const style = getComputedStyle(button);
        return {
          background: style.backgroundColor,
          color: style.color,
          height: style.height,
          radius: style.borderRadius,
          border: style.borderTopWidth,
          font: style.fontSize,
        };
      });
      expect(look).toEqual({
        background: 'rgb(255, 255, 255)',
        color: 'rgb(28, 28, 28)',
        height: '36px',
        radius: '0px',
        border: '2px',
        font: '13px',
      });
      // And no stylesheet was added to the document itself.
      expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
      expect(await page.locator('style').count()).toBe(0);
    });
  });
});
