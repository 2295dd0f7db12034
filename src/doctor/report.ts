/** The doctor's printout: what to register, then each problem with its fix. Pure: lines in, lines out. */
import type { Problem, Registration } from './plan';

export interface Report {
  stores: readonly string[];
  redirectPath: string;
  plan: Registration;
  /** The backend: 'not checked' when the doctor could not read its configuration. */
  problems: readonly Problem[];
}

const list = (items: readonly string[]) => items.map((item) => `      ${item}`);

export function formatReport({ stores, redirectPath, plan, problems }: Report): string[] {
  const lines = [
    `Setup doctor for ${stores.join(', ')}`,
    `Redirect path: ${redirectPath} (data-redirect-path)`,
    '',
    'Kakao Developers (developers.kakao.com › My Application)',
    '  App › Platform › Web › Site domain:',
    ...list(plan.kakao.siteDomains),
    '  Kakao Login › Redirect URI:',
    ...list(plan.kakao.redirectUris),
    '',
    'Naver Developers (developers.naver.com › Application › API settings › Naver Login)',
  ];
  for (const [name, env] of [
    ['PC web', plan.naver.pc],
    ['Mobile web', plan.naver.mobile],
  ] as const) {
    if (!env) continue;
    lines.push(`  ${name} › Service URL: ${env.serviceUrl}`);
    lines.push(`  ${name} › Callback URL:`, ...list(env.callbackUrls));
  }
  lines.push('');
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
