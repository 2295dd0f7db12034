/** The backend's public surface stays small: the app factory, the config loader, the server runner. */
import { expect, it } from 'vitest';
import * as app from '../../src/server/app';
import * as config from '../../src/server/config';
import * as serve from '../../src/server/serve';

it('exposes createApp, loadConfig and startServer as entry points', () => {
  expect(Object.keys(app).filter((name) => typeof Reflect.get(app, name) === 'function')).toEqual([
    'createApp',
  ]);
  expect(typeof config.loadConfig).toBe('function');
  expect(Object.keys(serve)).toEqual(['startServer']);
});
