/**
 * `npm run server`: the backend alone in development, configured from the environment as the
 * production build is (src/server/main.ts, docs/deploy.md), and with SANDBOX=1 the offline
 * providers mounted at /sandbox.
 */
import { runFromEnvironment } from '../src/server/run.ts';
import { devConfig, startDevServer } from './dev-server.ts';

await runFromEnvironment(
  devConfig,
  (config) => startDevServer(config, { port: config.port }),
  (server) =>
    server.sandbox ? [`sandbox (offline Kakao and Naver) at ${server.url}/sandbox`] : [],
);
