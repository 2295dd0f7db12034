/**
 * The production backend: `node dist/server/main.js` after `npm run build` (docs/deploy.md),
 * configured from the environment (docs/backend.md). It never mounts the sandbox; development
 * runs scripts/server.ts (`npm run server`), which can.
 */
import { ConfigError, loadConfig } from './config';
import { startServer } from './serve';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const server = await startServer(config, { port: config.port });
console.log(`social-login backend listening on ${server.url}`);
const { kakao, naver } = config.providers;
const configured = [kakao && 'kakao', naver && 'naver'].filter(Boolean).join(', ');
console.log(`providers: ${configured || 'none configured'}`);

const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
