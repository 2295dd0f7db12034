/**
 * Which mall a request belongs to, and that mall's configuration (docs/malls.md). The mall
 * configured from the environment is the default mall (DEFAULT_MALL) and answers first for its
 * own origins and SSO client, without a database read, so a single-mall backend runs exactly as
 * before. Other malls come from the registry (registry.ts), read again every few seconds so that
 * every instance sees a mall the admin CLI added.
 */
import type { Config } from '../config';
import { sealer } from '../sealed';
import { type Database, DEFAULT_MALL } from '../storage/index';
import { createMallRegistry, type MallRegistry, type RegisteredMall } from './registry';

export interface Mall {
  id: string;
  /** Changes with the mall's settings: whatever was built for the mall is built again. */
  version: number;
  /** The backend's configuration as this mall sees it: its origins, keys and SSO client. */
  config: Config;
}

export interface Malls {
  registry: MallRegistry;
  /** The environment's mall. */
  default: Mall;
  byOrigin(origin: string): Promise<Mall | undefined>;
  /** The environment's mall when `origin` is one of its own: known without reading the registry. */
  defaultFor(origin: string): Mall | undefined;
  byClientId(clientId: string): Promise<Mall | undefined>;
  byId(id: string): Promise<Mall | undefined>;
  /** Ids of the registered malls (not the default one). */
  registeredIds(): Promise<ReadonlySet<string>>;
}

export interface MallsDeps {
  db: Database;
  now: () => number;
  warn: (message: string) => void;
  /** How long a read of the registry is reused. Default 5 s. */
  ttlMs?: number;
}

/** `config` with a registered mall's origins, keys and client in place of the environment's. */
export function configFor(config: Config, mall: RegisteredMall): Config {
  const { kakao, naver } = config.providerUrls;
  const { sso: _, kakaoJsKey: __, ...shared } = config;
  return {
    ...shared,
    allowedOrigins: mall.origins,
    providers: {
      kakao: mall.kakao && {
        restApiKey: mall.kakao.restApiKey,
        ...(mall.kakao.clientSecret ? { clientSecret: mall.kakao.clientSecret } : {}),
        ...kakao,
      },
      naver: mall.naver && { ...mall.naver, ...naver },
    },
    ...(mall.sso ? { sso: mall.sso } : {}),
    ...(mall.kakao?.jsKey ? { kakaoJsKey: mall.kakao.jsKey } : {}),
    storeRules: { ageRestricted: mall.ageRestricted ?? false },
  };
}

interface Snapshot {
  at: number;
  byId: Map<string, Mall>;
  byOrigin: Map<string, Mall>;
  byClientId: Map<string, Mall>;
}

/** The registry in `db`, its secrets sealed with a key derived from the config's SESSION_SECRET. */
export const mallRegistry = (config: Pick<Config, 'sessionSecret'>, db: Database): MallRegistry =>
  createMallRegistry(db, sealer(config.sessionSecret, 'malls/v1'));

export function createMalls(config: Config, deps: MallsDeps): Malls {
  const ttlMs = deps.ttlMs ?? 5_000;
  const registry = mallRegistry(config, deps.db);
  const envMall: Mall = { id: DEFAULT_MALL, version: 0, config };
  const envOrigins = new Set(config.allowedOrigins);
  const warned = new Set<string>();

  let snapshot: Snapshot | undefined;
  let loading: Promise<Snapshot> | undefined;

  const load = async (): Promise<Snapshot> => {
    const { malls, unreadable } = await registry.list();
    for (const id of unreadable) {
      if (warned.has(id)) continue;
      warned.add(id);
      deps.warn(
        `mall "${id}" cannot be read with this SESSION_SECRET (changed since it was registered?): register it again`,
      );
    }
    const next: Snapshot = {
      at: deps.now(),
      byId: new Map(),
      byOrigin: new Map(),
      byClientId: new Map(),
    };
    for (const registered of malls) {
      const mall = {
        id: registered.id,
        version: registered.updatedAt,
        config: configFor(config, registered),
      };
      next.byId.set(mall.id, mall);
      for (const origin of registered.origins) next.byOrigin.set(origin, mall);
      if (registered.sso) next.byClientId.set(registered.sso.clientId, mall);
    }
    return next;
  };

  /** The registry as read within the last `ttlMs`; the last good read while the database is away. */
  const current = async (): Promise<Snapshot> => {
    if (snapshot && deps.now() - snapshot.at < ttlMs) return snapshot;
    loading ??= load()
      .then((next) => {
        snapshot = next;
        return next;
      })
      .finally(() => {
        loading = undefined;
      });
    try {
      return await loading;
    } catch (error) {
      if (snapshot) return snapshot;
      throw error;
    }
  };

  return {
    registry: {
      ...registry,
      // A change made through this process is seen by its next request.
      put: async (mall) => {
        await registry.put(mall);
        snapshot = undefined;
      },
      remove: async (id) => {
        const removed = await registry.remove(id);
        snapshot = undefined;
        return removed;
      },
    },
    default: envMall,
    defaultFor: (origin) => (envOrigins.has(origin) ? envMall : undefined),
    async byOrigin(origin) {
      if (envOrigins.has(origin)) return envMall;
      return (await current()).byOrigin.get(origin);
    },
    async byClientId(clientId) {
      if (config.sso?.clientId === clientId) return envMall;
      return (await current()).byClientId.get(clientId);
    },
    async byId(id) {
      if (id === DEFAULT_MALL) return envMall;
      return (await current()).byId.get(id);
    },
    registeredIds: async () => new Set((await current()).byId.keys()),
  };
}
