/** A real backend + sandbox on a free port with its own SQLite file, and the app installed on a mall. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type DevServer, devConfig, startDevServer } from '../../scripts/dev-server';
import type { Cafe24ApiOptions } from '../../src/sandbox/cafe24-api/index';
import type { AppDeps } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';

export const MALL = 'demomall';
/** The test servers' SESSION_SECRET (tokens at rest are sealed with a key derived from it). */
export const SESSION_SECRET = 'cafe24-test-session-secret-0123456789abcdef';
export const STORE = 'http://localhost:5173';

export function tempDatabase(): { url: string; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'cafe24-')), 'app.sqlite');
  return { url: `file:${path}`, path };
}

export async function startCafe24Server(
  options: { databaseUrl?: string; cafe24Api?: Cafe24ApiOptions; deps?: AppDeps } = {},
): Promise<DevServer> {
  const config = devConfig(
    {
      SANDBOX: '1',
      PORT: '0',
      ALLOWED_ORIGINS: STORE,
      DATABASE_URL: options.databaseUrl ?? tempDatabase().url,
      SESSION_SECRET,
      UPSTREAM_TIMEOUT_MS: '5000',
    },
    () => {},
  );
  return startDevServer(config, {
    port: 0,
    deps: {
      rateLimit: false,
      logger: createLogger({ level: 'silent' }),
      ...options.deps,
    },
    sandbox: { ...(options.cafe24Api ? { cafe24Api: options.cafe24Api } : {}) },
  });
}

/** What a merchant's browser does: launch from the admin → Cafe24 consent → our callback. */
export async function installApp(server: DevServer, mallId = MALL): Promise<Response> {
  const sandbox = server.sandbox;
  if (!sandbox) throw new Error('the test server runs without the sandbox');
  const launch = await fetch(sandbox.cafe24Api.launchUrl(`${server.url}/cafe24/launch`, mallId), {
    redirect: 'manual',
  });
  expect(launch.status).toBe(302);
  const authorize = await fetch(launch.headers.get('location') ?? '', { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  return fetch(authorize.headers.get('location') ?? '', { redirect: 'manual' });
}
