/**
 * What a request's handlers learnt, for its log line and metrics (logger.ts): the error code it was
 * answered with, the provider of a login. Kept beside the raw Request, so an app mounted inside
 * another (one Hono context each) still tells the outer one.
 */
import type { Context } from 'hono';
import type { ApiErrorCode, Provider } from '../contract';

export interface RequestNotes {
  code?: ApiErrorCode;
  provider?: Provider;
}

const notes = new WeakMap<Request, RequestNotes>();

export function note(c: Context, add: RequestNotes): void {
  const current = notes.get(c.req.raw);
  if (current) Object.assign(current, add);
  else notes.set(c.req.raw, { ...add });
}

export const notesOf = (c: Context): RequestNotes => notes.get(c.req.raw) ?? {};
