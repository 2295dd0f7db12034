/**
 * The Cafe24 app, assembled from config: token store (own migrations in the shared database),
 * rotation-safe tokens, the paced Admin API client, the install/launch routes and the welcome.
 * createApp mounts what this returns; nothing here is public beyond that. The routes under
 * /cafe24 serve every installed mall; the welcome and the member check are made per mall
 * (`forMall`), with that mall's provider app ids, links and grants (docs/malls.md).
 */
import type { Hono } from 'hono';
import type { Config } from '../config';
import type { Fetch } from '../http';
import { type AppIds, subjectFor } from '../members';
import { type Database, DEFAULT_MALL, type GrantStore, type MemberTable } from '../storage/index';
import { createAdminClient } from './client';
import { maintenance } from './maintenance';
import { deletedMemberCheck, type MemberCheck } from './member-check';
import { CAFE24_SCOPES, tokenClient } from './oauth';
import { cafe24Routes } from './routes';
import { installScriptTag } from './scripttags';
import { tokenSealer } from './sealed';
import { createTokenStore } from './token-store';
import { createTokens, type TokenHooks } from './tokens';
import { passSigner, type WelcomePass, welcomeIssuer, welcomeRoute } from './welcome';

/** One mall as the app sees it: its id, its provider app ids, its links and grants. */
export interface Cafe24Mall {
  /** DEFAULT_MALL for the environment's mall; else the registered mall, named by its Cafe24 id. */
  id: string;
  appIds: AppIds;
  /** Member links, for the deleted-member check and link confirmation. */
  members: MemberTable;
  /** One-time grants: spent welcome passes. */
  grants: GrantStore;
}

/** What the script tag's loader passes to the widget for one Cafe24 mall (public values). */
export interface LoaderSettings {
  kakaoJsKey?: string;
  naverClientId?: string;
}

export interface Cafe24Deps {
  db: Database;
  fetch: Fetch;
  now: () => number;
  hooks?: TokenHooks;
  /** Admin API pacing: Cafe24's drain rate (tests shrink the stand-in's bucket). */
  drainPerSecond?: number;
  /** One-time grants of the shared routes (launch URLs already acted on). */
  grants: GrantStore;
  /** The malls registered in the database (their ids are their Cafe24 mall ids). */
  registeredMalls?: () => Promise<ReadonlySet<string>>;
  /** A registered mall's public keys for its script tag; undefined: the environment's. */
  loaderSettings?: (mallId: string) => Promise<LoaderSettings | undefined>;
  warn: (message: string) => void;
  /** Given by startServer: starts the maintenance job and takes its stop function. */
  background?: (start: () => () => void) => void;
  /** The widget's current versioned path on this backend (`/social-login.<hash>.js`). */
  widgetPath?: () => Promise<string>;
}

export interface Cafe24Module {
  /** /cafe24/launch, /cafe24/callback, /cafe24/widget.js: every installed mall. */
  routes: Hono;
  /** POST /api/welcome and the hooks /api/exchange is lent, for one mall. */
  forMall(mall: Cafe24Mall): Cafe24ForMall;
}

export interface Cafe24ForMall {
  welcome: Hono;
  /** The welcome pass /api/exchange adds to its answer (welcome.ts). */
  issueWelcome: ReturnType<typeof welcomeIssuer>;
  /** The deleted-member check for /api/exchange (member-check.ts). */
  checkMember: MemberCheck;
}

/** The stable subject of the shopper a welcome pass names. */
const subjectOfPass = (appIds: AppIds, pass: WelcomePass) =>
  subjectFor(appIds, { id: pass.sub, providerUserId: pass.pid });

