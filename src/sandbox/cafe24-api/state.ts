/**
 * One mall's state in the Admin API stand-in: OAuth grants, the rate-limit bucket and the few
 * resources the app uses. Shapes follow developers.cafe24.com (Admin API reference: customers,
 * coupons, coupon issues, points, scripttags) and the OAuth 2.0 guide
 * (developers.cafe24.com/docs-new/en/docs/guide/oauth2-authentication).
 */
import { randomBytes } from 'node:crypto';

// Lifetimes from Cafe24's OAuth 2.0 guide: a code 1 minute, an access token 2 hours, a refresh
// token 2 weeks.
export const CODE_TTL_MS = 60_000;
export const ACCESS_TTL_MS = 2 * 60 * 60_000;
export const REFRESH_TTL_MS = 14 * 24 * 60 * 60_000;

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
  /** Only the newest refresh token is valid (Cafe24's OAuth 2.0 guide: each refresh replaces it). */
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
