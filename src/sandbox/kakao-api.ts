import { type Context, Hono } from 'hono';
import type { SandboxContext, TokenGrant } from './context';
import { faultGate } from './faults';
import { bearerToken } from './http';
import { ageBucket, avatarUrl, kakaoPhone } from './shoppers';

/**
 * Kakao's API server (kapi.kakao.com): 사용자 정보 가져오기, GET or POST /v2/user/me with
 * `Authorization: Bearer` (https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api).
 */
export function kakaoApiRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.on(['GET', 'POST'], '/v2/user/me', faultGate(ctx.faults, 'kakao.me'), (c) =>
    withToken(c, ctx, (grant) => c.json(userMe(ctx, grant))),
  );
  // The OIDC userinfo endpoint the discovery document points at.
  app.on(['GET', 'POST'], '/v1/oidc/userinfo', (c) =>
    withToken(c, ctx, (grant) => {
      const { shopper } = grant;
      return c.json({
        sub: String(shopper.kakaoId),
        nickname: shopper.nickname,
        picture: avatarUrl(ctx.baseUrl, shopper),
        ...(shopper.email ? { email: shopper.email, email_verified: true } : {}),
      });
    }),
  );
  return app;
}

/**
 * A missing, unknown or expired token: 401 `{msg, code: -401}` — Kakao's common REST API error
 * format, code -401 for an invalid or expired token (the "REST API 에러 코드" page linked from
 * https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting). The message is the
 * one Kakao sends, as many public clients record it.
 */
function withToken(
  c: Context,
  ctx: SandboxContext,
  answer: (grant: TokenGrant) => Response,
): Response {
  const token = bearerToken(c);
  const found = token ? ctx.tokens.peek(token) : undefined;
  if (!found?.ok || found.value.provider !== 'kakao') {
    return c.json({ msg: 'this access token does not exist', code: -401 }, 401);
  }
  return answer(found.value);
}

function userMe(ctx: SandboxContext, grant: TokenGrant) {
  const { shopper } = grant;
  const image = avatarUrl(ctx.baseUrl, shopper);
  const phone = shopper.phone;
  const email = shopper.email;
  return {
    id: shopper.kakaoId,
    connected_at: new Date(grant.connectedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    properties: { nickname: shopper.nickname, profile_image: image, thumbnail_image: image },
    kakao_account: {
      profile_nickname_needs_agreement: false,
      profile_image_needs_agreement: false,
      profile: {
        nickname: shopper.nickname,
        thumbnail_image_url: image,
        profile_image_url: image,
        is_default_image: false,
        is_default_nickname: false,
      },
      name_needs_agreement: false,
      name: shopper.name,
      has_email: email !== undefined,
      email_needs_agreement: false,
      ...(email !== undefined ? { is_email_valid: true, is_email_verified: true, email } : {}),
      has_phone_number: phone !== undefined,
      phone_number_needs_agreement: false,
      ...(phone !== undefined ? { phone_number: kakaoPhone(phone) } : {}),
      has_age_range: true,
      age_range_needs_agreement: false,
      age_range: ageBucket(shopper.birthyear, ctx.now(), '~'),
      has_birthyear: true,
      birthyear_needs_agreement: false,
      birthyear: shopper.birthyear,
      has_birthday: true,
      birthday_needs_agreement: false,
      birthday: shopper.birthday.replace('-', ''),
      birthday_type: 'SOLAR',
      has_gender: shopper.gender !== 'U',
      gender_needs_agreement: false,
      ...(shopper.gender !== 'U' ? { gender: shopper.gender === 'F' ? 'female' : 'male' } : {}),
    },
  };
}
