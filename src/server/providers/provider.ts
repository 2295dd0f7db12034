/** What the exchange route needs from a provider: code → tokens, access token → profile. */
import type { Provider, ShopperProfile } from '../../contract';

export interface AuthorizationGrant {
  code: string;
  /** The redirect URI the code was issued for (Kakao compares it; Naver ignores it). */
  redirectUri: string;
  /** Naver's token endpoint takes the state back; Kakao ignores it. */
  state: string;
  /** RFC 7636 PKCE verifier, when the authorize request carried a challenge. */
  codeVerifier?: string;
}

export interface ProviderTokens {
  accessToken: string;
  /** Kakao's OIDC ID token, when OpenID Connect is enabled for the app. */
  idToken?: string;
}

export interface ProviderClient {
  readonly name: Provider;
  /** `deadline`: the whole exchange's (deadline.ts); the call is aborted when it passes. */
  exchange(grant: AuthorizationGrant, deadline?: AbortSignal): Promise<ProviderTokens>;
  profile(accessToken: string, deadline?: AbortSignal): Promise<ShopperProfile>;
}