export function createCafe24(config: Config, deps: Cafe24Deps): Cafe24Module | undefined {
  const { clientId, clientSecret } = config.cafe24;
  if (!clientId || !clientSecret) return undefined;
  const store = createTokenStore(deps.db, tokenSealer(config.sessionSecret));
  const app = {
    clientId,
    clientSecret,
    apiUrl: config.cafe24.apiUrl,
    redirectUri: `${config.publicUrl}/cafe24/callback`,
    scopes: CAFE24_SCOPES,
  };
  const upstream = { fetch: deps.fetch, timeoutMs: config.upstreamTimeoutMs };
  const oauth = tokenClient(app, upstream, deps.now);
  const tokens = createTokens({
    store,
    client: oauth,
    timeoutMs: config.upstreamTimeoutMs,
    now: deps.now,
    warn: deps.warn,
    ...(deps.hooks ? { hooks: deps.hooks } : {}),
  });
  const client = createAdminClient({
    tokens,
    apiUrl: app.apiUrl,
    ...upstream,
    now: deps.now,
    ...(deps.drainPerSecond ? { drainPerSecond: deps.drainPerSecond } : {}),
  });
  const signer = passSigner(config.sessionSecret);

  /**
   * The Cafe24 mall a store page of `mall` belongs to. A registered mall is its own Cafe24 mall,
   * once installed. The environment's mall: the only installed mall no registered one claims, or
   * `{mall}.cafe24.com` by name.
   */
  const mallForOrigin =
    (mall: string) =>
    async (origin: string): Promise<string | undefined> => {
      const installed = await store.installedMalls();
      if (mall !== DEFAULT_MALL) return installed.includes(mall) ? mall : undefined;
      const registered = (await deps.registeredMalls?.()) ?? new Set<string>();
      const malls = installed.filter((m) => !registered.has(m));
      if (malls.length === 1) return malls[0];
      const host = URL.canParse(origin) ? new URL(origin).hostname : '';
      return malls.find((m) => host === `${m}.cafe24.com` || host === `m.${m}.cafe24.com`);
    };

  const ensureScriptTag = async (mallId: string) => {
    const src = `${config.publicUrl}/cafe24/widget.js?mall_id=${mallId}`;
    const tag = await installScriptTag(client, mallId, src);
    await store.setScriptTag(mallId, tag.scriptNo);
    return tag;
  };
  const job = maintenance({ store, tokens, ensureScriptTag, now: deps.now, warn: deps.warn });
  deps.background?.(job.start);

  return {
    routes: cafe24Routes({
      app,
      store,
      tokenClient: oauth,
      ensureScriptTag,
      // The immutable, content-hashed URL: the loader itself is short-lived, so an upgrade
      // reaches every store within its cache time.
      widgetUrl: async () =>
        config.widgetUrl ??
        `${config.publicUrl}${(await deps.widgetPath?.()) ?? '/social-login.js'}`,
      widgetSettings: async (mallId) => {
        const own = await deps.loaderSettings?.(mallId);
        return {
          backend: config.publicUrl,
          'kakao-js-key': own ? own.kakaoJsKey : config.kakaoJsKey,
          'naver-client-id': own ? own.naverClientId : config.providers.naver?.clientId,
        };
      },
      grants: deps.grants,
      now: deps.now,
    }),
    forMall: (mall) => ({
      welcome: welcomeRoute({
        signer,
        client,
        // Cafe24 writes SSO members as `<subject>@s` (serviceguide.cafe24.com SH.OP.SS).
        memberIdOf: (pass) => {
          const subject = subjectOfPass(mall.appIds, pass);
          return subject ? `${subject}@s` : '';
        },
        seen: async (pass, found) => {
          const subject = subjectOfPass(mall.appIds, pass);
          if (found && subject) await mall.members.confirm(subject);
        },
        grants: mall.grants,
        now: deps.now,
      }),
      issueWelcome: welcomeIssuer({ signer, mallForOrigin: mallForOrigin(mall.id), now: deps.now }),
      checkMember: deletedMemberCheck({
        members: mall.members,
        client,
        appIds: mall.appIds,
        mallForOrigin: mallForOrigin(mall.id),
        warn: deps.warn,
      }),
    }),
  };
}
