/**
 * The whole product on one machine: the demo store on one origin, the backend (with the sandbox
 * unless real keys are given) on another, as in production. `npm start` and the browser tests both
 * run exactly this.
 */
import { type DemoSettings, startDemo } from '../demo/server.ts';
import { startCafe24Store } from '../src/sandbox/cafe24-store/serve.ts';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/defaults.ts';
import type { Sandbox } from '../src/sandbox/index.ts';
import { loadConfig } from '../src/server/config.ts';
import { startServer } from '../src/server/serve.ts';
import { freePort } from './free-port.ts';

export interface Stack {
  demoUrl: string;
  backendUrl: string;
  sandboxUrl?: string;
  /** The Cafe24 store stand-in (sandbox only): its SSO runs against the backend. */
  storeUrl?: string;
  /** The running sandbox (tests script shoppers and faults through it). */
  sandbox?: Sandbox;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: NodeJS.ProcessEnv;
  /** 0 or unset: a free port. */
  demoPort?: number;
  backendPort?: number;
  storePort?: number;
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
  const storePort = sandbox ? options.storePort || (await freePort()) : 0;
  const storeOrigins = sandbox ? `,http://localhost:${storePort}` : '';

  const config = loadConfig({
    ...env,
    PORT: String(backendPort),
    SANDBOX: sandbox ? '1' : '0',
    ALLOWED_ORIGINS:
      env.ALLOWED_ORIGINS ?? `${demoOrigin},http://127.0.0.1:${demoPort}${storeOrigins}`,
  });
  const backend = await startServer(config, { port: backendPort });
  const backendUrl = backend.config.publicUrl;

  const settings: DemoSettings = sandbox
    ? {
        backendUrl,
        sandboxUrl: `${backendUrl}/sandbox`,
        kakaoJsKey: SANDBOX_CREDENTIALS.kakaoJsKey,
        naverClientId: SANDBOX_CREDENTIALS.naverClientId,
      }
    : { backendUrl, kakaoJsKey: env.KAKAO_JS_KEY, naverClientId: env.NAVER_CLIENT_ID };
  const demo = await startDemo(() => settings, demoPort);
  const store = sandbox
    ? await startCafe24Store(
        {
          idpUrl: backendUrl,
          widget: {
            'data-backend': settings.backendUrl,
            'data-kakao-js-key': settings.kakaoJsKey,
            'data-naver-client-id': settings.naverClientId,
            'data-sandbox': settings.sandboxUrl,
          },
        },
        storePort,
      )
    : undefined;

  return {
    demoUrl: demo.url,
    backendUrl,
    sandboxUrl: settings.sandboxUrl,
    storeUrl: store?.url,
    sandbox: backend.sandbox,
    async close() {
      await Promise.all([demo.close(), backend.close(), store?.close()]);
    },
  };
}
