/**
 * Naver Login (네이버 로그인) over REST: token exchange and the user's profile. Not OIDC: no ID token.
 * Docs: https://developers.naver.com/docs/login/api/api.md (naver/naver-openapi-guide
 * ko/login/api/api.md), https://developers.naver.com/docs/login/profile/profile.md and
 * docs/providers.md. The token endpoint answers errors with HTTP 200 and an
 * `error` field, so any `error` field is a failure whatever the status.
 */
import { z } from 'zod';
import type { ShopperProfile } from '../../contract';
import { ApiError } from '../errors';
import {
  type CallLabel,
  form,
  parseUpstream,
  requestJson,
  safeToken,
  type Upstream,
} from '../http';
import type { AuthorizationGrant, ProviderClient, ProviderTokens } from './provider';

export const NAVER_TOKEN_PATH = '/oauth2.0/token'; // on NAVER_AUTH_URL (nid.naver.com)
export const NAVER_ME_PATH = '/v1/nid/me'; // on NAVER_API_URL (openapi.naver.com)

const TOKEN: CallLabel = { provider: 'Naver', step: 'token' };
const PROFILE: CallLabel = { provider: 'Naver', step: 'profile' };

const optionalText = z.string().nullish().catch(undefined);

export const NaverErrorSchema = z.object({ error: optionalText, error_description: optionalText });
export type NaverError = z.infer<typeof NaverErrorSchema>;

// expires_in arrives as a string ("3600"); it is not needed here, so it is not parsed.
const TokenSchema = z.object({ access_token: z.string().min(1) });

const ProfileSchema = z.object({
  resultcode: z.literal('00'),
  response: z.object({
    id: z.string().min(1),
    name: optionalText,
    nickname: optionalText,
    email: optionalText,
    mobile: optionalText,
    profile_image: optionalText,
  }),
});
type NaverProfile = z.infer<typeof ProfileSchema>;

/** Naver Login's API guide, which lists its token errors. */
const NAVER_API_GUIDE = 'https://developers.naver.com/docs/login/api/api.md';

/** Naver's token errors mapped to ours, each with Naver's own code and a hint for the merchant. */
export function naverTokenError(body: NaverError): ApiError {
  const providerCode = safeToken(body.error);
  const error = providerCode ?? 'no error code';
  switch (error) {
    // A used or expired code: {"error":"invalid_request","error_description":"no valid data in
    // session"} (reference sheet). Our own request is always well-formed, so the code is at fault.
    case 'invalid_request':
    case 'invalid_grant':
      return new ApiError(
        'invalid_grant',
        `Naver rejected the authorization code (${error}): it expired or was already used; log in again`,
        {
          providerCode,
          hint: "Once in a while this is a shopper returning twice or late: nothing to do. On every login, check the Callback URL in the Naver application matches the login page and that the widget's and backend's Client ID are the same.",
        },
      );
    case 'invalid_client':
    case 'unauthorized_client':
      return new ApiError(
        'upstream_error',
        `Naver rejected the app credentials (${error}): check NAVER_CLIENT_ID and NAVER_CLIENT_SECRET against the Naver Developers application`,
        {
          providerCode,
          hint: 'Set NAVER_CLIENT_ID and NAVER_CLIENT_SECRET to the Client ID and Client Secret of the application in Naver Developers (Application > My Applications).',
        },
      );
    case 'access_denied':
      return new ApiError('access_denied', 'the shopper declined the Naver login', {
        providerCode,
      });
  }
  return new ApiError('upstream_error', `Naver rejected the token request (${error})`, {
    providerCode,
    hint: `Look ${error} up in Naver Login's API guide: ${NAVER_API_GUIDE}`,
  });
}

export function normaliseNaverProfile(profile: NaverProfile): ShopperProfile {
  const r = profile.response;
  const user: ShopperProfile = { id: `naver:${r.id}`, providerUserId: r.id };
  const name = r.name ?? r.nickname;
  if (name) user.name = name;
  if (r.email) user.email = r.email;
  if (r.mobile) user.phone = r.mobile;
  if (r.profile_image) user.image = r.profile_image;
  return user;
}

export interface NaverOptions {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  apiUrl: string;
}

export function naverProvider(options: NaverOptions, upstream: Upstream): ProviderClient {
  return {
    name: 'naver',

    async exchange(grant: AuthorizationGrant, deadline?: AbortSignal): Promise<ProviderTokens> {
      const answer = await requestJson(upstream, TOKEN, `${options.authUrl}${NAVER_TOKEN_PATH}`, {
        method: 'POST',
        signal: deadline ?? null,
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: form({
          grant_type: 'authorization_code',
          client_id: options.clientId,
          client_secret: options.clientSecret,
          code: grant.code,
          state: grant.state,
        }),
      });
      const error = parseUpstream(NaverErrorSchema, answer.body, TOKEN);
      if (error.error || answer.status !== 200) throw naverTokenError(error);
      return { accessToken: parseUpstream(TokenSchema, answer.body, TOKEN).access_token };
    },

    async profile(accessToken: string, deadline?: AbortSignal): Promise<ShopperProfile> {
      const answer = await requestJson(upstream, PROFILE, `${options.apiUrl}${NAVER_ME_PATH}`, {
        method: 'GET',
        signal: deadline ?? null,
        headers: { authorization: `Bearer ${accessToken}` },
      });
      if (answer.status !== 200) {
        // e.g. 401 {resultcode:'024', message:'Authentication failed'}: a token Naver just issued.
        const body = z.object({ resultcode: optionalText }).catch({}).parse(answer.body);
        const code = safeToken(body.resultcode) ?? 'none';
        throw new ApiError(
          'upstream_error',
          `Naver refused the profile request (HTTP ${answer.status}, resultcode ${code})`,
          {
            providerCode: safeToken(body.resultcode),
            hint: 'Naver refused a token it had just issued: retry; if every login fails here, check the application in Naver Developers is not stopped and offers the profile API.',
          },
        );
      }
      return normaliseNaverProfile(parseUpstream(ProfileSchema, answer.body, PROFILE));
    },
  };
}
