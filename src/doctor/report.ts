/** The doctor's printout: what to register, then each problem with its fix. Pure: lines in, lines out. */
import type { Provider } from '../contract';
import type { Problem, Registration } from './plan';

export interface Report {
  stores: readonly string[];
  redirectPath: string;
  plan: Registration;
  /** The providers the store shows: only their consoles are printed. */
  providers: readonly Provider[];
  problems: readonly Problem[];
}

const list = (items: readonly string[]) => items.map((item) => `      ${item}`);

function kakaoSection(plan: Registration): string[] {
  return [
    '',
    'Kakao Developers (developers.kakao.com › My Application)',
    '  App › Platform › Web › Site domain:',
    ...list(plan.kakao.siteDomains),
    '  Kakao Login: ON',
    '  Kakao Login › Redirect URI:',
    ...list(plan.kakao.redirectUris),
    '  OpenID Connect: ON (recommended)',
  ];
}

function naverSection(plan: Registration): string[] {
  const lines = [
    '',
    'Naver Developers (developers.naver.com › Application › API settings › Naver Login)',
  ];
  for (const [name, env] of [
    ['PC web', plan.naver.pc],
    ['Mobile web', plan.naver.mobile],
  ] as const) {
    if (!env) continue;
    lines.push(`  ${name} › Service URL: ${env.serviceUrl}`);
    if (env.notServiceUrl.length) {
      // Seed 001: "サービスURLに登録されていないドメインでNAVER IDログインを使用する場合、エラーが生じることがあります".
      lines.push(
        `    Warning: one Service URL per environment; Naver login may fail on ${env.notServiceUrl.join(', ')}: redirect them to ${env.serviceUrl}, or register a separate Naver application for them.`,
      );
    }
    lines.push(`  ${name} › Callback URL:`, ...list(env.callbackUrls));
  }
  return lines;
}

export function formatReport({
  stores,
  redirectPath,
  plan,
  providers,
  problems,
}: Report): string[] {
  const lines = [
    `Setup doctor for ${stores.join(', ')}`,
    `Redirect path: ${redirectPath} (data-redirect-path)`,
    ...(providers.includes('kakao') ? kakaoSection(plan) : []),
    ...(providers.includes('naver') ? naverSection(plan) : []),
    '',
  ];
  if (problems.length === 0) {
    lines.push('No problems found.');
    return lines;
  }
  lines.push(`${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  problems.forEach(({ problem, fix }, i) => {
    lines.push(`  ${i + 1}. ${problem}`, `     Fix: ${fix}`);
  });
  return lines;
}
