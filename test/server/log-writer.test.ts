/**
 * Log lines leave without blocking the event loop (src/server/log-writer.ts): in order, whole,
 * batched, and flushed when the process exits right after logging.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS, type ApiErrorCode, PROVIDERS } from '../../src/contract';
import { fdWriter } from '../../src/server/log-writer';
import {
  createLogger,
  formatLine,
  isoNow,
  type RequestLineFields,
  redact,
} from '../../src/server/logger';

const dir = mkdtempSync(join(tmpdir(), 'log-writer-'));

describe('log lines', () => {
  it('arrive whole and in order, after the code that logged them has moved on', async () => {
    const file = join(dir, 'ordered.log');
    const writer = fdWriter(openSync(file, 'w'));
    for (let i = 0; i < 5000; i++) writer.line(JSON.stringify({ i }));
    // Nothing was written while logging: the writes happen on later turns of the event loop.
    expect(readFileSync(file, 'utf8')).toBe('');
    await expect
      .poll(() => readFileSync(file, 'utf8').split('\n').length, { timeout: 20_000 })
      .toBe(5001);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).i)).toEqual([...Array(5000).keys()]);
  });

  it('are flushed when the process exits right after logging', async () => {
    const script = join(dir, 'exit.ts');
    const logger = new URL('../../src/server/logger.ts', import.meta.url).pathname;
    writeFileSync(
      script,
      [
        `import { createLogger } from ${JSON.stringify(logger)};`,
        `const log = createLogger({ level: 'info', secrets: ['hunter2-secret'] });`,
        `for (let i = 0; i < 100; i++) log.info('working', { i, note: 'uses hunter2-secret' });`,
        `log.warn('stopping');`,
        'process.exit(0);',
      ].join('\n'),
    );
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', script],
      { cwd: new URL('../..', import.meta.url).pathname, timeout: 60_000 },
    );
    const out = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(out.map((entry) => entry.i)).toEqual([...Array(100).keys()]);
    expect(out[0]).toMatchObject({ level: 'info', msg: 'working', note: 'uses [redacted]' });
    expect(JSON.parse(stderr.trim())).toMatchObject({ level: 'warn', msg: 'stopping' });
    expect(stdout + stderr).not.toContain('hunter2-secret');
  }, 90_000);

  it('keep their fields out of the reserved names, and leave out undefined ones', () => {
    const line = formatLine('info', 'request', {
      msg: 'spoofed',
      level: 'x',
      code: undefined,
      status: 200,
    });
    expect(JSON.parse(line)).toEqual({
      time: expect.any(String),
      level: 'info',
      msg: 'request',
      status: 200,
    });
  });

  it('are the JSON of their fields after time, level and message, secrets redacted', () => {
    const key = fc.string({ maxLength: 12 }).filter((k) => !/^\d+$/.test(k));
    const value = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
    );
    const secret = fc.string({ minLength: 4, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.string(),
        fc.dictionary(key, value),
        fc.array(secret, { maxLength: 2 }),
        (message, fields, secrets) => {
          const time = new Date(0);
          const expected: Record<string, unknown> = {
            time: time.toISOString(),
            level: 'warn',
            msg: redact(message, secrets),
          };
          for (const [name, v] of Object.entries(fields))
            if (v !== undefined && !['time', 'level', 'msg'].includes(name))
              expected[name] = typeof v === 'string' ? redact(v, secrets) : v;
          const line = formatLine('warn', message, fields, secrets, time);
          expect(line).toBe(JSON.stringify(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("write a request's line exactly as the generic line of the same fields", () => {
    const idChar = fc.constantFrom(...'abcXYZ019._:-'.split(''));
    const fields: fc.Arbitrary<RequestLineFields> = fc.record({
      requestId: fc.oneof(
        fc.uuid(),
        fc.array(idChar, { minLength: 1, maxLength: 64 }).map((chars) => chars.join('')),
      ),
      method: fc.oneof(fc.constantFrom('GET', 'POST', 'OPTIONS'), fc.string()),
      route: fc.oneof(fc.constantFrom('/api/exchange', '/healthz', '(unmatched)'), fc.string()),
      status: fc.integer({ min: 100, max: 599 }),
      durationMs: fc.oneof(fc.double(), fc.integer()),
      code: fc.option(fc.constantFrom(...(Object.keys(API_ERROR_STATUS) as ApiErrorCode[])), {
        nil: undefined,
      }),
      provider: fc.option(fc.constantFrom(...PROVIDERS), { nil: undefined }),
    });
    // Random ones, and ones inside the fixed words of the line (its message, its field names).
    const secret = fc.oneof(
      fc.string({ minLength: 4, maxLength: 8 }),
      fc.constantFrom('c0ffee-', 'ques', 'request', 'POST', '/api/exchange', 'invalid_request'),
    );
    // The time is the only part that may differ: each line reads the clock itself.
    const withoutTime = (line: string) => line.replace(/^\{"time":"[^"]+"/, '{');
    fc.assert(
      fc.property(
        fields,
        fc.array(secret, { maxLength: 2 }),
        fc.boolean(),
        (request, given, inId) => {
          // A secret inside the request id too, sometimes (a client may send anything it knows).
          const secrets = inId ? [...given, request.requestId.slice(0, 4)] : given;
          const lines: string[] = [];
          const logger = createLogger({ secrets, sink: (_, line) => lines.push(line) });
          logger.request(request);
          logger.request(request); // the second from the logger's remembered quoted values
          logger.info('request', { ...request });
          const [fast, again, generic] = lines.map(withoutTime);
          expect(fast).toBe(generic);
          expect(again).toBe(generic);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('carry the time as Date#toISOString writes it, to the millisecond', () => {
    const times = fc.oneof(
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
    );
    fc.assert(
      fc.property(times, (at) => {
        expect(isoNow(at)).toBe(new Date(at).toISOString());
        expect(isoNow(at + 1)).toBe(new Date(at + 1).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('are not written below the configured level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', sink: (_, line) => lines.push(line) });
    logger.info('quiet');
    logger.request({
      requestId: 'r1',
      method: 'GET',
      route: '/healthz',
      status: 200,
      durationMs: 1,
      code: undefined,
      provider: undefined,
    });
    logger.warn('heard');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['heard']);
  });
});
