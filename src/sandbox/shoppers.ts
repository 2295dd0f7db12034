/**
 * The people who can log in to the sandbox. Each preset has a stable id per provider so that a
 * test (or a person trying the demo twice) is recognised as the same member the second time, as
 * with the real providers: a Kakao member number is a number (Kakao REST API, /v2/user/me `id`:
 * Long), a Naver id is an opaque per-app string (naver-openapi-guide login/profile API `id`).
 */
export interface SandboxShopper {
  /** Preset key, used in the consent page's picker and in the consent cookie. */
  key: string;
  kakaoId: number;
  naverId: string;
  /** Real name (Kakao `kakao_account.name`, Naver `name`). */
  name: string;
  nickname: string;
  /** Absent: the shopper has no e-mail to share (Kakao `has_email: false`). */
  email?: string;
  /** Korean national format, `010-1234-5678`, as Naver's `mobile` sends it. */
  phone?: string;
  gender: 'F' | 'M' | 'U';
  birthyear: string;
  /** `MM-DD`. */
  birthday: string;
}

/** The first preset: who logs in when nobody picks. */
export const DEFAULT_SHOPPER: SandboxShopper = {
  key: 'minji',
  kakaoId: 4000000001,
  naverId: 'KeLeWq3sMinjiSandbox9p0vX2mJ1aB7cD8eF9gH0iJ',
  name: '김민지',
  nickname: '민지',
  email: 'minji.kim@sandbox.example',
  phone: '010-1234-5678',
  gender: 'F',
  birthyear: '1995',
  birthday: '03-15',
};

export const SANDBOX_SHOPPERS: readonly SandboxShopper[] = [
  DEFAULT_SHOPPER,
  {
    key: 'junho',
    kakaoId: 4000000002,
    naverId: 'KeLeWq3sJunhoSandbox4t7yU1iO2pA3sD4fG5hJ6kL',
    name: '이준호',
    nickname: '준호',
    email: 'junho.lee@sandbox.example',
    phone: '010-2345-6789',
    gender: 'M',
    birthyear: '1988',
    birthday: '11-02',
  },
  {
    // Under 19: lets a test exercise an age-restricted store's refusal.
    key: 'seoyeon',
    kakaoId: 4000000003,
    naverId: 'KeLeWq3sSeoyeonSandbox8z1xC2vB3nM4qW5eR6tY',
    name: '박서연',
    nickname: '서연',
    email: 'seoyeon.park@sandbox.example',
    phone: '010-3456-7890',
    gender: 'F',
    birthyear: '2011',
    birthday: '07-21',
  },
  {
    // Shares neither e-mail nor phone: the backend must cope with a profile that lacks them.
    key: 'dohyun',
    kakaoId: 4000000004,
    naverId: 'KeLeWq3sDohyunSandbox2k3j4h5g6f7d8s9a0pOiU',
    name: '정도현',
    nickname: '도현',
    gender: 'U',
    birthyear: '1979',
    birthday: '12-31',
  },
];

export function findShopper(key: string | undefined): SandboxShopper | undefined {
  return SANDBOX_SHOPPERS.find((shopper) => shopper.key === key);
}

/** `login_hint` pre-fills the account on Kakao's login page; here it preselects a preset. */
export function shopperForHint(hint: string | undefined): SandboxShopper | undefined {
  if (hint === undefined) return undefined;
  return SANDBOX_SHOPPERS.find((shopper) => shopper.key === hint || shopper.email === hint);
}

/** A preset (by `key`, else the default) with the caller's fields laid over it. */
export function scriptShopper(overrides: Partial<SandboxShopper> = {}): SandboxShopper {
  const base = findShopper(overrides.key) ?? DEFAULT_SHOPPER;
  return { ...base, ...overrides };
}

/** Kakao writes phone numbers in E.164 with spaces: `+82 10-1234-5678` (REST API, user info). */
export function kakaoPhone(phone: string): string {
  return `+82 ${phone.replace(/^0/, '')}`;
}

/** `+821012345678`, Naver's `mobile_e164`. */
export function e164Phone(phone: string): string {
  return `+82${phone.replace(/^0/, '').replace(/-/g, '')}`;
}

/** Decade bucket from the birth year: Naver `age` is `20-29`, Kakao `age_range` is `20~29`. */
export function ageBucket(birthyear: string, nowMs: number, separator: '-' | '~'): string {
  const age = new Date(nowMs).getUTCFullYear() - Number(birthyear);
  const low = Math.max(0, Math.floor(age / 10) * 10);
  return `${low}${separator}${low + 9}`;
}

/** Served by the sandbox itself so the demo never reaches a CDN. */
export function avatarUrl(baseUrl: string, shopper: SandboxShopper): string {
  return `${baseUrl}/avatars/${encodeURIComponent(shopper.key)}.svg`;
}
