/**
 * A client that closes the connection halfway through its upload (a shopper closing the tab, a
 * phone losing signal) over a real socket: nothing failed on the backend's side, so nothing is
 * logged as an error nor answered as a 500. A client that promises a body and never sends it is
 * answered 408 and let go after a bounded time, instead of holding a socket for Node's 300 s.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { type RunningServer, startServer } from '../../src/server/serve';
import { STORE, TEST_ENV } from './helpers';

let server: RunningServer;
const logs: { level: string; line: string }[] = [];
/** Short enough for a test; production: 10 s (serve.ts). */
const STALL_LIMIT_MS = 1_000;

beforeAll(async () => {
  const config = loadConfig({
    ...TEST_ENV,
    PORT: '0',
    SSO_CLIENT_ID: 'cafe24-store',
    SSO_CLIENT_SECRET: 'sso-client-secret-0123456789abcdef0123456789',
    SSO_REDIRECT_URIS: 'https://shop.example.com/Api/Member/Oauth2ClientCallback/sso/',
  });
  server = await startServer(config, {
    port: 0,
    hostname: '127.0.0.1',
    requestTimeoutMs: STALL_LIMIT_MS,
    deps: {
      rateLimit: false,
      logger: createLogger({ level: 'debug', sink: (level, line) => logs.push({ level, line }) }),
    },
  });
});
afterAll(() => server?.close());

/** Sends the headers and a first piece of a 4000-byte body, then closes the socket. */
function abortUpload(path: string, type: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: localhost\r\nOrigin: ${STORE}\r\nContent-Type: ${type}\r\nContent-Length: 4000\r\n\r\n{"provider":"ka`,
      );
      // Wait until the backend is reading the body, then go away.
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** The status the request's own log line gives, once the backend has finished with it. */
async function loggedStatus(path: string): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    for (const { line } of logs) {
      // `POST /path 400 3ms`, or the same fields as JSON.
      const plain = new RegExp(`POST ${path} (\\d{3}) `).exec(line);
      if (plain) return Number(plain[1]);
      if (line.startsWith('{') && line.includes(`"${path}"`)) {
        const status = (JSON.parse(line) as { status?: unknown }).status;
        if (typeof status === 'number') return status;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no request line for ${path}: ${JSON.stringify(logs)}`);
}

describe('a client that aborts its upload', () => {
  it.each([
    ['/api/exchange', 'application/json'],
    ['/api/handoff/confirm', 'application/json'],
    ['/sso/token', 'application/x-www-form-urlencoded'],
    ['/sso/userinfo', 'application/x-www-form-urlencoded'],
    ['/sso/tombstones', 'application/json'],
  ])('on %s is logged as information, not as an error or a 500', async (path, type) => {
    const answer = await abortUpload(path, type);
    expect(answer).not.toMatch(/^HTTP\/1\.1 5/);
    expect(await loggedStatus(path)).toBe(400);
    expect(logs.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(
      logs.some(
        (entry) => entry.level === 'info' && entry.line.includes('client closed the connection'),
      ),
    ).toBe(true);
  });
});

/** Sends the headers of a request that declares `declared` body bytes and sends `sent` of them. */
function stallUpload(path: string, type: string, sent: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: localhost\r\nOrigin: ${STORE}\r\nContent-Type: ${type}\r\nContent-Length: ${sent.length + 1}\r\n\r\n${sent}`,
      );
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('a client that promises a body and stalls', () => {
  it.each([
    ['/api/exchange', 'application/json', ''],
    ['/api/handoff/confirm', 'application/json', '{"ticket":'],
    ['/sso/token', 'application/x-www-form-urlencoded', 'grant_type=authorization_cod'],
  ])('on %s is answered 408 and the connection closed', async (path, type, sent) => {
    const answer = await stallUpload(path, type, sent);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(logs.filter((entry) => entry.level === 'error')).toEqual([]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
