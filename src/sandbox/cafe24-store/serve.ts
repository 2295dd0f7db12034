/** Runs the Cafe24 store stand-in on its own origin (a port of its own), as scripts/stack.ts does. */
import { serve } from '@hono/node-server';
import { type Cafe24Store, type Cafe24StoreOptions, createCafe24Store } from './index';

export interface RunningStore {
  url: string;
  store: Cafe24Store;
  close(): Promise<void>;
}

export function startCafe24Store(options: Cafe24StoreOptions, port = 0): Promise<RunningStore> {
  const store = createCafe24Store(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: store.app.fetch, port }, (info) => {
      resolve({
        url: `http://localhost:${info.port}`,
        store,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
