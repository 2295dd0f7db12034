/**
 * A shopper on the demo store — which `npm start` makes the Cafe24 store stand-in — in real
 * Chromium, against the built bundle: Kakao or Naver, then the store's own Single Sign-On with our
 * backend as identity provider, ending in a store session whose member id ends `@s`, read back
 * through the CAFE24API.getCustomerIDInfo stand-in; then the welcome with the stand-in mall's
 * coupons and points (the sandbox app is installed on mall 'demomall' at start). No third-party
 * cookie is involved: the only cookie the backend sets is first-party, during a top-level
 * navigation.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CAFE24 } from '../../src/sandbox/cafe24-api/defaults.ts';
import { hasChromium, type RecordedEvent, recordWidgetEvents, useSuite } from './browser.ts';

const LABEL = { kakao: '카카오 로그인', naver: '네이버 로그인' } as const;

describe.skipIf(!hasChromium)('logging in to a Cafe24 store through its Single Sign-On', () => {
  const suite = useSuite();
  let context: BrowserContext;
  let page: Page;
  let events: RecordedEvent[];
  let carriers: { url: string; topLevel: boolean }[];

  beforeEach(async () => {
    await context?.close();
    context = await suite.browser.newContext({ locale: 'ko-KR' });
    page = await context.newPage();
    carriers = [];
    // Every request that carries the backend's hand-off cookie, and whether it was top-level.
    page.on('request', async (request) => {
      const cookie = (await request.allHeaders()).cookie ?? '';
      if (cookie.includes('sl_sso='))
        carriers.push({
          url: request.url(),
          topLevel: request.isNavigationRequest() && request.frame() === page.mainFrame(),
        });
    });
    events = await recordWidgetEvents(page);
  });

  const storeUrl = () => suite.stack.demoUrl;
  /** The Admin API stand-in's customers of the store's mall: the store's members. */
  const customers = () => {
    if (!suite.stack.sandbox) throw new Error('the stack runs without the sandbox');
    return suite.stack.sandbox.cafe24Api.mall(SANDBOX_CAFE24.mallId).customers;
  };

  /** What the store's front SDK says about the current visitor. */
  const customerId = () =>
    page.evaluate(() => {
      type Id = { member_id: string | null; guest_id: string | null };
      type Api = { getCustomerIDInfo(cb: (err: unknown, res: { id: Id }) => void): void };
      const api = Reflect.get(window, 'CAFE24API') as Api;
      return new Promise<Id>((resolve, reject) =>
        api.getCustomerIDInfo((err, res) => (err ? reject(err) : resolve(res.id))),
      );
    });

  /** Store login page → provider button → consent (unless remembered) → back on the store. */
  async function logIn(provider: 'kakao' | 'naver', shopper?: string): Promise<void> {
    await page.goto(`${storeUrl()}/member/login.html?returnUrl=%2Fmyshop%2Findex.html`);
    await page.getByRole('button', { name: LABEL[provider] }).click();
    const agree = page.locator('[data-sandbox-action="agree"]');
    const returned = () => events.some((e) => /success|error/.test(e.type));
    await expect
      .poll(async () => returned() || (await agree.count().catch(() => 0)) > 0, { timeout: 15_000 })
      .toBe(true);
    if (returned()) return;
    if (shopper) await page.selectOption('#shopper', shopper);
    await agree.click();
  }

  const waitForMyshop = () =>
    page.waitForURL(`${storeUrl()}/myshop/index.html`, { timeout: 20_000 });

  for (const provider of ['kakao', 'naver'] as const) {
    it(`signs a ${provider} shopper in to the store as an @s member, the same member every time`, async () => {
      await logIn(provider);
      await waitForMyshop();
      const first = await customerId();
      expect(first.member_id).toMatch(/^[kn][a-z2-7]{15}@s$/);
      expect(first.member_id?.charAt(0)).toBe(provider.charAt(0));
      await expect.poll(() => page.locator('#store-member').textContent()).toBe(first.member_id);
      // One model of the mall: the store's member is the Admin API's customer.
      expect(customers().has(first.member_id ?? '')).toBe(true);
      const success = events.find((e) => e.type === 'sociallogin:success');
      expect(success?.detail).toMatchObject({ provider });
      // The hand-off ticket is not part of the public event.
      expect(success?.detail).not.toHaveProperty('ticket');
      // Works without third-party cookies: the backend's cookie only ever rides a top-level
      // navigation to /sso/authorize (first-party there), never a fetch from the store's page.
      expect(carriers.map((c) => new URL(c.url).pathname)).toEqual(['/sso/authorize']);
      expect(carriers.every((c) => c.topLevel)).toBe(true);

      // Log out at the store, then come back the same way: the same member, not a new one.
      await page.locator('#logout').click();
      await expect.poll(() => page.getByText('로그인이 필요합니다.').isVisible()).toBe(true);
      expect(new URL(page.url()).pathname).toBe('/myshop/index.html');
      expect((await customerId()).member_id).toBeNull();
      expect(await page.locator('.xans-layout-statelogon').count()).toBe(0);
      events.length = 0;
      await logIn(provider);
      await waitForMyshop();
      expect((await customerId()).member_id).toBe(first.member_id);
      expect(events.find((e) => e.type === 'sociallogin:success')?.detail?.member).toEqual({
        status: 'existing',
      });
    });
  }

  it("welcomes a new member with the stand-in mall's signup coupon and points, once", async () => {
    await logIn('kakao', 'seoyeon');
    await waitForMyshop();
    expect(events.find((e) => e.type === 'sociallogin:success')?.detail?.member).toEqual({
      status: 'new',
    });
    const { member_id: memberId } = await customerId();
    expect(customers().get(memberId ?? '')?.available_points).toBe(1000);

    // The widget's notice, in a shadow root of its own, announced politely.
    const notice = page.locator('[data-social-login-welcome]').getByRole('status');
    await expect.poll(() => notice.isVisible(), { timeout: 15_000 }).toBe(true);
    const text = await notice.textContent();
    expect(text).toContain('반가워요! 지금 쓸 수 있는 혜택이에요');
    expect(text).toContain('적립금 1,000');
    expect(text).toContain('쿠폰 1장: 신규 가입 감사 쿠폰');

    await notice.getByRole('button', { name: '닫기' }).click();
    expect(await page.locator('[data-social-login-welcome]').count()).toBe(0);

    // The next page (signed in, with the widget's tag) does not bring it back.
    await page.goto(`${storeUrl()}/index.html`);
    await expect.poll(() => page.locator('#store-member').textContent()).toBe(memberId);
    expect(await page.locator('.xans-layout-statelogon').count()).toBe(1);
    await expect
      .poll(() => page.evaluate(() => Boolean(Reflect.get(window, 'SocialLogin')?.version)))
      .toBe(true);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-social-login-welcome]').count()).toBe(0);
  });

  it('keeps a member who deleted their store account out, with a clear message', async () => {
    await logIn('kakao', 'junho');
    await waitForMyshop();
    const { member_id: memberId } = await customerId();
    expect(memberId).toMatch(/@s$/);
    expect(customers().has(memberId ?? '')).toBe(true);

    await page.locator('#withdraw').click();
    await page.waitForURL(`${storeUrl()}/index.html`);
    expect((await customerId()).member_id).toBeNull();
    // Gone from the mall too: the Admin API no longer has the customer.
    expect(customers().has(memberId ?? '')).toBe(false);

    events.length = 0;
    await logIn('kakao', 'junho');
    await expect
      .poll(() => events.find((e) => e.type === 'sociallogin:error'), { timeout: 15_000 })
      .toBeTruthy();
    expect(events.find((e) => e.type === 'sociallogin:error')?.detail).toMatchObject({
      provider: 'kakao',
      code: 'login_blocked',
      message: '탈퇴한 계정은 다시 가입할 수 없어요.',
    });
    // Shown in the widget (open shadow root), with a retry, on the store's login page.
    await expect
      .poll(() =>
        page
          .locator('[data-social-login-host]')
          .getByRole('alert')
          .getByText('탈퇴한 계정은 다시 가입할 수 없어요.')
          .isVisible(),
      )
      .toBe(true);
    expect(new URL(page.url()).pathname).toBe('/member/login.html');
    expect((await customerId()).member_id).toBeNull();
  });
});

describe.skipIf(!hasChromium)('an age-restricted Cafe24 store', () => {
  const suite = useSuite({ STORE_AGE_RESTRICTED: '1' });

  it('shows no social login buttons at all (Cafe24: no social login for age-restricted stores)', async () => {
    const page = await suite.browser.newPage({ locale: 'ko-KR' });
    const rules = page.waitForResponse((res) => res.url().endsWith('/api/store-rules'));
    await page.goto(`${suite.stack.demoUrl}/member/login.html`);
    expect(await (await rules).json()).toEqual({ socialLogin: false, reason: 'age_restricted' });
    await expect.poll(() => page.locator('[data-social-login-host]').count()).toBe(0);
    expect(await page.getByRole('button', { name: '카카오 로그인' }).count()).toBe(0);
    // The store's own ID/password form is untouched.
    expect(await page.locator('#member_id').isEditable()).toBe(true);
    await page.close();
  });
});
