/**
 * The backend as a Hono app: `createApp(config, deps?)` is its whole public surface (with
 * loadConfig in config.ts). Everything it talks to from outside (fetch, the member store, the clock,
 * the logger) comes in through `deps`, so tests run it in-process with stubs or against the sandbox.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Provider } from '../contract';
import { type Cafe24Deps, type Cafe24Module, createCafe24 } from './cafe24/index';
import type { Config } from './config';
import { secretsOf } from './config';
import { notFound, onError } from './errors';
import { type Fetch, observedFetch, type Upstream } from './http';
import { createIdTokenVerifier } from './id-token';
import { createLogger, type Logger, requestLog } from './logger';
import { mallOfOrigin, mallOfRequest } from './malls/dispatch';
import { createMalls, type Mall } from './malls/index';
import { type AppIds, createLinkedMemberStore, type MemberStore } from './members';
import { createMetrics, type Metrics, upstreamObserver } from './metrics';
import { limitBody, requireJson } from './middleware/body';
import { type CorsOptions, corsForAllowedOrigins, corsOrigin } from './middleware/cors';
import { requireAllowedOrigin } from './middleware/origin';
import {
  asMiddleware,
  clientBehind,
  type RateLimitOptions,
  rateCheck,
} from './middleware/rate-limit';
import { type NodeRoutes, nodeRoutes } from './node-routes';
import { kakaoProvider } from './providers/kakao';
import { naverProvider } from './providers/naver';
import type { ProviderClient } from './providers/provider';
import { exchangeEndpoint, exchangeRoute, type MallExchange } from './routes/exchange';
import { healthRoute } from './routes/health';
import { metricsRoute } from './routes/metrics';
import { widgetFile, widgetFileRoute } from './routes/widget-file';
import { storeRulesRoute } from './rules';
import { confirmHandler } from './sso/handoff';
import { ssoRoutes } from './sso/routes';
import { ticketIssuer } from './sso/tickets';
import { DEFAULT_MALL, openSqliteStorage, type Storage } from './storage/index';
import { type BucketStore, memoryBuckets, sqlBuckets } from './storage/rate';

export interface AppDeps {
  /** Upstream calls to Kakao and Naver (and Kakao's JWKS). Default: the global fetch. */
  fetch?: Fetch;
  memberStore?: MemberStore;
  /** Grants, links, tombstones. startServer opens DATABASE_URL; without it, an in-memory database. */
  storage?: Storage;
  /** The Cafe24 app's test hooks, pacing and background job (see cafe24/index.ts). */
  cafe24?: Pick<Cafe24Deps, 'hooks' | 'drainPerSecond' | 'background'>;
  /**
   * The built widget served at GET /social-login.js and /social-login.<hash>.js (its .br and .gz
   * beside it). Default: dist/social-login.js.
   */
  widgetFile?: string;
  /** Milliseconds since the epoch: ID token expiry and rate limiting. */
  now?: () => number;
  logger?: Logger;
  /** This instance's counters, served at GET /metrics with METRICS_TOKEN. Default: new ones. */
  metrics?: Metrics;
  /**
   * Per client IP on /api/exchange (and, separately, /api/welcome and /sso/*); `false` turns it
   * off. The buckets are shared through PostgreSQL when storage is there, else in memory.
   */
  rateLimit?: Omit<RateLimitOptions, 'now'> | false;
  /** How long a read of the registered malls is reused (docs/malls.md). Default 5 s. */
  mallsTtlMs?: number;
  /** The whole exchange's deadline (routes/exchange.ts EXCHANGE_DEADLINE_MS); tests shorten it. */
  exchangeDeadlineMs?: number;
}

/** 20 logins a minute, 10 at once, per IP: a shopper retries a few times; a script does not get far. */
export const EXCHANGE_RATE_LIMIT = { perMinute: 20, burst: 10 } as const;
export const EXCHANGE_MAX_BODY_BYTES = 8 * 1024;
/**
 * /sso/token and /sso/userinfo are called by the store's servers (Cafe24's addresses, shared by
 * all of a store's shoppers), so their bucket is wider; it still stops guessing codes or secrets.
 */
export const SSO_SERVER_RATE_LIMIT = { perMinute: 600, burst: 100 } as const;

