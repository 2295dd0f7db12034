/**
 * What a merchant registers in the Kakao and Naver consoles for a store, derived from the store's
 * URLs. Pure: no I/O, so every line of the doctor's advice is tested.
 *
 * Sources (docs/providers.md has the links): Cafe24 Japan's NAVER login FAQ and Naver Developers'
 * application settings (one Service URL per environment, and login on a domain not registered as
 * Service URL may fail; a Callback URL for the PC domain, `www.`, the mobile `m.` domain and every
 * other domain the store answers on); Kakao Developers' Kakao Login settings (Web platform site
 * domains; at most 10 redirect URIs, each matched exactly).
 */
import type { Provider } from '../contract';

export const DEFAULT_REDIRECT_PATH = '/member/login.html';
/** Kakao Login › Redirect URI: "at most 10 per app" (reference sheet, Kakao Login). */
export const KAKAO_MAX_REDIRECT_URIS = 10;

export type SiteKind = 'pc' | 'www' | 'mobile' | 'other';

export interface Site {
  origin: string;
  kind: SiteKind;
}

export interface Problem {
  /** What is wrong, in one sentence. */
  problem: string;
  /** What to do about it. */
  fix: string;
}

export interface StoreInput {
  sites: Site[];
  /** The redirect path every domain uses (`data-redirect-path`). */
  redirectPath: string;
  problems: Problem[];
}

const isLocal = (host: string) =>
  host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');

/** A store's own hosts on Cafe24's shared domain have a mobile `m.` twin but no `www.`. */
const isCafe24Host = (host: string) => /\.cafe24(shop)?\.com$/.test(host);

/**
 * Two-level public suffixes common for Korean, Japanese, Chinese and Taiwanese stores: under them
 * the apex domain has three labels (`shop.co.kr`), elsewhere two (`example.com`).
 */
export const TWO_LEVEL_SUFFIXES = [
  'co.kr',
  'or.kr',
  'ne.kr',
  'co.jp',
  'ne.jp',
  'or.jp',
  'com.cn',
  'com.tw',
  'com.hk',
];

/** `example.com`, `shop.co.kr`: a registrable domain with no subdomain in front. */
export function isApex(host: string): boolean {
  const labels = host.split('.');
  const suffix = labels.slice(-2).join('.');
  return labels.length === (TWO_LEVEL_SUFFIXES.includes(suffix) ? 3 : 2);
}

const kindOf = (host: string): SiteKind =>
  host.startsWith('m.')
    ? 'mobile'
    : host.startsWith('www.')
      ? 'www'
      : isApex(host)
        ? 'pc'
        : 'other';

/**
 * The domains one given URL stands for. Only where a Cafe24 store's twins are certain: an apex
 * domain given bare answers on `www.` and `m.` too; a `www.` host on its apex and `m.`; Cafe24's
 * `<mall>.cafe24.com` on `m.<mall>.cafe24.com`. Any other host is taken as given.
 */
function twins(url: URL): Site[] {
  const host = url.hostname;
  const port = url.port ? `:${url.port}` : '';
  const site = (h: string): Site => ({ origin: `${url.protocol}//${h}${port}`, kind: kindOf(h) });
  if (isLocal(host)) return [{ origin: url.origin, kind: 'other' }];
  if (isCafe24Host(host)) {
    const mall = host.replace(/^m\./, '');
    return [{ ...site(mall), kind: 'pc' }, site(`m.${mall}`)];
  }
  const apex = host.startsWith('www.') && isApex(host.slice(4)) ? host.slice(4) : host;
  if (isApex(apex)) return [site(apex), site(`www.${apex}`), site(`m.${apex}`)];
  return [site(host)];
}

/**
 * Store URLs (any page of any domain; a path other than `/` names the redirect page) → every origin
 * to register and the redirect path. `redirectPath`, when given, is what the tag's
 * `data-redirect-path` says.
 */
export function readStores(urls: readonly string[], redirectPath?: string): StoreInput {
  const problems: Problem[] = [];
  const sites: Site[] = [];
  const paths = new Map<string, string[]>();
  if (redirectPath !== undefined) paths.set(redirectPath, ['--redirect-path']);
  for (const raw of urls) {
    const url = URL.canParse(raw) ? new URL(raw) : null;
    if (!url || !/^https?:$/.test(url.protocol)) {
      problems.push({
        problem: `"${raw}" is not a store URL.`,
        fix: 'Give each domain as a full URL, e.g. https://example.com or https://m.example.com/member/login.html.',
      });
      continue;
    }
    if (url.protocol === 'http:' && !isLocal(url.hostname)) {
      problems.push({
        problem: `${url.origin} is served over http.`,
        fix: `Use https://${url.host}: Kakao and Naver send the shopper's code to this address.`,
      });
    }
    if (url.pathname !== '/') paths.set(url.pathname, [...(paths.get(url.pathname) ?? []), raw]);
    for (const site of twins(url)) {
      if (!sites.some((s) => s.origin === site.origin)) sites.push(site);
    }
  }
  const distinct = [...paths.keys()];
  if (distinct.length > 1) {
    problems.push({
      problem: `The redirect path differs between domains: ${distinct.join(', ')}.`,
      fix: `Use one path everywhere (data-redirect-path="${distinct[0]}" on every skin) and register only that one.`,
    });
  }
  return { sites, redirectPath: distinct[0] ?? DEFAULT_REDIRECT_PATH, problems };
}

export interface NaverEnvironment {
  /** Naver takes one Service URL per environment: the first domain given. */
  serviceUrl: string;
  /** The environment's other domains, where Naver login may fail (docs/providers.md). */
  notServiceUrl: string[];
  callbackUrls: string[];
}

export interface Registration {
  kakao: { siteDomains: string[]; redirectUris: string[] };
  naver: { pc?: NaverEnvironment; mobile?: NaverEnvironment };
}

/** Exactly what goes in each console field. */
export function registration(input: StoreInput): Registration {
  const uri = (site: Site) => `${site.origin}${input.redirectPath}`;
  // Every domain's redirect page is a Callback URL of its environment (docs/providers.md).
  const pcSites = input.sites.filter((s) => s.kind !== 'mobile');
  const mobileSites = input.sites.filter((s) => s.kind === 'mobile');
  const environment = (sites: Site[]): NaverEnvironment | undefined =>
    sites[0] && {
      serviceUrl: sites[0].origin,
      notServiceUrl: sites.slice(1).map((s) => s.origin),
      callbackUrls: sites.map(uri),
    };
  return {
    kakao: { siteDomains: input.sites.map((s) => s.origin), redirectUris: input.sites.map(uri) },
    naver: { pc: environment(pcSites), mobile: environment(mobileSites) },
  };
}

/** Problems of the registration itself (console limits). */
export function registrationProblems(
  plan: Registration,
  providers: readonly Provider[],
): Problem[] {
  const count = plan.kakao.redirectUris.length;
  if (!providers.includes('kakao') || count <= KAKAO_MAX_REDIRECT_URIS) return [];
  return [
    {
      problem: `Kakao accepts at most ${KAKAO_MAX_REDIRECT_URIS} redirect URIs; this store needs ${count}.`,
      fix: 'Send the extra domains to one main domain (a 301 redirect in Cafe24 › Domain settings) and register only the domains shoppers stay on.',
    },
  ];
}
