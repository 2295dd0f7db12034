/**
 * Runs the backend on a real port: `startServer(config, {port})` → `{url, close()}`, used by main.ts,
 * the development entry points and tests. `beside` lets development mount more routes on the same
 * server (scripts/dev-server.ts mounts the sandbox there); production mounts nothing but the app.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { type AppDeps, createBackend } from './app';
import { closeGentlyOnClientError } from './client-errors';
import { type Config, withPort } from './config';
import { notFound } from './errors';
import type { NodeRoutes } from './node-routes';
import { openStorage } from './storage/index';

export interface StartOptions {
  /** 0: any free port; PUBLIC_URL (when derived from PORT) and the sandbox URLs follow it. */
  port?: number;
  hostname?: string;
  deps?: AppDeps;
  /**
   * Routes served on this server beside the app, made once the port (and so `publicUrl`) is known;
   * `close` runs before the server stops.
   */
  beside?: (config: Config) => { path: string; app: Hono; close?: () => void };
  /** How long a client may take to send its whole request; tests shorten it. */
  requestTimeoutMs?: number;
}

/**
 * A client that declares a body and never sends it (or sends it a byte a minute) holds a socket and
 * a handler until Node gives up: 300 s by default. A shopper's browser sends its few hundred bytes
 * at once, so 10 s is generous; then Node answers `408 Request Timeout` and closes the connection.
 */
const REQUEST_TIMEOUT_MS = 10_000;

export interface RunningServer {
  url: string;
  /** The config the app runs with, after the port is known. */
  config: Config;
  close(): Promise<void>;
}

/** Node's own timers for receiving a request: headers and body within `ms`, checked every second. */
function receiveDeadline(ms: number) {
  return {
    requestTimeout: ms,
    headersTimeout: ms,
    connectionsCheckingInterval: Math.min(1_000, ms),
  };
}

type FetchHandler = (request: Request, env: unknown) => Response | Promise<Response>;

export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  // Listen first: with port 0 the URLs the sandbox and the ID token issuer use depend on the port.
  let handler: FetchHandler = () => new Response('starting', { status: 503 });
  let routes: NodeRoutes = () => false;
  const adapter = getRequestListener((request, env) => handler(request, env), {
    ...(options.hostname ? { hostname: options.hostname } : {}),
  });
  const server: Server = createServer(
    receiveDeadline(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS),
    // The app's busiest routes first, with Node's own objects (node-routes.ts); the rest through
    // the adapter.
    (req, res) => {
      if (!routes(req, res)) void adapter(req, res);
    },
  );
  closeGentlyOnClientError(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.port, options.hostname, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

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
  const { app, nodeRoutes } = createBackend(running, {
    ...options.deps,
    storage,
    cafe24: { ...options.deps?.cafe24, background: (start) => stops.push(start()) },
  });
  const extra = options.beside?.(running);
  if (extra) {
    const root = new Hono();
    root.route('/', app);
    root.route(extra.path, extra.app);
    root.notFound(notFound);
    handler = (request, env) => root.fetch(request, env);
  } else {
    handler = (request, env) => app.fetch(request, env);
  }
  routes = nodeRoutes;

  return {
    url: running.publicUrl,
    config: running,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stop of stops) stop();
        extra?.close?.(); // e.g. releases requests a development stand-in holds
        server.close((error) => {
          const closed = options.deps?.storage ? Promise.resolve() : storage.close();
          closed.then(() => (error ? reject(error) : resolve()), reject);
        });
        server.closeAllConnections();
      }),
  };
}