export function createApp(config: Config, deps: AppDeps = {}): Hono {
  return createBackend(config, deps).app;
}

export interface Backend {
  app: Hono;
  /**
   * The app's two busiest routes for a Node server, answered before its adapter (node-routes.ts):
   * the same endpoints, checks, log lines and metrics as through `app`.
   */
  nodeRoutes: NodeRoutes;
}

/** createApp, and what startServer answers on Node without the adapter. */
export function createBackend(config: Config, deps: AppDeps = {}): Backend {
  const metrics = deps.metrics ?? createMetrics();
  const fetch = observedFetch(deps.fetch ?? globalThis.fetch, upstreamObserver(metrics));
  const now = deps.now ?? Date.now;
  const logger =
    deps.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const storage = deps.storage ?? openSqliteStorage(':memory:', { now });
  const malls = createMalls(config, {
    db: storage.sql,
    now,
    warn: (message) => logger.warn(message),
    ...(deps.mallsTtlMs !== undefined ? { ttlMs: deps.mallsTtlMs } : {}),
  });

  // Several instances behind a load balancer must count one client once: buckets in PostgreSQL.
  // One set for every mall: a client gains nothing by spreading its requests over stores.
  const buckets = storage.sql.dialect === 'postgres' ? sqlBuckets(storage.sql) : memoryBuckets();
  const widget = widgetFile(deps.widgetFile);
  // The Cafe24 app (install, launch, script tag) and the welcome pass added to exchange answers.
  const cafe24 = createCafe24(config, {
    db: storage.sql,
    fetch,
    now,
    grants: storage.grants,
    warn: (message) => logger.warn(message),
    widgetPath: widget.path,
    registeredMalls: () => malls.registeredIds(),
    loaderSettings: async (mallId) => {
      const mall = mallId === DEFAULT_MALL ? undefined : await malls.byId(mallId);
      return (
        mall && {
          kakaoJsKey: mall.config.kakaoJsKey,
          naverClientId: mall.config.providers.naver?.clientId,
        }
      );
    },
    ...deps.cafe24,
  });
  const shared: Shared = { deps, logger, fetch, now, storage, buckets, cafe24 };

  const cors: CorsOptions = {
    allowedOrigins: config.allowedOrigins,
    allows: async (origin) => (await malls.byOrigin(origin)) !== undefined,
  };

  // What belongs to one mall (its origins, keys, SSO client, grants, members) is served by that
  // mall's own routes and exchange, made on first use and again when its settings change.
  const built = new Map<string, { version: number; routes: MallRoutes }>();
  const routesOf = (mall: Mall): MallRoutes => {
    const cached = built.get(mall.id);
    if (cached?.version === mall.version) return cached.routes;
    const routes = mallRoutes(mall, shared);
    built.set(mall.id, { version: mall.version, routes });
    return routes;
  };

  const exchange = exchangeEndpoint({
    mallOf: (origin) => {
      const mall = mallOfOrigin(malls, origin);
      return mall instanceof Promise
        ? mall.then((found) => routesOf(found).exchange)
        : routesOf(mall).exchange;
    },
    corsOrigin: corsOrigin(cors),
    logger,
  });
  const app = new Hono();
  app.use(requestLog(logger, metrics));
  // Before the CORS middleware: the exchange answers with its CORS headers itself.
  app.post('/api/exchange', exchangeRoute(exchange));
  app.use('/api/*', corsForAllowedOrigins(cors));
  app.route('/', healthRoute());
  app.route('/', metricsRoute({ token: config.metricsToken, metrics }));
  app.route('/', widgetFileRoute(widget));
  if (cafe24) app.route('/cafe24', cafe24.routes);

  const byMall = async (c: Context) => {
    const mall = await mallOfRequest(c, malls, storage);
    return routesOf(mall).app.fetch(c.req.raw, c.env);
  };
  app.all('/api/*', byMall);
  app.all('/sso/*', byMall);

  app.onError(onError(logger));
  app.notFound(notFound);
  return { app, nodeRoutes: nodeRoutes({ exchange, logger, metrics }) };
}

interface Shared {
  deps: AppDeps;
  logger: Logger;
  fetch: Fetch;
  now: () => number;
  storage: Storage;
  buckets: BucketStore;
  cafe24: Cafe24Module | undefined;
}

