/**
 * The welcome (issue 4 item 6): tell a shopper who logs in about their coupons and points.
 * How the backend knows who asks: `POST /api/exchange` — which just verified the shopper with Kakao
 * or Naver — gets a `welcome` pass added to its answer: `base64url(json).base64url(hmac)` over
 * `{sub: user id, provider, mall, origin, exp}`, HMAC-SHA256 with a key derived from
 * SESSION_SECRET, valid 30 minutes. The widget keeps it in sessionStorage and posts it to
 * `POST /api/welcome {pass, lang}` from the same store origin after the store session is complete. A pass
 * cannot be forged without SESSION_SECRET, names one member of one mall, and is refused from
 * another origin; the answer holds only that member's coupons and points.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  LANGS,
  type Lang,
  PROVIDERS,
  type Provider,
  type ShopperProfile,
  type WelcomeAnswer,
  type WelcomeNotice,
} from '../../contract';
import { ApiError } from '../errors';
import type { GrantStore } from '../storage/index';
import type { AdminClient } from './client';
import { findCustomer } from './customers';

export const PASS_TTL_MS = 30 * 60_000;

const Pass = z.object({
  sub: z.string().min(1),
  provider: z.enum(PROVIDERS),
  pid: z.string().min(1),
  mall: z.string().min(1),
  origin: z.string().min(1),
  exp: z.number().int(),
});
export type WelcomePass = z.infer<typeof Pass>;

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export function passSigner(sessionSecret: string) {
  const key = createHmac('sha256', sessionSecret).update('cafe24-welcome-pass/v1').digest();
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    sign(pass: WelcomePass): string {
      const payload = b64(JSON.stringify(pass));
      return `${payload}.${b64(mac(payload))}`;
    },
    verify(token: string, now: number): WelcomePass | undefined {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) return undefined;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      const parsed = Pass.safeParse(json);
      return parsed.success && parsed.data.exp > now ? parsed.data : undefined;
    },
  };
}
export type PassSigner = ReturnType<typeof passSigner>;

/**
 * The pass `/api/exchange` adds to its answer for a shopper on a store origin whose mall has the
 * app installed; undefined anywhere else.
 */
export function welcomeIssuer(options: {
  signer: PassSigner;
  mallForOrigin: (origin: string) => Promise<string | undefined>;
  now: () => number;
}) {
  return async (provider: Provider, user: ShopperProfile, origin: string | undefined) => {
    const mall = origin ? await options.mallForOrigin(origin) : undefined;
    if (!origin || !mall) return undefined;
    return options.signer.sign({
      sub: user.id,
      provider,
      pid: user.providerUserId,
      mall,
      origin,
      exp: options.now() + PASS_TTL_MS,
    });
  };
}

/** title | points | coupons (count) | close. Ours: Cafe24 publishes no such strings. */
const TEXT: Record<Lang, [string, string, string, string]> = {
  ko: ['반가워요! 지금 쓸 수 있는 혜택이에요', '적립금', '쿠폰 {n}장', '닫기'],
  en: ['Welcome! Benefits you can use now', 'Points', '{n} coupon(s)', 'Close'],
  ja: ['ようこそ！今使える特典です', 'ポイント', 'クーポン {n}枚', '閉じる'],
  'zh-CN': ['欢迎！您现在可用的优惠', '积分', '优惠券 {n} 张', '关闭'],
  'zh-TW': ['歡迎！您現在可用的優惠', '點數', '優惠券 {n} 張', '關閉'],
};

export function noticeFor(
  lang: string,
  points: number,
  coupons: { name: string }[],
): WelcomeNotice | null {
  if (points <= 0 && coupons.length === 0) return null;
  const l: Lang = LANGS.find((x) => x === lang) ?? 'ko';
  const [title, pointsLabel, couponsLabel, close] = TEXT[l];
  const lines = [`${pointsLabel} ${points.toLocaleString(l)}`];
  if (coupons.length > 0)
    lines.push(
      `${couponsLabel.replace('{n}', String(coupons.length))}: ${coupons.map((c) => c.name).join(', ')}`,
    );
  return { title, lines, close };
}

