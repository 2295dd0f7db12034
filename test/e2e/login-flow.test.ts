/**
 * A shopper's whole journey in real Chromium, against the built bundle served by `npm start`'s own
 * servers (demo store + backend + sandbox on two origins). The demo store is the Cafe24 store
 * stand-in, so a login goes on through the store's Single Sign-On and back to the login page,
 * which then shows the store member; events are read as they happen and from the page's own log,
 * which is kept for the tab across that round trip.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { hasChromium, type RecordedEvent, recordWidgetEvents, useSuite } from './browser.ts';

describe.skipIf(!hasChromium)('logging in from the store login page', () => {
  const suite = useSuite();
  let context: BrowserContext;
  let page: Page;
  let events: RecordedEvent[];

  beforeEach(async () => {
    await context?.close();
    context = await suite.browser.newContext({ locale: 'ko-KR' });
    page = await context.newPage();
    // Survives navigations: every page of the journey reports its widget events here.
    events = await recordWidgetEvents(page);
  });

  const waitForEvent = async (type: string) => {
    await expect.poll(() => events.find((e) => e.type === type), { timeout: 15_000 }).toBeTruthy();
    return events.find((e) => e.type === type) as RecordedEvent;
  };

  /** The demo page's event log (sessionStorage), as a person reads it after the round trip. */
  const persistedLog = () =>
    page.evaluate(() => {
      const log: unknown = JSON.parse(sessionStorage.getItem('demo:events') ?? '[]');
      return Array.isArray(log) ? log.map((entry) => Reflect.get(entry, 'type')) : [];
    });

  const openLoginPage = async () => {
    await page.goto(`${suite.stack.demoUrl}/member/login.html`);
    await waitForEvent('sociallogin:ready');
  };

  for (const [provider, label] of [
    ['kakao', '카카오 로그인'],
    ['naver', '네이버 로그인'],
  ] as const) {
    it(`signs a ${provider} shopper in: click, consent, back, verified user`, async () => {
      await openLoginPage();
      const button = page.getByRole('button', { name: label });
      await expect.poll(() => button.getAttribute('data-provider')).toBe(provider);

      await button.click();
      await page.locator('[data-sandbox-action="agree"]').click();

      const success = await waitForEvent('sociallogin:success');
      expect(success.detail?.provider).toBe(provider);
      const user = success.detail?.user as { id: string; providerUserId: string };
      expect(user.id).toBe(`${provider}:${user.providerUserId}`);
      expect(user.id.startsWith(`${provider}:`)).toBe(true);
      expect(events.map((e) => e.type)).toContain('sociallogin:start');

      // Then the store's Single Sign-On, and on to the store's home (never back to the login
      // form): signed in as a store member, with the whole journey still in the event log.
      const status = page.locator('#store-session-status');
      await expect
        .poll(() => status.textContent().catch(() => ''), { timeout: 20_000 })
        .toMatch(/signed in as [kn][a-z2-7]{15}@s$/);
      expect(await page.locator('.xans-layout-statelogon').count()).toBe(1);
      expect(await persistedLog()).toEqual(
        expect.arrayContaining(['sociallogin:start', 'sociallogin:success']),
      );

      // The authorization code never stays in the address bar.
      const url = new URL(page.url());
      expect(url.pathname).toBe('/index.html');
      expect(url.searchParams.has('code')).toBe(false);
      expect(url.searchParams.has('state')).toBe(false);
    });

    it(`reports access_denied when the ${provider} shopper cancels, and the page stays usable`, async () => {
      await openLoginPage();
      await page.getByRole('button', { name: label }).click();
      await page.locator('[data-sandbox-action="cancel"]').click();

      const error = await waitForEvent('sociallogin:error');
      expect(error.detail).toMatchObject({ provider, code: 'access_denied' });
      expect(events.some((e) => e.type === 'sociallogin:success')).toBe(false);
      expect(await persistedLog()).toContain('sociallogin:error');
      await expect
        .poll(() => page.locator('#store-session-status').textContent())
        .toBe('Store session: not signed in (a guest)');

      // The store's own form and both buttons still work: the shopper can simply try again.
      await expect.poll(() => page.locator('#member_id').isEditable()).toBe(true);
      await page.getByRole('button', { name: label }).click();
      await expect
        .poll(() => page.locator('[data-sandbox-action="agree"]').count(), { timeout: 15_000 })
        .toBe(1);
    });
  }
});
