/**
 * `npm run server`: the backend alone in development, configured from the environment as the
 * production build is (src/server/main.ts, docs/deploy.md), and with SANDBOX=1 the offline
 * providers mounted at /sandbox.
 */
import { ConfigError } from '../src/server/config.ts';
import { devConfig, startDevServer } from './dev-server.ts';

let config: ReturnType<typeof devConfig>;
try {
  config = devConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const server = await startDevServer(config, { port: config.port });
console.log(`social-login backend listening on ${server.url}`);
if (server.sandbox) console.log(`sandbox (offline Kakao and Naver) at ${server.url}/sandbox`);
const { kakao, naver } = config.providers;
const configured = [kakao && 'kakao', naver && 'naver'].filter(Boolean).join(', ');
console.log(`providers: ${configured || 'none configured'}`);

const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
