/**
 * The backend's public surface stays small and deliberate: the app factory and its two limits,
 * the config loader and what the doctor and the server runner read from it, the server runner.
 * A new export is a decision: add it here on purpose.
 */
import { expect, it } from 'vitest';
import * as app from '../../src/server/app';
import * as config from '../../src/server/config';
import * as serve from '../../src/server/serve';

it('exposes createApp, createBackend (the app with its Node routes) and its limits from app.ts', () => {
  expect(Object.keys(app).sort()).toEqual([
    'EXCHANGE_MAX_BODY_BYTES',
    'EXCHANGE_RATE_LIMIT',
    'SSO_SERVER_RATE_LIMIT',
    'createApp',
    'createBackend',
  ]);
});

it('exposes loadConfig and the pieces the doctor and startServer share from config.ts', () => {
  expect(Object.keys(config).sort()).toEqual([
    'ConfigError',
    'DEFAULT_CAFE24_API_URL',
    'DEFAULT_DATABASE_URL',
    'REAL_PROVIDER_URLS',
    'loadConfig',
    'normaliseOrigin',
    'secretsOf',
    'withPort',
  ]);
});

it('exposes only startServer from serve.ts', () => {
  expect(Object.keys(serve)).toEqual(['startServer']);
});
