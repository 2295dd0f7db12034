/**
 * An offline stand-in of Cafe24's Admin API for one or more malls, mounted under
 * `/sandbox/cafe24-api/{mall_id}` (the CAFE24_API_URL template with SANDBOX=1): OAuth with 1-minute
 * single-use codes and rotating refresh tokens (oauth.ts), the leaky-bucket rate limit and the
 * resources the app reads (admin.ts). Tests seed members, coupons and points through the handle.
 */
import { createHmac } from 'node:crypto';
import { Hono } from 'hono';
import { adminRoutes } from './admin';
import type { Cafe24ApiContext } from './context';
import { SANDBOX_CAFE24 } from './defaults';
import { oauthRoutes } from './oauth';
import { type Coupon, type Customer, kstDate, type MallState, newMall, token } from './state';

export { SANDBOX_CAFE24 } from './defaults';
export type { Coupon, Customer, MallState } from './state';

export interface Cafe24ApiOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  now?: () => number;
  /** Default 40 (Cafe24's bucket). */
  bucketSize?: number;
  /** Default 2 calls a second (Cafe24's drain rate). */
  drainPerSecond?: number;
}

export interface Cafe24Api {
  app: Hono;
  /** A mall's live state (tests read stats and scripttags, or expire tokens). */
  mall(mallId: string): MallState;
  /**
   * Adds a member, and optionally coupons issued to them. A coupon the mall already has (same name)
   * is issued again rather than created twice, as one signup coupon is issued to every new member.
   */
  seedMember(mallId: string, member: Customer, coupons?: Omit<Coupon, 'coupon_no'>[]): void;
  /** A member who left the store: gone from customers, with the coupons issued to them. */
  removeMember(mallId: string, memberId: string): boolean;
  /** Marks every access token of the mall expired, as two hours later. */
  expireAccessTokens(mallId: string): void;
  /** The merchant deleted the app (or Cafe24 revoked it): every token of the mall is dead. */
  revokeTokens(mallId: string): void;
  /**
   * The app URL Cafe24 opens when a merchant runs the app: `appUrl?…&timestamp&hmac`, the hmac
   * being base64(HMAC-SHA256(client secret, the query string before `&hmac`)) over the URL-encoded
   * form — the Korean `user_name` travels as `%EB%8C%80…`, which is what the hash covers (a public
   * test vector with a Korean user_name matches only that form; new1cm.com "PHP 카페24 hmac"
   * hashes the encoded query too). Without `at`, each call is a new opening of the app, a second
   * after the last at the earliest: two openings never share a URL, as a merchant's two clicks in
   * the admin do not (the backend acts on a launch URL once).
   */
  launchUrl(appUrl: string, mallId: string, at?: number): string;
  reset(): void;
}

export function createCafe24Api(options: Cafe24ApiOptions = {}): Cafe24Api {
  const malls = new Map<string, MallState>();
  let lastLaunchAt = 0;
  const ctx: Cafe24ApiContext = {
    clientId: options.clientId ?? SANDBOX_CAFE24.clientId,
    clientSecret: options.clientSecret ?? SANDBOX_CAFE24.clientSecret,
    redirectUris: options.redirectUris,
    now: options.now ?? Date.now,
    bucketSize: options.bucketSize ?? 40,
    drainPerSecond: options.drainPerSecond ?? 2,
    mall(mallId) {
      const mall = malls.get(mallId) ?? newMall();
      malls.set(mallId, mall);
      return mall;
    },
  };
  const app = new Hono();
  app.route('/', oauthRoutes(ctx));
  app.route('/', adminRoutes(ctx));

  return {
    app,
    mall: ctx.mall,
    seedMember(mallId, member, coupons = []) {
      const mall = ctx.mall(mallId);
      mall.customers.set(member.member_id, member);
      for (const coupon of coupons) {
        let coupon_no = mall.coupons.find((x) => x.coupon_name === coupon.coupon_name)?.coupon_no;
        if (!coupon_no) {
          coupon_no = String(6000 + mall.coupons.length + 1);
          mall.coupons.push({ ...coupon, coupon_no });
        }
        mall.issues.push({
          coupon_no,
          issue_no: token(),
          member_id: member.member_id,
          used_coupon: 'F',
          issued_date: kstDate(ctx.now()),
        });
      }
    },
    removeMember(mallId, memberId) {
      const mall = ctx.mall(mallId);
      mall.issues = mall.issues.filter((issue) => issue.member_id !== memberId);
      return mall.customers.delete(memberId);
    },
    expireAccessTokens(mallId) {
      for (const grant of ctx.mall(mallId).access.values()) grant.expiresAt = 0;
    },
    revokeTokens(mallId) {
      const mall = ctx.mall(mallId);
      mall.access.clear();
      mall.refresh = null;
    },
    launchUrl(appUrl, mallId, given) {
      const at = given ?? Math.max(ctx.now(), lastLaunchAt + 1000);
      if (given === undefined) lastLaunchAt = at;
      const query = new URLSearchParams({
        is_multi_shop: 'F',
        lang: 'ko_KR',
        mall_id: mallId,
        shop_no: '1',
        timestamp: String(Math.floor(at / 1000)),
        user_id: mallId,
        user_name: '대표운영자',
        user_type: 'P',
      }).toString();
      const hmac = createHmac('sha256', ctx.clientSecret).update(query).digest('base64');
      return `${appUrl}?${query}&hmac=${encodeURIComponent(hmac)}`;
    },
    reset: () => malls.clear(),
  };
}
