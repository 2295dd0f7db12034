/**
 * The stand-in's Admin API under /{mall_id}/api/v2/admin (developers.cafe24.com/docs/api/admin):
 * Bearer tokens from oauth.ts; errors as `{"error":{"code","message","more_info"}}`; a leaky-bucket
 * limit per mall — a bucket of 40 calls that drains 2 per second, reported on every answer as
 * `X-Api-Call-Limit: n/40`, 429 once full (developers.cafe24.com/docs/ko/api/admin/#api-limit, as
 * summarised at docs.ai.vingle.kr "카페24 RateLimit"); `limit` ≤ 500 and `offset` ≤ 10000 by
 * default (Admin API reference), tighter where the reference says so (noston/cafe24-api-spec:
 * customers-coupons.md limit ≤ 100; points.md limit ≤ 100, offset ≤ 8000, start_date and end_date
 * required), else 422 — missing required parameters are 422 per introduction.md's status table.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Cafe24ApiContext } from './context';
import { kstDate, type MallState, type ScriptTag } from './state';

type Env = { Variables: { mall: MallState } };

const apiError = (c: Context, status: 401 | 404 | 422 | 429, message: string) =>
  c.json({ error: { code: status, message, more_info: {} } }, status);

function bearer(ctx: Cafe24ApiContext): MiddlewareHandler<Env> {
  return async (c, next) => {
    const mall = ctx.mall(c.req.param('mall') ?? '');
    const auth = c.req.header('authorization') ?? '';
    const grant = auth.startsWith('Bearer ') ? mall.access.get(auth.slice(7)) : undefined;
    if (!grant || grant.expiresAt <= ctx.now())
      return apiError(c, 401, 'Invalid access_token or the access_token has expired.');
    c.set('mall', mall);
    return next();
  };
}

/** Leaky bucket: each call adds one; the bucket drains `drainPerSecond`; full → 429. */
function rateLimit(ctx: Cafe24ApiContext): MiddlewareHandler<Env> {
  return async (c, next) => {
    const { bucket, stats } = c.get('mall');
    const now = ctx.now();
    bucket.level = Math.max(0, bucket.level - ((now - bucket.at) / 1000) * ctx.drainPerSecond);
    bucket.at = now;
    if (bucket.level + 1 > ctx.bucketSize) {
      stats.rejected429 += 1;
      c.header('X-Api-Call-Limit', `${ctx.bucketSize}/${ctx.bucketSize}`);
      return apiError(c, 429, 'Too Many Requests: the API call limit for this mall was exceeded.');
    }
    bucket.level += 1;
    c.header('X-Api-Call-Limit', `${Math.ceil(bucket.level)}/${ctx.bucketSize}`);
    return next();
  };
}

/** `limit` (default 10, 1..maxLimit) and `offset` (0..maxOffset), as the reference caps them. */
function page(
  c: Context,
  maxLimit = 500,
  maxOffset = 10000,
): { limit: number; offset: number } | string {
  const limit = Number(c.req.query('limit') ?? '10');
  const offset = Number(c.req.query('offset') ?? '0');
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    return `limit must be between 1 and ${maxLimit}`;
  if (!Number.isInteger(offset) || offset < 0 || offset > maxOffset)
    return `offset must be between 0 and ${maxOffset}`;
  return { limit, offset };
}

