/**
 * The whole product on one machine: the demo store on one origin, the backend (with the sandbox
 * unless real keys are given) on another, as in production. With the sandbox the demo origin is
 * also the Cafe24 store (its SSO against the backend, its members the Admin API stand-in's
 * customers of mall 'demomall'), and the sandbox Cafe24 app is installed on that mall at start.
 * `npm start` and the browser tests both run exactly this.
 */
import { type DemoSettings, startDemo } from '../demo/server.ts';
import { SANDBOX_CAFE24 } from '../src/sandbox/cafe24-api/defaults.ts';
import { createCafe24Store } from '../src/sandbox/cafe24-store/index.ts';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/defaults.ts';
import type { Sandbox } from '../src/sandbox/index.ts';
import type { AppDeps } from '../src/server/app.ts';
import { devConfig, startDevServer } from './dev-server.ts';
import { freePort } from './free-port.ts';

export interface Stack {
  demoUrl: string;
  backendUrl: string;
  sandboxUrl?: string;
  /** The running sandbox (tests script shoppers and faults through it). */
  sandbox?: Sandbox;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: NodeJS.ProcessEnv;
  /** 0 or unset: a free port. */
  demoPort?: number;
  backendPort?: number;
  /** What the tests change in the backend (never set by `npm start`). */
  backendDeps?: AppDeps;
}

/** Real keys in the environment switch the demo to the real providers; otherwise the sandbox. */
function wantsSandbox(env: NodeJS.ProcessEnv): boolean {
  if (env.SANDBOX !== undefined) return env.SANDBOX === '1' || env.SANDBOX === 'true';
  return !env.KAKAO_REST_API_KEY && !env.NAVER_CLIENT_ID;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const env = options.env ?? process.env;
  const demoPort = options.demoPort || (await freePort());
  const backendPort = options.backendPort || (await freePort());
  const demoOrigin = `http://localhost:${demoPort}`;
  const sandbox = wantsSandbox(env);

  const config = devConfig({
    ...env,
    PORT: String(backendPort),
    SANDBOX: sandbox ? '1' : '0',
    ALLOWED_ORIGINS: env.ALLOWED_ORIGINS ?? `${demoOrigin},http://127.0.0.1:${demoPort}`,
  });
  const backend = await startDevServer(config, {
    port: backendPort,
    ...(options.backendDeps ? { deps: options.backendDeps } : {}),
  });
  const backendUrl = backend.config.publicUrl;

  const settings: DemoSettings = sandbox
    ? {
        backendUrl,
        sandboxUrl: `${backendUrl}/sandbox`,
        kakaoJsKey: SANDBOX_CREDENTIALS.kakaoJsKey,
        naverClientId: SANDBOX_CREDENTIALS.naverClientId,
      }
    : { backendUrl, kakaoJsKey: env.KAKAO_JS_KEY, naverClientId: env.NAVER_CLIENT_ID };
  const store =
    backend.sandbox &&
    createCafe24Store({
      idpUrl: backendUrl,
      cafe24Api: backend.sandbox.cafe24Api,
      mallId: SANDBOX_CAFE24.mallId,
    });
  try {
    // Only the sandbox app: real Cafe24 credentials are installed by a merchant, never by us.
    if (backend.sandbox && backend.config.cafe24.clientId === SANDBOX_CAFE24.clientId)
      await installSandboxApp(backendUrl, backend.sandbox);
  } catch (error) {
    await backend.close();
    throw error;
  }
  const demo = await startDemo(() => settings, demoPort, store ? { store } : {});

  return {
    demoUrl: demo.url,
    backendUrl,
    sandboxUrl: settings.sandboxUrl,
    sandbox: backend.sandbox,
    async close() {
      await Promise.all([demo.close(), backend.close()]);
    },
  };
}

/**
 * What a merchant does to install the app (docs/cafe24.md; src/server/cafe24/routes.ts): open its launch
 * URL from the store admin, agree on Cafe24's authorize page, land on our /cafe24/callback, which
 * stores the tokens and adds the script tag. Here with fetch and redirects followed by hand,
 * against the Admin API stand-in (whose merchant is always logged in and agrees).
 */
async function installSandboxApp(backendUrl: string, sandbox: Sandbox): Promise<void> {
  let url = sandbox.cafe24Api.launchUrl(`${backendUrl}/cafe24/launch`, SANDBOX_CAFE24.mallId);
  for (let hop = 0; hop < 5; hop++) {
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      continue;
    }
    if (response.ok) return;
    throw new Error(
      `Installing the sandbox Cafe24 app on ${SANDBOX_CAFE24.mallId} failed: HTTP ${response.status} at ${new URL(url).pathname}`,
    );
  }
  throw new Error('Installing the sandbox Cafe24 app: too many redirects');
}
