/** The doctor's printout: what to register, then each problem with its fix. Pure: lines in, lines out. */
import type { Provider } from '../contract';
import { DEFAULT_REDIRECT_PATH, type Problem, type Registration } from './plan';

/** What the tag the merchant pastes carries, from the backend's configuration. */
export interface TagSettings {
  /** Where the widget file is served: the backend's own `/social-login.js` unless WIDGET_URL. */
  src: string;
  backend: string;
  kakaoJsKey: string;
  naverClientId: string;
}

export interface Report {
  stores: readonly string[];
  redirectPath: string;
  plan: Registration;
  /** The providers the store shows: only their consoles are printed. */
  providers: readonly Provider[];
  tag: TagSettings;
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

/** The production tag: the widget from the backend (or WIDGET_URL), with this store's settings. */
function tagSection(tag: TagSettings, providers: readonly Provider[], redirectPath: string) {
  const attributes = [
    `data-backend="${tag.backend}"`,
    ...(providers.includes('kakao') ? [`data-kakao-js-key="${tag.kakaoJsKey}"`] : []),
    ...(providers.includes('naver') ? [`data-naver-client-id="${tag.naverClientId}"`] : []),
    ...(redirectPath === DEFAULT_REDIRECT_PATH ? [] : [`data-redirect-path="${redirectPath}"`]),
  ];
  return [
    '',
    'Script tag (skin › login and signup pages: the container where the buttons go, the tag before </body>)',
    '  <div data-social-login></div>',
    `  <script async src="${tag.src}"`,
    ...attributes.map(
      (attribute, i) => `    ${attribute}${i === attributes.length - 1 ? '></script>' : ''}`,
    ),
  ];
}

export function formatReport({
  stores,
  redirectPath,
  plan,
  providers,
  tag,
  problems,
}: Report): string[] {
  const lines = [
    `Setup doctor for ${stores.join(', ')}`,
    `Redirect path: ${redirectPath} (data-redirect-path)`,
    ...(providers.includes('kakao') ? kakaoSection(plan) : []),
    ...(providers.includes('naver') ? naverSection(plan) : []),
    ...tagSection(tag, providers, redirectPath),
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