const Coupons = z.object({
  coupons: z.array(
    z.object({ coupon_name: z.string(), available_end_datetime: z.string().optional() }),
  ),
});

/** The reference's cap for GET /customers/{member_id}/coupons (customers-coupons.md: 1–100). */
export const COUPON_LIMIT = 100;

/**
 * The member's points — `available_points` of `GET /customers?member_id=` (customers.ts; not
 * `GET /points`, which is a dated ledger of changes) — and coupons, `GET /customers/{member_id}/
 * coupons` (scope mall.read_promotion; wrapper `{coupons: […]}` by Cafe24's list convention).
 * `seen`: told whether the member exists (a link confirmed as a store member, exchange check).
 */
export async function welcomeFor(
  client: AdminClient,
  mallId: string,
  memberId: string,
  lang = 'ko',
  seen: (found: boolean) => Promise<void> | void = () => {},
): Promise<WelcomeAnswer> {
  const member = encodeURIComponent(memberId);
  const [customer, coupons] = await Promise.all([
    findCustomer(client, mallId, memberId),
    client
      .get(mallId, `/customers/${member}/coupons`, { query: { limit: COUPON_LIMIT } })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'not_found') return { coupons: [] };
        throw error;
      }),
  ]);
  await seen(customer !== undefined);
  if (!customer) return { points: 0, coupons: [], notice: null };
  const c = Coupons.safeParse(coupons);
  if (!c.success)
    throw new ApiError('upstream_error', 'Cafe24 answered coupons in an unknown shape');
  const list = c.data.coupons.map((x) => ({
    name: x.coupon_name,
    ...(x.available_end_datetime ? { expiresAt: x.available_end_datetime } : {}),
  }));
  const points = customer.availablePoints;
  return { points, coupons: list, notice: noticeFor(lang, points, list) };
}

export function welcomeRoute(options: {
  signer: PassSigner;
  client: AdminClient;
  /** The Cafe24 member id of a verified shopper: `<SSO subject>@s`. */
  memberIdOf: (pass: WelcomePass) => string;
  /** Whether Cafe24 knows that member (confirms the shopper's link, see index.ts). */
  seen?: (pass: WelcomePass, found: boolean) => Promise<void> | void;
  /** Where used passes are remembered until they expire: each pass is traded once. */
  grants: GrantStore;
  now: () => number;
}): Hono {
  const app = new Hono();
  app.post('/api/welcome', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const token = body && typeof body === 'object' ? Reflect.get(body, 'pass') : undefined;
    if (typeof token !== 'string' || token.length > 2048)
      throw new ApiError('invalid_request', '"pass" must be the welcome pass from /api/exchange');
    const pass = options.signer.verify(token, options.now());
    if (!pass)
      throw new ApiError('invalid_request', '"pass" is not a valid, unexpired welcome pass');
    if (c.req.header('origin') !== pass.origin)
      throw new ApiError('origin_not_allowed', 'the welcome pass belongs to another store origin');
    // Single use: a pass read from a shopper's tab later opens nothing.
    if (!(await options.grants.spend('spent-welcome', token, pass.exp)))
      throw new ApiError('invalid_request', '"pass" was already used');
    const lang = body && typeof body === 'object' ? Reflect.get(body, 'lang') : undefined;
    try {
      return c.json(
        await welcomeFor(
          options.client,
          pass.mall,
          options.memberIdOf(pass),
          typeof lang === 'string' ? lang : 'ko',
          (found) => options.seen?.(pass, found),
        ),
      );
    } catch (error) {
      // Cafe24 did not answer: the shopper's next page may try again.
      await options.grants.release('spent-welcome', token).catch(() => {});
      throw error;
    }
  });
  return app;
}
