/**
 * The malls registered in the database, beside the one configured from the environment
 * (docs/malls.md): for each, its store origins, its Kakao and Naver keys and its Single Sign-On
 * client. Keys and secrets are sealed at rest (../sealed.ts, a key of their own derived from
 * SESSION_SECRET); only what requests are routed by stays in the clear: the origins (one mall
 * each) and the SSO client id (one mall each). Written by the admin CLI (cli.ts), read by every
 * instance (index.ts).
 */
import { z } from 'zod';
import { normaliseOrigin } from '../config';
import type { Sealer } from '../sealed';
import { type Database, DEFAULT_MALL, type Migration, type Sql } from '../storage/index';
import { str } from '../storage/sql';

export const MALL_MIGRATIONS: readonly Migration[] = [
  {
    id: 'malls-001-registry',
    sql: `CREATE TABLE malls (
      mall_id TEXT PRIMARY KEY,
      sso_client_id TEXT UNIQUE,
      settings TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE mall_origins (
      origin TEXT PRIMARY KEY,
      mall_id TEXT NOT NULL
    );`,
    postgres: `CREATE TABLE malls (
      mall_id TEXT PRIMARY KEY,
      sso_client_id TEXT UNIQUE,
      settings TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE TABLE mall_origins (
      origin TEXT PRIMARY KEY,
      mall_id TEXT NOT NULL
    );`,
  },
];

/** A Cafe24 mall id (`{mall_id}.cafe24.com`), the shape the Cafe24 app's launch accepts too. */
export const MALL_ID = /^[a-z0-9][a-z0-9_-]{1,39}$/;
const MIN_SECRET_BYTES = 32;
const key = z.string().trim().min(1).max(256);
const isLocal = (url: URL) => ['localhost', '127.0.0.1'].includes(url.hostname);

const origin = z.string().transform((value, ctx) => {
  const normal = normaliseOrigin(value.trim());
  if (!normal)
    ctx.addIssue(`must be an origin like https://myshop.cafe24.com (no path or trailing slash)`);
  return normal ?? '';
});

const redirectUri = z.string().refine((value) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  return (
    !!url && !url.hash && (url.protocol === 'https:' || (isLocal(url) && url.protocol === 'http:'))
  );
}, 'must be an https URL without a fragment (http only on localhost)');

/** One mall as the admin CLI takes it (JSON), and as it is sealed in the database. */
export const MallSettings = z.object({
  id: z
    .string()
    .regex(MALL_ID, 'must be the Cafe24 mall id (lowercase letters, digits, - and _)')
    .refine((id) => id !== DEFAULT_MALL, `"${DEFAULT_MALL}" is the environment's mall`),
  origins: z.array(origin).min(1, 'must list at least one store origin'),
  kakao: z
    .object({
      restApiKey: key,
      clientSecret: key.optional(),
      /** The JavaScript key, public: the Cafe24 script tag hands it to the widget. */
      jsKey: key.optional(),
    })
    .strict()
    .optional(),
  naver: z.object({ clientId: key, clientSecret: key }).strict().optional(),
  sso: z
    .object({
      clientId: z
        .string()
        .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 visible ASCII characters'),
      clientSecret: z
        .string()
        .refine(
          (value) => Buffer.byteLength(value, 'utf8') >= MIN_SECRET_BYTES,
          `must be at least ${MIN_SECRET_BYTES} bytes (e.g. the output of \`openssl rand -base64 32\`)`,
        ),
      redirectUris: z.array(redirectUri).min(1, 'must list at least one redirect URI'),
    })
    .strict()
    .optional(),
  ageRestricted: z.boolean().optional(),
});
export type MallSettings = z.infer<typeof MallSettings>;

export class MallError extends Error {
  override readonly name = 'MallError';
}

/** `"origins.0" must be an origin…; "sso.clientSecret" must be…`: every field named. */
export function parseMallSettings(input: unknown): MallSettings {
  const parsed = MallSettings.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new MallError(
    parsed.error.issues
      .map((issue) => `"${issue.path.map(String).join('.') || 'mall'}" ${issue.message}`)
      .join('; '),
  );
}

export interface RegisteredMall extends MallSettings {
  updatedAt: number;
}

export interface MallRegistry {
  /** Adds the mall, or replaces every setting of one with the same id. */
  put(mall: MallSettings): Promise<void>;
  /** Whether there was such a mall. Its grants, links and tombstones stay (they carry its id). */
  remove(id: string): Promise<boolean>;
  /** Every mall that opens with this SESSION_SECRET; `unreadable` names the others. */
  list(): Promise<{ malls: RegisteredMall[]; unreadable: string[] }>;
}

export function createMallRegistry(db: Database, sealer: Sealer): MallRegistry {
  let ready: Promise<Sql> | undefined;
  const prepared = (): Promise<Sql> => {
    ready ??= db
      .migrate(MALL_MIGRATIONS)
      .then(() => db)
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  };

  return {
    async put(mall) {
      const sql = await prepared();
      const settings = parseMallSettings(mall);
      await sql.transaction(async (tx) => {
        const clientId = settings.sso?.clientId ?? null;
        if (clientId !== null) {
          const other = await tx.get('SELECT mall_id FROM malls WHERE sso_client_id = ?', [
            clientId,
          ]);
          if (other && str(other.mall_id) !== settings.id)
            throw new MallError(
              `"sso.clientId" is already the SSO client of mall "${str(other.mall_id)}"`,
            );
        }
        for (const o of settings.origins) {
          const other = await tx.get('SELECT mall_id FROM mall_origins WHERE origin = ?', [o]);
          if (other && str(other.mall_id) !== settings.id)
            throw new MallError(`origin ${o} already belongs to mall "${str(other.mall_id)}"`);
        }
        await tx.run(
          `INSERT INTO malls (mall_id, sso_client_id, settings, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (mall_id) DO UPDATE SET sso_client_id = excluded.sso_client_id,
             settings = excluded.settings, updated_at = excluded.updated_at`,
          [settings.id, clientId, sealer.seal(JSON.stringify(settings)), Date.now()],
        );
        await tx.run('DELETE FROM mall_origins WHERE mall_id = ?', [settings.id]);
        for (const o of new Set(settings.origins))
          await tx.run('INSERT INTO mall_origins (origin, mall_id) VALUES (?, ?)', [
            o,
            settings.id,
          ]);
      });
    },

    async remove(id) {
      const sql = await prepared();
      return sql.transaction(async (tx) => {
        await tx.run('DELETE FROM mall_origins WHERE mall_id = ?', [id]);
        return (await tx.run('DELETE FROM malls WHERE mall_id = ?', [id])) === 1;
      });
    },

    async list() {
      const sql = await prepared();
      const rows = await sql.all(
        'SELECT mall_id, settings, updated_at FROM malls ORDER BY mall_id',
      );
      const malls: RegisteredMall[] = [];
      const unreadable: string[] = [];
      for (const row of rows) {
        const opened = sealer.open(str(row.settings));
        const parsed =
          opened === undefined ? undefined : MallSettings.safeParse(JSON.parse(opened));
        if (parsed?.success) malls.push({ ...parsed.data, updatedAt: Number(row.updated_at) });
        else unreadable.push(str(row.mall_id));
      }
      return { malls, unreadable };
    },
  };
}
