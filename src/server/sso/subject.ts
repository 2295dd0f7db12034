/**
 * The stable id the store sees for a shopper: one per (provider, provider app, provider user).
 * Kakao's member number and Naver's id are already per app (Kakao REST API "user/me" `id`;
 * naver-openapi-guide login/profile `id`), and Cafe24 itself treats a changed App ID as a new
 * store ("Social login settings", serviceguide.cafe24.com/en_US/PM.SN.LI.html), so the app id is part of the key: a new App ID starts
 * a new namespace whose ids never collide with the old one.
 *
 * Shape: the provider's initial and 15 base32 characters of a SHA-256 (75 bits), 16 characters of
 * [a-z2-7], short and plain enough for a Cafe24 member id, which the store writes as `<id>@s`
 * (serviceguide.cafe24.com SH.OP.SS: SSO members are found by "@s", "@s1"…).
 */
import { createHash } from 'node:crypto';
import type { Provider } from '../../contract';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export function subjectOf(provider: Provider, appId: string, providerUserId: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(['social-login-widget/subject/v1', provider, appId, providerUserId]))
    .digest();
  return provider.charAt(0) + base32(digest, 15);
}
