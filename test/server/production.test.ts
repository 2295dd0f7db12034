/**
 * The production backend as an operator runs it: the Dockerfile's npm steps, in the same order, in
 * a temporary copy of the project — build with every dependency, then install production
 * dependencies alone beside `dist/`, start `node dist/server/main.js` configured from the
 * environment, and log a shopper in against the sandbox over real HTTP. The production server never
 * mounts the sandbox: here it runs in the test's own process, on its own port, and the server is
 * pointed at it with the provider URL variables, as at Kakao and Naver in production.
 *
 * Slow by nature (a build and an `npm ci`), so the waits are generous; npm prefers its cache
 * (`npm_config_prefer_offline`), so only what the cache lacks is downloaded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/defaults';
import { createSandbox } from '../../src/sandbox/index';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The npm steps of the Dockerfile, in order: what this test runs. */
const STEPS = {
  install: 'npm ci --no-audit --no-fund',
  build: 'npm run build',
  installProduction: 'npm ci --omit=dev --no-audit --no-fund',
} as const;

const MINUTE = 60_000;
const STORE = 'http://localhost:5173';
const LOGIN_PAGE = `${STORE}/member/login.html`;
const STATE = 'cHJvZHVjdGlvbi1zdGF0ZTE';

/** `RUN` instructions with their continuation lines joined. */
function runSteps(dockerfile: string): string[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => /^RUN\s/.test(line))
    .map((line) =>
      line
        .replace(/^RUN\s+/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
}

/** `.dockerignore` as Docker reads it: patterns relative to the context's root, `*` within a name. */
function dockerIgnored(root: string): (path: string) => boolean {
  const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map(
      (glob) =>
        new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`),
    );
  return (path) => {
    const rel = relative(root, path).split(sep).join('/');
    return rel !== '' && patterns.some((pattern) => pattern.test(rel));
  };
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      cwd,
      shell: true,
      env: { ...process.env, npm_config_prefer_offline: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) =>
      status === 0
        ? resolve(output)
        : reject(new Error(`\`${command}\` exited with ${status}:\n${output.slice(-4000)}`)),
    );
  });
}

/** Resolves with the output so far once `pattern` appears in it; rejects if the process exits. */
function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) resolve(output);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (status) => reject(new Error(`the server exited (${status}):\n${output}`)));
  });
}

const temp = mkdtempSync(join(tmpdir(), 'production-'));
let server: ChildProcess | undefined;
let standIn: ReturnType<typeof serve> | undefined;
afterAll(() => {
  server?.kill('SIGKILL');
  standIn?.close();
  rmSync(temp, { recursive: true, force: true });
}, 5 * MINUTE);

