import { html, raw } from 'hono/html';
import type { SandboxProvider } from './context';
import { SANDBOX_SHOPPERS, type SandboxShopper } from './shoppers';

/**
 * The sandbox's provider pages: real-looking enough that a person trying the demo recognises the
 * step, clearly labelled "Sandbox" so nobody mistakes it for Kakao or Naver. Every value from the
 * request goes through hono/html's escaping interpolation.
 */

const BRAND: Record<SandboxProvider, { name: string; color: string; ink: string }> = {
  kakao: { name: '카카오', color: '#FEE500', ink: '#191919' },
  naver: { name: '네이버', color: '#03C75A', ink: '#FFFFFF' },
};

const STYLE = `
  body { margin: 0; word-break: keep-all; overflow-wrap: anywhere; font: 15px/1.5 system-ui, -apple-system, 'Apple SD Gothic Neo', sans-serif; background: #f5f5f5; color: #191919; }
  main { max-width: 420px; margin: 32px auto; background: #fff; border-radius: 12px; padding: 24px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  .sandbox { display: inline-block; font-size: 12px; font-weight: 700; letter-spacing: .04em; padding: 2px 8px; border-radius: 4px; background: #ffe8e8; color: #c00; }
  h1 { font-size: 20px; margin: 12px 0 4px; }
  ul { padding-left: 20px; }
  label { display: block; font-weight: 600; margin-top: 16px; }
  select { width: 100%; padding: 8px; margin-top: 4px; font: inherit; }
  .actions { display: flex; flex-direction: row-reverse; gap: 8px; margin-top: 24px; }
  button { flex: 1; padding: 12px; border: 0; border-radius: 8px; font: inherit; font-weight: 600; cursor: pointer; }
  .cancel { background: #eee; color: #191919; }
  .error { color: #c00; font-family: ui-monospace, monospace; }
`;

function layout(provider: SandboxProvider, title: string, body: unknown) {
  const brand = BRAND[provider];
  // Only constants go into <style>: it is raw text, where HTML escaping would corrupt the CSS.
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Sandbox</title>
<style>${raw(`${STYLE} .agree { background: ${brand.color}; color: ${brand.ink}; }`)}</style>
</head>
<body>
<main>
<span class="sandbox">SANDBOX · 실제 ${brand.name} 아님</span>
${body}
</main>
</body>
</html>`;
}

export interface ConsentPageInput {
  provider: SandboxProvider;
  appName: string;
  requestId: string;
  /** Consent items shown to the shopper, already in Korean. */
  items: readonly string[];
  selected: SandboxShopper;
}

export function consentPage(input: ConsentPageInput) {
  const brand = BRAND[input.provider];
  const options = SANDBOX_SHOPPERS.map(
    (shopper) =>
      html`<option value="${shopper.key}"${shopper.key === input.selected.key ? html` selected` : ''}>${shopper.name} (${shopper.email ?? '이메일 없음'})</option>`,
  );
  const items = input.items.map((item) => html`<li>${item}</li>`);
  // The form posts to `…/authorize/decision` relative to the authorize URL, so the page works
  // wherever the sandbox is mounted. Agree comes first in the DOM so Enter means "agree".
  return layout(
    input.provider,
    `${brand.name} 로그인`,
    html`<h1>${brand.name} 로그인</h1>
<p><strong>${input.appName}</strong> 서비스에 아래 정보를 제공하는 데 동의하시겠어요?</p>
<form method="post" action="authorize/decision">
<input type="hidden" name="request_id" value="${input.requestId}">
<label for="shopper">로그인할 계정</label>
<select id="shopper" name="shopper">${options}</select>
<p>제공 항목</p>
<ul>${items}</ul>
<div class="actions">
<button type="submit" class="agree" name="action" value="agree" data-sandbox-action="agree">동의하고 계속하기</button>
<button type="submit" class="cancel" name="action" value="cancel" data-sandbox-action="cancel">취소</button>
</div>
</form>`,
  );
}

/**
 * Providers show request errors on their own page instead of redirecting (a redirect URI that
 * failed validation must never be used — RFC 6749 §4.1.2.1; Kakao's KOE codes appear there).
 */
export function errorPage(provider: SandboxProvider, code: string, message: string) {
  const brand = BRAND[provider];
  return layout(
    provider,
    `${brand.name} 로그인 오류`,
    html`<h1>${brand.name} 로그인 오류</h1>
<p>요청을 처리할 수 없습니다.</p>
<p class="error" data-sandbox-error="${code}">${code}: ${message}</p>`,
  );
}
