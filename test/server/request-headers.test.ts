/**
 * headerOf reads a header from Node's raw list as Hono's reader (a WHATWG Headers) would give it:
 * names case-insensitive, repeated headers joined with ", ", absent ones undefined.
 */
import fc from 'fast-check';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { headerOf } from '../../src/server/request-headers';

const NAMES = ['origin', 'content-type', 'content-length', 'x-request-id', 'x-forwarded-for'];
const name = fc.constantFrom(...NAMES, 'accept', 'x-other');
const casing = fc.constantFrom<(s: string) => string>(
  (s) => s,
  (s) => s.toUpperCase(),
  (s) => s.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()),
);
const value = fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/);

/** What a handler sees for `wanted`, once through Node's raw list and once through Hono's reader. */
async function bothWays(raw: string[], wanted: string) {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({ node: headerOf(c, wanted) ?? null, hono: c.req.header(wanted) ?? null }),
  );
  const headers = new Headers();
  for (let at = 0; at < raw.length; at += 2)
    headers.append(raw[at] as string, raw[at + 1] as string);
  const request = new Request('http://127.0.0.1/', { headers });
  const viaNode = await (await app.fetch(request, { incoming: { rawHeaders: raw } })).json();
  const viaHono = await (await app.fetch(request.clone(), {})).json();
  return { viaNode, viaHono };
}

describe('a request header read from the raw list', () => {
  it('is what Hono reads: any casing, repeats joined, absent undefined', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(name, casing, value), { maxLength: 8 }),
        fc.constantFrom(...NAMES),
        async (entries, wanted) => {
          const raw = entries.flatMap(([n, cased, v]) => [cased(n), v]);
          const { viaNode, viaHono } = await bothWays(raw, wanted);
          expect(viaNode.node).toBe(viaHono.hono);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('matches any header name a client may send, letter case aside', async () => {
    // Every character HTTP allows in a name (RFC 9110 §5.6.2's tchar), in any case.
    const token = fc.stringMatching(/^[-!#$%&'*+.^_`|~0-9A-Za-z]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(token, value), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        async (entries, pick) => {
          const raw = entries.flat();
          const wanted = (entries[pick % entries.length]?.[0] ?? '').toLowerCase();
          const { viaNode, viaHono } = await bothWays(raw, wanted);
          expect(viaNode.node).toBe(viaHono.hono);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('falls back to Hono when the request did not come through Node', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text(headerOf(c, 'origin') ?? 'none'));
    const answer = await app.request('/', { headers: { Origin: 'https://shop.example.com' } });
    expect(await answer.text()).toBe('https://shop.example.com');
  });
});
