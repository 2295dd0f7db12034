/**
 * Kakao Login over REST: token exchange and the user's profile.
 * Docs: https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api (token, /v2/user/me),
 * https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting (KOE codes),
 * https://developers.kakao.com/docs/latest/ko/kakaologin/js (JS SDK login guide); what the sandbox
 * reproduces of them: docs/providers.md.
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

export const KAKAO_TOKEN_PATH = '/oauth/token'; // on KAKAO_AUTH_URL (kauth.kakao.com)
export const KAKAO_JWKS_PATH = '/.well-known/jwks.json'; // on KAKAO_AUTH_URL
export const KAKAO_USER_ME_PATH = '/v2/user/me'; // on KAKAO_API_URL (kapi.kakao.com)

const TOKEN: CallLabel = { provider: 'Kakao', step: 'token' };
const PROFILE: CallLabel = { provider: 'Kakao', step: 'profile' };
const FORM_TYPE = 'application/x-www-form-urlencoded;charset=utf-8';

const optionalText = z.string().nullish().catch(undefined);
const optionalFlag = z.boolean().nullish().catch(undefined);

const TokenSchema = z.object({
  access_token: z.string().min(1),
  id_token: optionalText,
});

export const KakaoErrorSchema = z.object({
  error: optionalText,
  error_description: optionalText,
  error_code: optionalText,
});
export type KakaoError = z.infer<typeof KakaoErrorSchema>;

const ProfileSchema = z.object({
  // The member number: a JSON number (Long) that identifies the user within this app.
  id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
  properties: z
    .object({ nickname: optionalText, profile_image: optionalText })
    .nullish()
    .catch(undefined),
  kakao_account: z
    .object({
      name: optionalText,
      email: optionalText,
      is_email_valid: optionalFlag,
      is_email_verified: optionalFlag,
      phone_number: optionalText,
      profile: z
        .object({
          nickname: optionalText,
          profile_image_url: optionalText,
          is_default_image: optionalFlag,
        })
        .nullish()
        .catch(undefined),
    })
    .nullish()
    .catch(undefined),
});
type KakaoProfile = z.infer<typeof ProfileSchema>;

/** Where Kakao explains every KOE code, for codes without a hint of their own. */
const KAKAO_TROUBLESHOOTING =
  'https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting';

const CODE_NOT_USABLE_HINT =
  'Once in a while this is a shopper returning twice or late: nothing to do. On every login, register the login page URL exactly (origin + data-redirect-path) under Redirect URI in the Kakao console.';

/**
 * Kakao's token errors (trouble-shooting page) mapped to ours, each with Kakao's own code and a
 * one-line hint for the merchant. A merchant's misconfiguration is a 502 whose message says what
 * to fix; the code the shopper brought being unusable is invalid_grant.
 */
export function kakaoTokenError(body: KakaoError): ApiError {
  const code = safeToken(body.error_code);
  const error = safeToken(body.error);
  const tag = code ?? error ?? 'no error code';
  const providerCode = code ?? error;
  switch (code) {
    case 'KOE320': // authorization code not found: expired, used, or never issued
    case 'KOE303': // redirect_uri differs from the one the code was issued for
      return new ApiError(
        'invalid_grant',
        `Kakao rejected the authorization code (${code}): it expired, was already used or was issued for another redirect URI; log in again`,
        { providerCode, hint: CODE_NOT_USABLE_HINT },
      );
    case 'KOE010':
      return new ApiError(
        'upstream_error',
        'Kakao rejected the client secret (KOE010): set KAKAO_CLIENT_SECRET to the secret in the Kakao console ([Kakao Login] > [Security]), or turn the client secret off there',
        {
          providerCode,
          hint: 'Set KAKAO_CLIENT_SECRET to the client secret shown in the Kakao console under [Kakao Login] > [Security], or turn the client secret off there.',
        },
      );
    case 'KOE101':
      return new ApiError(
        'upstream_error',
        "Kakao does not know this app key (KOE101): KAKAO_REST_API_KEY must be the app's REST API key, not its JavaScript key",
        {
          providerCode,
          hint: 'Set KAKAO_REST_API_KEY to the REST API key from the Kakao console (App > App keys), not the JavaScript key.',
        },
      );
    case 'KOE006':
      return new ApiError(
        'upstream_error',
        "Kakao does not know this redirect URI (KOE006): register the store login page URL under the app's Redirect URIs in the Kakao console",
        {
          providerCode,
          hint: 'Register the store login page URL (every domain: PC, www., m.) under [Kakao Login] > Redirect URI in the Kakao console.',
        },
      );
  }
  switch (error) {
    case 'invalid_grant':
      return new ApiError(
        'invalid_grant',
        `Kakao rejected the authorization code (${tag}): it expired, was already used or was issued for another redirect URI; log in again`,
        { providerCode, hint: CODE_NOT_USABLE_HINT },
      );
    case 'invalid_client':
      return new ApiError(
        'upstream_error',
        `Kakao rejected the app credentials (${tag}): check KAKAO_REST_API_KEY and KAKAO_CLIENT_SECRET against the Kakao console`,
        {
          providerCode,
          hint: 'Check KAKAO_REST_API_KEY (App > App keys: the REST API key) and KAKAO_CLIENT_SECRET ([Kakao Login] > [Security]) against the Kakao console.',
        },
      );
    case 'access_denied':
      return new ApiError('access_denied', 'the shopper declined the Kakao login', {
        providerCode,
      });
    case 'consent_required':
      return new ApiError('consent_required', 'the shopper must consent on Kakao first', {
        providerCode,
      });
  }
  return new ApiError('upstream_error', `Kakao rejected the token request (${tag})`, {
    providerCode,
    hint: `Look ${tag} up on Kakao's trouble-shooting page: ${KAKAO_TROUBLESHOOTING}`,
  });
}

