import type { CryptoKey, JWK } from 'jose';
import type { Provider } from '../contract';
import type { ExpiringStore } from './codes';
import type { Faults } from './faults';
import type { SandboxShopper } from './shoppers';

/** The providers the sandbox stands in for: the product's own list. */
export type SandboxProvider = Provider;

export interface KakaoApp {
  appName: string;
  jsKey: string;
  restKey: string;
  /** Empty: the app has "client secret" switched off and the token endpoint does not ask for it. */
  clientSecret: string;
  /** Exact-match list; undefined accepts every http(s) URI. */
  redirectUris: readonly string[] | undefined;
  oidc: boolean;
}

export interface NaverApp {
  appName: string;
  clientId: string;
  clientSecret: string;
  callbackUrls: readonly string[] | undefined;
}

/** What an authorization code stands for, kept until the token endpoint redeems it. */
export interface CodeGrant {
  provider: SandboxProvider;
  redirectUri: string;
  state: string | undefined;
  nonce: string | undefined;
  /** Kakao consent items, space separated as the token response reports them. */
  scope: string;
  shopper: SandboxShopper;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  /** Seconds since epoch when the shopper authenticated (OIDC `auth_time`). */
  authTime: number;
}

export interface TokenGrant {
  provider: SandboxProvider;
  scope: string;
  shopper: SandboxShopper;
  /** When the shopper connected to the app (Kakao `connected_at`). */
  connectedAt: number;
}

/** An authorize request waiting on the consent page, kept server-side so it cannot be altered. */
export interface PendingAuthorization {
  provider: SandboxProvider;
  redirectUri: string;
  state: string | undefined;
  nonce: string | undefined;
  scope: string;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface SandboxContext {
  /** Public URL of the sandbox root, without a trailing slash. */
  baseUrl: string;
  /** Consent cookies live on the sandbox's path only, like a provider's cookies on its domain. */
  cookiePath: string;
  secureCookies: boolean;
  now: () => number;
  kakao: KakaoApp;
  naver: NaverApp;
  codes: ExpiringStore<CodeGrant>;
  tokens: ExpiringStore<TokenGrant>;
  pending: ExpiringStore<PendingAuthorization>;
  faults: Faults;
  signingKey: () => Promise<SigningKey>;
}

/** Kakao: an authorization code is valid for 10 minutes (REST API docs, 인가 코드 받기). */
export const CODE_TTL_SECONDS = 600;