export function adminRoutes(ctx: Cafe24ApiContext): Hono<Env> {
  const app = new Hono<Env>();
  app.use('/:mall/api/v2/admin/*', bearer(ctx), rateLimit(ctx));
  const base = '/:mall/api/v2/admin';

  app.get(`${base}/customers`, (c) => {
    const p = page(c);
    if (typeof p === 'string') return apiError(c, 422, p);
    // customers.md: "cellphone 또는 member_id 중 하나는 반드시 검색 조건으로 지정되어야 한다";
    // full values, comma-separated lists. An unknown member: an empty list (not documented).
    const ids = (c.req.query('member_id') ?? '').split(',').filter(Boolean);
    const phones = (c.req.query('cellphone') ?? '').split(',').filter(Boolean);
    if (ids.length === 0 && phones.length === 0)
      return apiError(c, 422, 'one of member_id or cellphone is required');
    const customers = [...c.get('mall').customers.values()]
      .filter((x) => ids.includes(x.member_id) || (x.cellphone && phones.includes(x.cellphone)))
      .slice(p.offset, p.offset + p.limit)
      .map((x) => ({
        shop_no: 1,
        member_id: x.member_id,
        name: x.name,
        email: x.email ?? '',
        cellphone: x.cellphone ?? '',
        total_points: x.available_points.toFixed(2),
        available_points: x.available_points.toFixed(2),
        used_points: '0.00',
        available_credits: '0.00',
      }));
    return c.json({ customers });
  });

  // "Customers coupons": the coupons a member holds and has not used.
  app.get(`${base}/customers/:member_id/coupons`, (c) => {
    const p = page(c, 100, 10000);
    if (typeof p === 'string') return apiError(c, 422, p);
    const mall = c.get('mall');
    const memberId = c.req.param('member_id');
    if (!mall.customers.has(memberId)) return apiError(c, 404, 'No member found.');
    const coupons = mall.issues
      .filter((i) => i.member_id === memberId && i.used_coupon === 'F')
      .flatMap((i) => {
        const coupon = mall.coupons.find((x) => x.coupon_no === i.coupon_no);
        return coupon
          ? [{ shop_no: 1, ...coupon, issue_no: i.issue_no, issued_date: i.issued_date }]
          : [];
      })
      .slice(p.offset, p.offset + p.limit);
    return c.json({ coupons });
  });

  app.get(`${base}/coupons`, (c) => {
    const p = page(c);
    if (typeof p === 'string') return apiError(c, 422, p);
    const coupons = c.get('mall').coupons.slice(p.offset, p.offset + p.limit);
    return c.json({ coupons: coupons.map((x) => ({ shop_no: 1, ...x })) });
  });

  app.get(`${base}/coupons/:coupon_no/issues`, (c) => {
    const p = page(c);
    if (typeof p === 'string') return apiError(c, 422, p);
    const memberId = c.req.query('member_id');
    const issues = c
      .get('mall')
      .issues.filter((i) => i.coupon_no === c.req.param('coupon_no'))
      .filter((i) => memberId === undefined || i.member_id === memberId)
      .slice(p.offset, p.offset + p.limit);
    return c.json({ issues: issues.map((i) => ({ shop_no: 1, ...i })) });
  });

  // Points (mileage) — a ledger of changes, not a balance (points.md): start_date and end_date
  // required; the stand-in holds one opening row per member, dated when the member was seeded.
  app.get(`${base}/points`, (c) => {
    const p = page(c, 100, 8000);
    if (typeof p === 'string') return apiError(c, 422, p);
    if (!c.req.query('start_date') || !c.req.query('end_date'))
      return apiError(c, 422, 'start_date and end_date are required');
    const memberId = c.req.query('member_id');
    const points = [...c.get('mall').customers.values()]
      .filter((x) => memberId === undefined || x.member_id === memberId)
      .slice(p.offset, p.offset + p.limit)
      .map((x) => ({
        shop_no: 1,
        case: 'A',
        member_id: x.member_id,
        email: x.email ?? '',
        available_points_increase: x.available_points.toFixed(2),
        available_points_decrease: '0.00',
        available_points_total: x.available_points.toFixed(2),
        unavailable_points: '0.00',
      }));
    return c.json({ points });
  });

  app.get(`${base}/scripttags`, (c) => c.json({ scripttags: c.get('mall').scripttags }));

  app.post(`${base}/scripttags`, async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const request = body && typeof body === 'object' ? Reflect.get(body, 'request') : undefined;
    const src = request && typeof request === 'object' ? Reflect.get(request, 'src') : undefined;
    const where =
      request && typeof request === 'object' ? Reflect.get(request, 'display_location') : undefined;
    if (typeof src !== 'string' || !URL.canParse(src))
      return apiError(c, 422, 'request.src must be a URL');
    const locations = Array.isArray(where) ? where.filter((x) => typeof x === 'string') : [];
    if (locations.length === 0) return apiError(c, 422, 'request.display_location is required');
    const mall = c.get('mall');
    const tag: ScriptTag = {
      shop_no: 1,
      script_no: String(1000 + mall.scripttags.length + 1),
      src,
      display_location: locations,
      exclude_path: [],
      skin_no: [],
      created_date: kstDate(ctx.now()),
    };
    mall.scripttags.push(tag);
    return c.json({ scripttag: tag }, 201);
  });

  app.delete(`${base}/scripttags/:script_no`, (c) => {
    const mall = c.get('mall');
    const before = mall.scripttags.length;
    mall.scripttags = mall.scripttags.filter((t) => t.script_no !== c.req.param('script_no'));
    if (mall.scripttags.length === before) return apiError(c, 404, 'No script tag found.');
    return c.json({ scripttag: { script_no: c.req.param('script_no') } });
  });

  return app;
}
