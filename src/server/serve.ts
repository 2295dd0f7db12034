/**
 * Runs the backend on a real port: `startServer(config, {port})` → `{url, close()}`, used by main.ts,
 * the lead's start script and tests. With `config.sandbox` the offline providers are mounted at
 * `/sandbox` on the same server, which is where config's sandbox URLs point.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Sandbox, SandboxOptions } from '../sandbox/index';
import { type AppDeps, createApp } from './app';
import { type Config, withPort } from './config';
import { notFound } from './errors';
import { openStorage } from './storage/index';

export interface StartOptions {
  /** 0: any free port; PUBLIC_URL (when derived from PORT) and the sandbox URLs follow it. */
  port?: number;
  hostname?: string;
  deps?: AppDeps;
  /** Sandbox settings for tests (registered redirect URIs, a clock); baseUrl is always ours. */
  sandbox?: Omit<SandboxOptions, 'baseUrl'>;
}

export interface RunningServer {
  url: string;
  /** The config the app runs with, after the port is known. */
  config: Config;
  sandbox?: Sandbox;
  close(): Promise<void>;
}

type FetchHandler = (request: Request, env: unknown) => Response | Promise<Response>;

export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  // Listen first: with port 0 the URLs the sandbox and the ID token issuer use depend on the port.
  let handler: FetchHandler = () => new Response('starting', { status: 503 });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const server = serve(
        {
          fetch: (request, env) => handler(request, env),
          port: options.port ?? config.port,
          ...(options.hostname ? { hostname: options.hostname } : {}),
        },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      );
      server.once('error', reject);
    },
  );

  const running = withPort(config, port);
  // DATABASE_URL (migrated at start, WAL) unless the caller brings its own storage.
  const storage =
    options.deps?.storage ??
    (await openStorage(running.databaseUrl, {
      ...(options.deps?.now ? { now: options.deps.now } : {}),
      ...(running.databasePoolSize ? { poolSize: running.databasePoolSize } : {}),
    }).catch(async (error: unknown) => {
      await new Promise((resolve) => server.close(resolve));
      throw error;
    }));
  // Background jobs (the Cafe24 token refresh): timers unref()ed, stopped on close.
  const stops: (() => void)[] = [];
  const app = createApp(running, {
    ...options.deps,
    storage,
    cafe24: { ...options.deps?.cafe24, background: (start) => stops.push(start()) },
  });
  let sandbox: Sandbox | undefined;
  if (running.sandbox) {
    // Loaded only when asked for: production never ships the sandbox's routes.
    const { createSandbox } = await import('../sandbox/index');
    sandbox = createSandbox({ ...options.sandbox, baseUrl: `${running.publicUrl}/sandbox` });
    const root = new Hono();
    root.route('/', app);
    root.route('/sandbox', sandbox.app);
    root.notFound(notFound);
    handler = (request, env) => root.fetch(request, env);
  } else {
    handler = (request, env) => app.fetch(request, env);
  }

  return {
    url: running.publicUrl,
    config: running,
    ...(sandbox ? { sandbox } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stop of stops) stop();
        sandbox?.reset(); // releases requests parked by a `hang` fault
        server.close((error) => {
          const closed = options.deps?.storage ? Promise.resolve() : storage.close();
          closed.then(() => (error ? reject(error) : resolve()), reject);
        });
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
