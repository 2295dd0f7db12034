import { Hono } from 'hono';
import type { SandboxContext } from './context';
import { faultGate } from './faults';
import { bearerToken } from './http';
import { ageBucket, avatarUrl, e164Phone } from './shoppers';

/**
 * Naver's profile API (openapi.naver.com): 회원 프로필 조회, GET /v1/nid/me with
 * `Authorization: Bearer` (naver/naver-openapi-guide ko/login/profile_api.md).
 */
export function naverApiRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.get('/v1/nid/me', faultGate(ctx.faults, 'naver.me'), (c) => {
    const token = bearerToken(c);
    const found = token ? ctx.tokens.peek(token) : undefined;
    if (!found?.ok || found.value.provider !== 'naver') {
      // resultcode 024 "Authentication failed" (naver-openapi-guide errorcode.md); the message
      // text is Naver's own, as public clients record it.
      return c.json(
        { resultcode: '024', message: 'Authentication failed (인증 실패하였습니다.)' },
        401,
      );
    }
    const { shopper } = found.value;
    const phone = shopper.phone;
    return c.json({
      resultcode: '00',
      message: 'success',
      response: {
        id: shopper.naverId,
        nickname: shopper.nickname,
        name: shopper.name,
        ...(shopper.email !== undefined ? { email: shopper.email } : {}),
        gender: shopper.gender,
        age: ageBucket(shopper.birthyear, ctx.now(), '-'),
        birthday: shopper.birthday,
        profile_image: avatarUrl(ctx.baseUrl, shopper),
        birthyear: shopper.birthyear,
        ...(phone !== undefined ? { mobile: phone, mobile_e164: e164Phone(phone) } : {}),
      },
    });
  });
  return app;
}
