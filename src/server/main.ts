/**
 * The backend alone: `npm run server` in development (through tsx), `node dist/server/main.js` in
 * production after `npm run build` (docs/deploy.md). Configured from the environment
 * (docs/backend.md); the sandbox is mounted at /sandbox only with SANDBOX=1.
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
if (server.sandbox) console.log(`sandbox (offline Kakao and Naver) at ${server.url}/sandbox`);
const { kakao, naver } = config.providers;
const configured = [kakao && 'kakao', naver && 'naver'].filter(Boolean).join(', ');
console.log(`providers: ${configured || 'none configured'}`);

const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
