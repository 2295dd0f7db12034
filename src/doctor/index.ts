/**
 * `npm run doctor -- <store URL> [<store URL>…] [--redirect-path /member/login.html]
 * [--providers kakao,naver]`: the whole doctor over arguments and an environment, returning the
 * lines to print and the exit code (1 when there is any problem). scripts/doctor.ts runs it.
 */

import { PROVIDERS, type Provider } from '../contract';
import { ConfigError, loadConfig } from '../server/config';
import { allowedOriginsFix, checkConfig, originsProblem, rawAllowedOrigins } from './check';
import { type Problem, readStores, registration, registrationProblems } from './plan';
import { formatReport, type TagSettings } from './report';

export const USAGE =
  'Usage: npm run doctor -- <store URL> [<store URL>…] [--redirect-path /member/login.html] [--providers kakao,naver]';

interface Args {
  urls: string[];
  redirectPath?: string;
  providers: Provider[];
  problems: Problem[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { urls: [], providers: [...PROVIDERS], problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s) : [arg];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--redirect-path') {
      const path = value();
      if (path.startsWith('/')) args.redirectPath = path;
      else
        args.problems.push({
          problem: `--redirect-path "${path}" is not a path.`,
          fix: 'Give the path of the login page, e.g. --redirect-path /member/login.html.',
        });
    } else if (flag === '--providers') {
      const names = value().split(',');
      const known = PROVIDERS.filter((p) => names.includes(p));
      if (known.length) args.providers = known;
      else
        args.problems.push({
          problem: `--providers "${names.join(',')}" names no provider.`,
          fix: 'Use --providers kakao, --providers naver or --providers kakao,naver.',
        });
    } else args.urls.push(arg);
  }
  return args;
}

export interface DoctorResult {
  lines: string[];
  exitCode: 0 | 1;
}

export function runDoctor(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DoctorResult {
  const args = parseArgs(argv);
  if (args.urls.length === 0) return { lines: [USAGE], exitCode: 1 };
  const stores = readStores(args.urls, args.redirectPath);
  const plan = registration(stores);
  const problems = [
    ...args.problems,
    ...stores.problems,
    ...registrationProblems(plan, args.providers),
  ];
  // Placeholders where the configuration does not say (or does not load).
  const backend = env.PUBLIC_URL ?? 'https://YOUR-BACKEND';
  const tag: TagSettings = {
    src: env.WIDGET_URL ?? `${backend}/social-login.js`,
    backend,
    kakaoJsKey: env.KAKAO_JS_KEY ?? 'YOUR_KAKAO_JAVASCRIPT_KEY',
    naverClientId: env.NAVER_CLIENT_ID ?? 'YOUR_NAVER_CLIENT_ID',
  };
  // The production server refuses SANDBOX=1; said here in the doctor's words, then the rest checked.
  const { SANDBOX: sandbox, ...production } = env;
  if (sandbox !== undefined && /^(1|true)$/i.test(sandbox.trim()))
    problems.push({
      problem: 'SANDBOX=1: the backend talks to the offline stand-ins, not Kakao and Naver.',
      fix: 'Unset SANDBOX (or SANDBOX=0) on the production backend.',
    });
  try {
    const config = loadConfig(production);
    tag.backend = config.publicUrl;
    tag.src = config.widgetUrl ?? `${config.publicUrl}/social-login.js`;
    problems.push(...checkConfig({ config, sites: stores.sites, providers: args.providers }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The rest of the configuration is unknown, but the store origins are not: the exact
    // ALLOWED_ORIGINS still comes from the store URLs and what the variable says now.
    const allowed = rawAllowedOrigins(env.ALLOWED_ORIGINS);
    let originsNamed = false;
    for (const { variable, message } of error.problems) {
      const origins = variable === 'ALLOWED_ORIGINS';
      originsNamed ||= origins;
      problems.push({
        problem: `The backend would not start: ${variable} ${message}.`,
        fix: origins
          ? allowedOriginsFix(allowed, stores.sites)
          : `Set ${variable} in the backend's environment (docs/backend.md › Environment).`,
      });
    }
    const origins = originsNamed ? null : originsProblem(allowed, stores.sites);
    if (origins) problems.push(origins);
  }
  const lines = formatReport({
    stores: args.urls,
    redirectPath: stores.redirectPath,
    plan,
    providers: args.providers,
    tag,
    problems,
  });
  return { lines, exitCode: problems.length ? 1 : 0 };
}
