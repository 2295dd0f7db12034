/**
 * A request header's value, as `c.req.header(name)` gives it (duplicates joined with ", "), read
 * from Node's raw header list when the request came through the Node adapter. Hono's own reader
 * builds a WHATWG `Headers` of every header on first use, a few microseconds a request on the
 * exchange's hot path (docs/benchmarks.md); other runtimes keep Hono's reader.
 */
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { rawHeaders?: readonly string[] };
}

/** `name` in lower case, as Hono's own reader takes it case-insensitively. */
export function headerOf(c: Context, name: string): string | undefined {
  const raw = (c.env as NodeBindings | undefined)?.incoming?.rawHeaders;
  return raw ? rawHeader(raw, name) : c.req.header(name);
}

/** `name` (lower case) in Node's raw header list, duplicates joined with ", " as Hono joins them. */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let at = 0; at < raw.length; at += 2) {
    const key = raw[at] as string;
    if (key.length !== name.length || (key !== name && !sameName(key, name))) continue;
    const found = raw[at + 1] as string;
    value = value === undefined ? found : `${value}, ${found}`;
  }
  return value;
}

/**
 * `key.toLowerCase() === name` for names of one length, `key` one that Node's parser accepted
 * (a token: ASCII), without making the lower-case copy on each look-up.
 */
function sameName(key: string, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const given = key.charCodeAt(i);
    const wanted = name.charCodeAt(i);
    if (given !== wanted && !(given >= 0x41 && given <= 0x5a && given + 0x20 === wanted))
      return false;
  }
  return true;
}
