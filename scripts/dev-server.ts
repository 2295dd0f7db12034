/**
 * The backend as development runs it: `npm run server`, `npm start` (stack.ts) and the tests. With
 * SANDBOX=1 the offline Kakao, Naver and Cafe24 stand-ins are mounted at `/sandbox` on the
 * backend's own origin, and the backend is configured to use them through the ordinary variables
 * (src/sandbox/backend-env.ts). The production entry point (src/server/main.ts) never does this:
 * the backend's code does not import the sandbox (biome.json, ARCHITECTURE.md "Layers").
 */

import { sandboxBackendEnv } from '../src/sandbox/backend-env.ts';
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox/index.ts';
import { type Config, loadConfig } from '../src/server/config.ts';
import { type RunningServer, type StartOptions, startServer } from '../src/server/serve.ts';

export interface DevConfig extends Config {
  /** SANDBOX=1: the stand-ins are mounted at /sandbox and the config points there. */
  sandbox: boolean;
}

const isOn = (value: string | undefined) => value === '1' || value?.toLowerCase() === 'true';

/** The environment's config; with SANDBOX=1, every variable it leaves unset is the sandbox's. */
export function devConfig(
  env: Readonly<Record<string, string | undefined>>,
  warn?: (message: string) => void,
): DevConfig {
  const sandbox = isOn(env.SANDBOX?.trim());
  const { SANDBOX: _, ...rest } = sandbox ? sandboxBackendEnv(env, warn) : env;
  return { ...loadConfig(rest), sandbox };
}

export interface DevStartOptions extends Omit<StartOptions, 'beside'> {
  /** Sandbox settings for tests (registered redirect URIs, a clock); baseUrl is always ours. */
  sandbox?: Omit<SandboxOptions, 'baseUrl'>;
}

export interface DevServer extends RunningServer {
  config: DevConfig;
  /** The mounted sandbox (tests issue codes and inject faults through it). */
  sandbox?: Sandbox;
}

export async function startDevServer(
  config: DevConfig,
  options: DevStartOptions = {},
): Promise<DevServer> {
  const { sandbox: sandboxOptions, ...start } = options;
  let sandbox: Sandbox | undefined;
  const server = await startServer(config, {
    ...start,
    ...(config.sandbox
      ? {
          beside: (running: Config) => {
            sandbox = createSandbox({ ...sandboxOptions, baseUrl: `${running.publicUrl}/sandbox` });
            // reset() releases requests parked by a `hang` fault.
            return { path: '/sandbox', app: sandbox.app, close: () => sandbox?.reset() };
          },
        }
      : {}),
  });
  return {
    ...server,
    config: { ...server.config, sandbox: config.sandbox },
    ...(sandbox ? { sandbox } : {}),
  };
}
