/**
 * The admin CLI for the malls registered beside the environment's (docs/malls.md):
 *   list              every mall: origins, which providers, SSO client id (never a secret)
 *   put < mall.json   adds a mall, or replaces all of its settings
 *   remove <mall_id>  forgets a mall (its grants expire; links and tombstones stay, by id)
 * Run with the server's own environment (DATABASE_URL, SESSION_SECRET, …): `npm run malls -- …`
 * in development, `node dist/server/malls.js …` in production. Every running instance sees a
 * change within a few seconds.
 */
import { type Config, ConfigError, loadConfig } from '../config';
import { openDatabase } from '../storage/index';
import { mallRegistry } from './index';
import { MallError, type MallSettings, parseMallSettings } from './registry';

export const USAGE = `Usage: malls list | malls put < mall.json | malls remove <mall_id>
  mall.json: {"id": "myshop", "origins": ["https://myshop.cafe24.com"],
              "kakao": {"restApiKey": "…", "clientSecret": "…", "jsKey": "…"},
              "naver": {"clientId": "…", "clientSecret": "…"},
              "sso": {"clientId": "…", "clientSecret": "…", "redirectUris": ["https://myshop.cafe24.com/Api/Member/Oauth2ClientCallback/sso/"]},
              "ageRestricted": false}
  (docs/malls.md)`;

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  /** The whole of standard input (put). */
  readInput: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** What the environment's mall already has: a registered mall may not take it. */
function clashWithEnvironment(config: Config, mall: MallSettings): string | undefined {
  const origin = mall.origins.find((o) => config.allowedOrigins.includes(o));
  if (origin) return `origin ${origin} is the environment's (ALLOWED_ORIGINS)`;
  if (mall.sso && mall.sso.clientId === config.sso?.clientId)
    return `"sso.clientId" is the environment's SSO_CLIENT_ID`;
  return undefined;
}

function describe(mall: MallSettings): string {
  const providers = [mall.kakao && 'kakao', mall.naver && 'naver'].filter(Boolean).join(', ');
  return [
    mall.id,
    `origins ${mall.origins.join(', ')}`,
    `providers ${providers || 'none'}`,
    `sso ${mall.sso ? mall.sso.clientId : 'none'}`,
    ...(mall.ageRestricted ? ['age-restricted'] : []),
  ].join('  ');
}

/** Runs one command; resolves to the process's exit code. */
export async function runMallsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || !['list', 'put', 'remove'].includes(command)) {
    io.err(USAGE);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(error.message);
    return 1;
  }
  const db = openDatabase(config.databaseUrl);
  const registry = mallRegistry(config, db);
  try {
    if (command === 'list') {
      const { malls, unreadable } = await registry.list();
      for (const mall of malls) io.out(describe(mall));
      for (const id of unreadable)
        io.out(`${id}  (sealed with another SESSION_SECRET: put it again)`);
      if (malls.length + unreadable.length === 0) io.out('no mall registered');
      return 0;
    }
    if (command === 'remove') {
      const id = rest[0];
      if (!id) {
        io.err(USAGE);
        return 2;
      }
      if (!(await registry.remove(id))) {
        io.err(`no mall "${id}" is registered`);
        return 1;
      }
      io.out(`removed ${id}`);
      return 0;
    }
    let input: unknown;
    try {
      input = JSON.parse(await io.readInput());
    } catch {
      io.err('standard input must be one mall as JSON (see `malls` without arguments)');
      return 1;
    }
    const mall = parseMallSettings(input);
    const clash = clashWithEnvironment(config, mall);
    if (clash) throw new MallError(clash);
    await registry.put(mall);
    io.out(`registered ${describe(mall)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof MallError)) throw error;
    io.err(`mall not registered: ${error.message}`);
    return 1;
  } finally {
    await db.close();
  }
}
