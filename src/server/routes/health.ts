/** `GET /healthz` → `{ok:true}`: the process is up and routing (load balancers, the start script). */
import { Hono } from 'hono';

/** On Node the answer comes from node-routes.ts, before the app; this route serves other runtimes. */
export const healthBody = { ok: true } as const;

export function healthRoute(): Hono {
  return new Hono().get('/healthz', (c) => c.json(healthBody));
}