describe('the Dockerfile', () => {
  it('runs, in order, the npm steps this test runs', () => {
    expect(runSteps(DOCKERFILE).filter((step) => step.startsWith('npm '))).toEqual([
      STEPS.install,
      STEPS.build,
      STEPS.installProduction,
    ]);
  });

  it('builds in stages and runs the compiled server as a user without root', () => {
    expect(DOCKERFILE.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(DOCKERFILE).toMatch(/^USER node$/m);
    expect(DOCKERFILE).toMatch(/^CMD \["node", "dist\/server\/main\.js"\]$/m);
  });

  it('checks /healthz, keeps the SQLite data in a volume, and bakes no secret in', () => {
    expect(DOCKERFILE).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(DOCKERFILE).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(DOCKERFILE).toMatch(/DATABASE_URL=file:\/data\//);
    const env = DOCKERFILE.replace(/\\\n/g, ' ')
      .split('\n')
      .filter((line) => /^(ENV|ARG)\s/.test(line))
      .join('\n');
    expect(env).not.toMatch(/SECRET|_KEY|CLIENT_ID|PASSWORD|TOKEN/);
  });

  it('leaves installed and built files, local data and .env files out of the build context', () => {
    const ignored = dockerIgnored(ROOT);
    for (const path of ['node_modules', 'dist', 'data', '.env', '.env.production', '.git'])
      expect(ignored(join(ROOT, path)), path).toBe(true);
    for (const path of ['src', 'package.json', 'package-lock.json', 'vite.server.config.ts'])
      expect(ignored(join(ROOT, path)), path).toBe(false);
  });
});

describe('node dist/server/main.js with production dependencies only', () => {
  it(
    'starts from the environment and logs a shopper in against the sandbox',
    async () => {
      // Stage 1, build: the context as `COPY . .` sees it. Its `npm ci` is this checkout's own
      // install, so the copy borrows node_modules instead of installing everything twice.
      const build = join(temp, 'build');
      const ignored = dockerIgnored(ROOT);
      cpSync(ROOT, build, { recursive: true, filter: (path) => !ignored(path) });
      symlinkSync(join(ROOT, 'node_modules'), join(build, 'node_modules'), 'dir');
      await sh(STEPS.build, build);
      for (const file of ['social-login.js', 'social-login.js.br', 'social-login.js.gz'])
        expect(existsSync(join(build, 'dist', file)), file).toBe(true);

      // Stage 2 and 3: production dependencies alone, beside package.json and dist/.
      const app = join(temp, 'app');
      cpSync(join(build, 'package.json'), join(app, 'package.json'));
      cpSync(join(build, 'package-lock.json'), join(app, 'package-lock.json'));
      await sh(STEPS.installProduction, app);
      cpSync(join(build, 'dist'), join(app, 'dist'), { recursive: true });
      for (const devOnly of ['tsx', 'vite', 'vitest', 'typescript'])
        expect(existsSync(join(app, 'node_modules', devOnly)), devOnly).toBe(false);

      // Nothing of the sandbox was built into the server.
      for (const file of readdirSync(join(app, 'dist', 'server'), { recursive: true }))
        expect(String(file)).not.toMatch(/sandbox|kakao\.js$/);
      const refused = spawn(process.execPath, ['dist/server/main.js'], {
        cwd: app,
        env: { PATH: process.env.PATH, SANDBOX: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const refusal = waitFor(refused, /SANDBOX must be 0 or unset/);
      expect(await refusal).toContain('the production server never mounts it');

      // Kakao and Naver's stand-ins, served by this process as the real ones are from elsewhere.
      const sandboxPort = await freePort();
      const sandboxUrl = `http://localhost:${sandboxPort}`;
      const sandbox = createSandbox({ baseUrl: sandboxUrl });
      standIn = serve({ fetch: sandbox.app.fetch, port: sandboxPort });

      const port = await freePort();
      const url = `http://localhost:${port}`;
      server = spawn(process.execPath, ['dist/server/main.js'], {
        cwd: app,
        // The environment an operator gives it, and nothing of this test process's.
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          NAVER_CLIENT_ID: SANDBOX_CREDENTIALS.naverClientId,
          NAVER_CLIENT_SECRET: SANDBOX_CREDENTIALS.naverClientSecret,
          NAVER_AUTH_URL: `${sandboxUrl}/nid`,
          NAVER_API_URL: `${sandboxUrl}/openapi`,
          ALLOWED_ORIGINS: STORE,
          SESSION_SECRET: 'production-test-session-secret-0123456789',
          DATABASE_URL: `file:${join(temp, 'data', 'social-login.sqlite')}`,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const started = await waitFor(server, /listening on/);
      expect(started).toContain(`listening on ${url}`);

      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
      const widget = await fetch(`${url}/social-login.js`, {
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      expect(widget.status).toBe(200);
      expect(widget.headers.get('content-encoding')).toBe('br');
      // No sandbox on the production server.
      expect((await fetch(`${url}/sandbox/kakao.js`)).status).toBe(404);

      // A shopper agrees on the sandbox's Naver consent page; the store page posts the code.
      const authorize = await fetch(
        `${sandboxUrl}/nid/oauth2.0/authorize?${new URLSearchParams({
          response_type: 'code',
          client_id: SANDBOX_CREDENTIALS.naverClientId,
          redirect_uri: LOGIN_PAGE,
          state: STATE,
        })}`,
      );
      const requestId = /name="request_id" value="([^"]+)"/.exec(await authorize.text())?.[1];
      expect(requestId).toBeTruthy();
      const decision = await fetch(`${sandboxUrl}/nid/oauth2.0/authorize/decision`, {
        method: 'POST',
        body: new URLSearchParams({ request_id: requestId ?? '', action: 'agree' }),
        redirect: 'manual',
      });
      const back = new URL(decision.headers.get('location') ?? '');
      expect(`${back.origin}${back.pathname}`).toBe(LOGIN_PAGE);
      const code = back.searchParams.get('code');
      expect(code).toBeTruthy();

      const exchange = await fetch(`${url}/api/exchange`, {
        method: 'POST',
        headers: { origin: STORE, 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'naver', code, state: STATE, redirectUri: LOGIN_PAGE }),
      });
      expect(exchange.status).toBe(200);
      const answer = await exchange.json();
      expect(answer.provider).toBe('naver');
      expect(answer.user.id).toMatch(/^naver:/);
      expect(answer.member.status).toBe('new');
      // DATABASE_URL was honoured: the member link is on disk.
      expect(statSync(join(temp, 'data', 'social-login.sqlite')).size).toBeGreaterThan(0);

      // SIGTERM (what `docker stop` sends) closes it cleanly.
      const exited = new Promise<number | null>((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      server = undefined;
    },
    30 * MINUTE,
  );
});
