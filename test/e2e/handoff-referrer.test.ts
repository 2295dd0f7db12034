/**
 * The Cafe24 hand-off under every referrer policy a store's skin may set, in real Chromium against
 * the built bundle: the whole journey (store login page → Naver → back → /sso/handoff → the store's
 * SSO → a store session as an `@s` member) on the demo's `/test/referrer/{meta|header}/{policy}`
 * page, whose policy comes from a `<meta name="referrer">` in its head or a `Referrer-Policy` header.
 *
 * Chromium posts the hand-off form with `Origin: null` under `no-referrer` and `same-origin` (the
 * backend is another origin); then the page confirms the hand-off through a CORS request, which
 * always names its Origin. Under the other policies the browser names the page and nothing more is
 * asked. (The demo is plain http on both sides, so the `strict-*` policies' downgrade case, also
 * `Origin: null`, takes the same path as `no-referrer`.)
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { REFERRER_POLICIES, type ReferrerPolicyName } from '../../demo/server.ts';
import { hasChromium, type RecordedEvent, recordWidgetEvents, useSuite } from './browser.ts';

/** Policies under which Chromium withholds the page's origin from a cross-origin form POST. */
const WITHHOLDS_ORIGIN: readonly ReferrerPolicyName[] = ['no-referrer', 'same-origin'];

describe.skipIf(!hasChromium)('the Cafe24 hand-off under every referrer policy', () => {
  const suite = useSuite();
  let context: BrowserContext | undefined;

  afterEach(async () => {
    await context?.close();
  });

  /** Every request of the journey that matters here, with its Origin header. */
  function watch(page: Page) {
    const seen: { path: string; origin: string | null }[] = [];
    page.on('request', async (request: Request) => {
      const path = new URL(request.url()).pathname;
      if (path === '/sso/handoff' || path === '/api/handoff/confirm')
        seen.push({ path, origin: await request.headerValue('origin') });
    });
    return seen;
  }

  /** The policy page → Naver → consent (unless remembered) → back on the store. */
  async function logIn(page: Page, events: RecordedEvent[], start: string) {
    const response = await page.goto(`${start}?returnUrl=%2Fmyshop%2Findex.html`);
    const meta = await page.evaluate(
      () => document.querySelector('meta[name="referrer"]')?.getAttribute('content') ?? null,
    );
    await page.getByRole('button', { name: '네이버 로그인' }).click();
    const agree = page.locator('[data-sandbox-action="agree"]');
    const returned = () => events.some((e) => /success|error/.test(e.type));
    await expect
      .poll(async () => returned() || (await agree.count().catch(() => 0)) > 0, { timeout: 15_000 })
      .toBe(true);
    if (!returned()) await agree.click();
    return { header: response?.headers()['referrer-policy'], meta };
  }

  for (const via of ['meta', 'header'] as const)
    for (const policy of REFERRER_POLICIES) {
      const withheld = WITHHOLDS_ORIGIN.includes(policy);
      it(`signs the shopper in to the store with "${policy}" set by ${via === 'meta' ? 'a <meta name="referrer">' : 'a Referrer-Policy header'}`, async () => {
        context = await suite.browser.newContext({ locale: 'ko-KR' });
        const page = await context.newPage();
        const events = await recordWidgetEvents(page);
        const seen = watch(page);
        const demo = suite.stack.demoUrl;
        const start = `${demo}/test/referrer/${via}/${policy}`;

        const carried = await logIn(page, events, start);
        // The page really carried the policy, the way the test says, and only that way.
        expect(carried).toEqual(
          via === 'header' ? { header: policy, meta: null } : { header: undefined, meta: policy },
        );
        await page.waitForURL(`${demo}/myshop/index.html`, { timeout: 20_000 });
        const member = page.locator('#store-member');
        await expect
          .poll(() => member.textContent(), { timeout: 10_000 })
          .toMatch(/^n[a-z2-7]{15}@s$/);
        expect(events.find((e) => e.type === 'sociallogin:success')?.detail).toMatchObject({
          provider: 'naver',
        });

        // What the backend saw: the browser named the page, or withheld it and the page confirmed.
        const handoff = seen.filter((s) => s.path === '/sso/handoff');
        expect(handoff).toEqual([{ path: '/sso/handoff', origin: withheld ? 'null' : demo }]);
        const confirms = seen.filter((s) => s.path === '/api/handoff/confirm');
        expect(confirms).toEqual(withheld ? [{ path: '/api/handoff/confirm', origin: demo }] : []);
        // The confirmation never stays in the address bar or the history.
        expect(page.url()).not.toContain('sl_handoff');
      });
    }
});
