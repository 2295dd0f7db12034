/**
 * One mall's state in the Admin API stand-in: OAuth grants, the rate-limit bucket and the few
 * resources the app uses. Shapes follow developers.cafe24.com (Admin API reference: customers,
 * coupons, coupon issues, points, scripttags) and seed 003 (OAuth).
 */
import { randomBytes } from 'node:crypto';

export const CODE_TTL_MS = 60_000; // seed 003: "code는 발급 후 1분이 경과하면 만료됩니다"
export const ACCESS_TTL_MS = 2 * 60 * 60_000; // seed 003 sample: issued 17:15, expires 19:15
export const REFRESH_TTL_MS = 14 * 24 * 60 * 60_000; // seed 003: "refresh token은 2주간 유효"

export interface Customer {
  member_id: string;
  name: string;
  email?: string;
  cellphone?: string;
  /** Mileage the member can spend now. */
  available_points: number;
}

export interface Coupon {
  coupon_no: string;
  coupon_name: string;
  benefit_type: 'A' | 'B'; // A: amount off, B: percentage off (Cafe24 benefit_type codes)
  benefit_price?: string;
  benefit_percentage?: string;
  available_end_datetime: string;
}

export interface CouponIssue {
  coupon_no: string;
  issue_no: string;
  member_id: string;
  used_coupon: 'T' | 'F';
  issued_date: string;
}

export interface ScriptTag {
  shop_no: number;
  script_no: string;
  src: string;
  display_location: string[];
  exclude_path: string[];
  skin_no: number[];
  created_date: string;
}

export interface MallState {
  codes: Map<string, { redirectUri: string; scope: string[]; expiresAt: number; used: boolean }>;
  access: Map<string, { expiresAt: number }>;
  /** Only the newest refresh token is valid (seed 003: "마지막에 발급받은 refresh token 하나만 유효"). */
  refresh: { token: string; expiresAt: number; scope: string[] } | null;
  bucket: { level: number; at: number };
  customers: Map<string, Customer>;
  coupons: Coupon[];
  issues: CouponIssue[];
  scripttags: ScriptTag[];
  stats: { authorizationCodeGrants: number; refreshGrants: number; rejected429: number };
}

export const token = () => randomBytes(16).toString('base64url');

export function newMall(): MallState {
  return {
    codes: new Map(),
    access: new Map(),
    refresh: null,
    bucket: { level: 0, at: 0 },
    customers: new Map(),
    coupons: [],
    issues: [],
    scripttags: [],
    stats: { authorizationCodeGrants: 0, refreshGrants: 0, rejected429: 0 },
  };
}

/** Cafe24 dates: ISO 8601 with the +09:00 offset (Admin API reference, "Request/Response Format"). */
export function kstDate(ms: number): string {
  return `${new Date(ms + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;
}
