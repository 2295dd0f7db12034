/** `GET /healthz` → `{ok:true}`: the process is up and routing (load balancers, the start script). */
import { Hono } from 'hono';

/**
 * On Node, node-routes.ts answers a plain `GET /healthz` before the app; this route answers the
 * rest (other runtimes, `HEAD`, a target with a query).
 */
export const healthBody = { ok: true } as const;

export function healthRoute(): Hono {
  return new Hono().get('/healthz', (c) => c.json(healthBody));
}
