/** Where a shopper goes after a login started on the login page (issue 10: never the login form). */
import { describe, expect, it } from 'vitest';
import { afterLogin } from '../../src/widget/return-to';

const SHOP = 'https://shop.example';

describe('after a successful login', () => {
  it.each([
    // [the attempt's returnTo, document.referrer on the button's page, expected]
    ['a product page keeps its own page', `${SHOP}/product/1`, '', `${SHOP}/product/1`],
    [
      "Cafe24's returnUrl (already the returnTo) wins",
      `${SHOP}/order/basket.html`,
      `${SHOP}/product/1`,
      `${SHOP}/order/basket.html`,
    ],
    [
      'the login page sends the shopper back where they came from',
      `${SHOP}/member/login.html`,
      `${SHOP}/product/9?color=red`,
      `${SHOP}/product/9?color=red`,
    ],
    [
      'the login page with no referrer goes to the store home',
      `${SHOP}/member/login.html`,
      '',
      `${SHOP}/index.html`,
    ],
    [
      'a referrer on another site is not followed',
      `${SHOP}/member/login.html`,
      'https://search.example/?q=shop',
      `${SHOP}/index.html`,
    ],
    [
      'a referrer that is itself a login page is not followed',
      `${SHOP}/member/login.html?noMember=1`,
      `${SHOP}/member/login.html`,
      `${SHOP}/index.html`,
    ],
    [
      'a referrer cut to the origin (after a round trip to the provider) names no page: the home',
      `${SHOP}/member/login.html`,
      `${SHOP}/`,
      `${SHOP}/index.html`,
    ],
    [
      "the mobile skin's login page goes to the mobile home",
      `${SHOP}/m/member/login.html`,
      '',
      `${SHOP}/m/index.html`,
    ],
  ])('%s', (_, returnTo, referrer, expected) => {
    expect(afterLogin(returnTo, referrer, `${SHOP}/member/login.html`)).toBe(expected);
  });

  it('leaves a returnTo on another origin to the flow, which refuses it', () => {
    expect(afterLogin('https://evil.example/member/login.html', '', `${SHOP}/x`)).toBe(
      'https://evil.example/member/login.html',
    );
  });
});
