/**
 * A backend process started from the environment, for the command-line entry points: the
 * production one (main.ts) and development's `npm run server` (scripts/server.ts). A bad variable
 * stops the start with the message naming it (docs/backend.md › Environment), never a stack.
 */
import { type Config, ConfigError } from './config';
import type { RunningServer } from './serve';

export async function runFromEnvironment<C extends Config, S extends RunningServer>(
  load: (env: NodeJS.ProcessEnv) => C,
  start: (config: C) => Promise<S>,
  announce: (server: S) => string[] = () => [],
): Promise<void> {
  let config: C;
  try {
    config = load(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }

  const server = await start(config);
  const { kakao, naver } = config.providers;
  const configured = [kakao && 'kakao', naver && 'naver'].filter(Boolean).join(', ');
  for (const line of [
    `social-login backend listening on ${server.url}`,
    ...announce(server),
    `providers: ${configured || 'none configured'}`,
  ])
    console.log(line);

  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