interface MallRoutes {
  /** /api/* but the exchange, and /sso/*. */
  app: Hono;
  exchange: MallExchange;
}

/** One mall's /api/* and /sso/* routes and exchange, over its own keys, grants and members. */
function mallRoutes(mall: Mall, shared: Shared): MallRoutes {
  const { config } = mall;
  const { deps, fetch, now, buckets } = shared;
  const upstream: Upstream = { fetch, timeoutMs: config.upstreamTimeoutMs };
  const { kakao, naver } = config.providers;

  const providers: Partial<Record<Provider, ProviderClient>> = {};
  if (kakao) providers.kakao = kakaoProvider(kakao, upstream);
  if (naver) providers.naver = naverProvider(naver, upstream);
  const verifyIdToken = kakao
    ? createIdTokenVerifier({
        issuer: kakao.authUrl,
        audience: kakao.restApiKey,
        fetch,
        timeoutMs: config.upstreamTimeoutMs,
        now,
      })
    : undefined;

  const own = mall.id === DEFAULT_MALL ? shared.storage : shared.storage.mall(mall.id);
  const storage: Storage = { ...shared.storage, grants: own.grants, members: own.members };
  const appIds: AppIds = { kakao: kakao?.restApiKey, naver: naver?.clientId };

  const app = new Hono();
  // Each route its own limiter: a shopper's welcome must not use up their logins.
  const rate = (name: string, rule: { perMinute: number; burst: number } = EXCHANGE_RATE_LIMIT) =>
    deps.rateLimit === false
      ? undefined
      : rateCheck({
          ...rule,
          key: clientBehind(config.trustProxy),
          store: buckets,
          ...deps.rateLimit,
          name,
          now,
        });
  const limiter = (name: string, rule?: { perMinute: number; burst: number }) => {
    const check = rate(name, rule);
    return check ? [asMiddleware(check)] : [];
  };
  // Who is asking first: a page that may not call us cannot drain a shopper's bucket. Then the
  // rate, then what they sent.
  const guards = (name: string): MiddlewareHandler[] => [
    requireAllowedOrigin({ allowedOrigins: config.allowedOrigins }),
    ...limiter(name),
    limitBody({ maxBytes: EXCHANGE_MAX_BODY_BYTES }),
    requireJson(),
  ];
  const cafe24 = shared.cafe24?.forMall({
    id: mall.id,
    appIds,
    members: storage.members,
    grants: storage.grants,
  });
  if (cafe24) {
    for (const guard of guards('welcome')) app.post('/api/welcome', guard);
    app.route('/', cafe24.welcome);
  }
  const exchange: MallExchange = {
    guards: {
      allowedOrigins: new Set(config.allowedOrigins),
      rate: rate('exchange'),
      maxBodyBytes: EXCHANGE_MAX_BODY_BYTES,
    },
    options: {
      providers,
      verifyIdToken,
      memberStore: deps.memberStore ?? createLinkedMemberStore(storage.members, appIds),
      allowedOrigins: config.allowedOrigins,
      storeRules: config.storeRules,
      ...(deps.exchangeDeadlineMs ? { deadlineMs: deps.exchangeDeadlineMs } : {}),
      ...(config.sso ? { issueTicket: ticketIssuer(storage.grants, appIds, now) } : {}),
      ...(cafe24 ? { checkMember: cafe24.checkMember, issueWelcome: cafe24.issueWelcome } : {}),
    },
  };
  app.route('/', storeRulesRoute(config.storeRules));
  if (config.sso) {
    for (const guard of guards('handoff-confirm')) app.post('/api/handoff/confirm', guard);
    app.post('/api/handoff/confirm', confirmHandler(storage.grants));
    app.route(
      '/sso',
      ssoRoutes({
        clients: [config.sso],
        issuer: config.publicUrl,
        storage,
        allowedOrigins: config.allowedOrigins,
        secureCookies: config.publicUrl.startsWith('https:'),
        limits: {
          browser: limiter('sso-browser'),
          server: limiter('sso-server', SSO_SERVER_RATE_LIMIT),
        },
        now,
      }),
    );
  }
  app.onError(onError(shared.logger));
  app.notFound(notFound);
  return { app, exchange };
}
