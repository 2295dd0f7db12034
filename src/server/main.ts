/**
 * The production backend: `node dist/server/main.js` after `npm run build` (docs/deploy.md),
 * configured from the environment (docs/backend.md). It never mounts the sandbox; development
 * runs scripts/server.ts (`npm run server`), which can.
 */
import { loadConfig } from './config';
import { runFromEnvironment } from './run';
import { startServer } from './serve';

await runFromEnvironment(loadConfig, (config) => startServer(config, { port: config.port }));
