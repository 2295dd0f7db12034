/** `GET /healthz` → `{ok:true}`: the process is up and routing (load balancers, the start script). */
import { Hono } from 'hono';

export function healthRoute(): Hono {
  return new Hono().get('/healthz', (c) => c.json({ ok: true }));
}
