/**
 * A request Node cannot parse is answered with Node's own status, and the client reads that
 * answer even while it is still sending: the backend closes its side first and drops what keeps
 * coming, rather than resetting a connection that still has unread bytes in it.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusForClientError } from '../../src/server/client-errors';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { type RunningServer, startServer } from '../../src/server/serve';
import { TEST_ENV } from './helpers';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer(loadConfig({ ...TEST_ENV, PORT: '0' }), {
    port: 0,
    hostname: '127.0.0.1',
    deps: { rateLimit: false, logger: createLogger({ level: 'silent' }) },
  });
});
afterAll(() => server?.close());

/** Writes `head`, then keeps writing `more` in pieces for a while; resolves with what was read. */
function sendWhileWriting(head: string, more: string, pieces: number): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.on('connect', async () => {
      socket.write(head);
      for (let piece = 0; piece < pieces && !socket.destroyed; piece++) {
        socket.write(more);
        await new Promise((wait) => setTimeout(wait, 2));
      }
      if (!socket.destroyed) socket.end();
    });
  });
}

describe('a request the server cannot parse', () => {
  it('gets 431 for a header over 16 KB, though the client is still sending it', async () => {
    const head = `POST /sso/userinfo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ${'y'.repeat(20_000)}\r\nContent-Length: 400\r\n\r\n`;
    const answer = await sendWhileWriting(head, 'x'.repeat(100), 4);
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toContain('Connection: close');
  });

  it('gets its 431 on a kept-alive connection that already carried an answer', async () => {
    const first = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const second = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ${'y'.repeat(20_000)}\r\n\r\n`;
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(first));
      socket.on('data', (chunk) => {
        const before = text;
        text += chunk.toString('latin1');
        if (!before.includes('{"ok":true}') && text.includes('{"ok":true}')) socket.write(second);
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toContain('HTTP/1.1 431 Request Header Fields Too Large\r\n');
  });

  it('gets 400 for a broken request line, and the connection closes', async () => {
    const answer = await sendWhileWriting('NOT HTTP AT ALL\r\n\r\n', 'more bytes\r\n', 20);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it("answers with Node's own status for each parse error", () => {
    expect(statusForClientError('HPE_HEADER_OVERFLOW')).toBe('431 Request Header Fields Too Large');
    expect(statusForClientError('HPE_CHUNK_EXTENSIONS_OVERFLOW')).toBe('413 Payload Too Large');
    expect(statusForClientError('ERR_HTTP_REQUEST_TIMEOUT')).toBe('408 Request Timeout');
    expect(statusForClientError('HPE_INVALID_METHOD')).toBe('400 Bad Request');
    expect(statusForClientError(undefined)).toBe('400 Bad Request');
  });
});