export function normaliseKakaoProfile(profile: KakaoProfile): ShopperProfile {
  const providerUserId = String(profile.id);
  const account = profile.kakao_account ?? undefined;
  const name =
    account?.name ?? account?.profile?.nickname ?? profile.properties?.nickname ?? undefined;
  // Kakao marks an address it has not confirmed, or one that bounces; neither may sign anyone in.
  const email =
    account?.email && account.is_email_valid === true && account.is_email_verified === true
      ? account.email
      : undefined;
  // Kakao's default silhouette is not the shopper's picture.
  const image =
    account?.profile?.is_default_image === true
      ? undefined
      : (account?.profile?.profile_image_url ?? profile.properties?.profile_image ?? undefined);
  const user: ShopperProfile = { id: `kakao:${providerUserId}`, providerUserId };
  if (name) user.name = name;
  if (email) user.email = email;
  if (account?.phone_number) user.phone = account.phone_number;
  if (image) user.image = image;
  return user;
}

export interface KakaoOptions {
  restApiKey: string;
  clientSecret?: string;
  authUrl: string;
  apiUrl: string;
}

export function kakaoProvider(options: KakaoOptions, upstream: Upstream): ProviderClient {
  return {
    name: 'kakao',

    async exchange(grant: AuthorizationGrant, deadline?: AbortSignal): Promise<ProviderTokens> {
      const answer = await requestJson(upstream, TOKEN, `${options.authUrl}${KAKAO_TOKEN_PATH}`, {
        method: 'POST',
        signal: deadline ?? null,
        headers: { 'content-type': FORM_TYPE },
        // client_id is the REST API key, never the JavaScript key the widget used (KOE101).
        body: form({
          grant_type: 'authorization_code',
          client_id: options.restApiKey,
          redirect_uri: grant.redirectUri,
          code: grant.code,
          client_secret: options.clientSecret,
          code_verifier: grant.codeVerifier,
        }),
      });
      if (answer.status !== 200)
        throw kakaoTokenError(parseUpstream(KakaoErrorSchema, answer.body, TOKEN));
      const tokens = parseUpstream(TokenSchema, answer.body, TOKEN);
      return tokens.id_token
        ? { accessToken: tokens.access_token, idToken: tokens.id_token }
        : { accessToken: tokens.access_token };
    },

    async profile(accessToken: string, deadline?: AbortSignal): Promise<ShopperProfile> {
      // secure_resource=true: image URLs over https, since store pages are https.
      const url = `${options.apiUrl}${KAKAO_USER_ME_PATH}?secure_resource=true`;
      const answer = await requestJson(upstream, PROFILE, url, {
        method: 'GET',
        signal: deadline ?? null,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': FORM_TYPE },
      });
      if (answer.status !== 200) {
        // e.g. 401 {msg:'this access token does not exist', code:-401}: a token Kakao just issued.
        const body = z
          .object({ code: z.number().catch(0) })
          .catch({ code: 0 })
          .parse(answer.body);
        throw new ApiError(
          'upstream_error',
          `Kakao refused the profile request (HTTP ${answer.status}, code ${body.code})`,
          {
            providerCode: String(body.code),
            hint: 'Kakao refused a token it had just issued: retry; if every login fails here, check the app is active in the Kakao console.',
          },
        );
      }
      return normaliseKakaoProfile(parseUpstream(ProfileSchema, answer.body, PROFILE));
    },
  };
}
