import type { MiddlewareHandler } from 'hono';

/**
 * One-shot upstream failures for the backend's tests of `upstream_error` (a provider answering
 * something unusable) and `upstream_timeout` (a provider not answering at all).
 */
export type SandboxFaultTarget =
  | 'kakao.token'
  | 'kakao.me'
  | 'kakao.jwks'
  | 'naver.token'
  | 'naver.me';
export type SandboxFault = 'http500' | 'html' | 'malformed_json' | 'hang';

/** Long enough for any client timeout to fire first, short enough not to leak forever. */
const HANG_LIMIT_MS = 60_000;

export class Faults {
  readonly #armed = new Map<SandboxFaultTarget, SandboxFault>();
  #release = new AbortController();

  inject(target: SandboxFaultTarget, fault: SandboxFault): void {
    this.#armed.set(target, fault);
  }

  /** The armed fault for `target`, disarming it: a fault affects the next request only. */
  take(target: SandboxFaultTarget): SandboxFault | undefined {
    const fault = this.#armed.get(target);
    this.#armed.delete(target);
    return fault;
  }

  /** Disarms everything and lets every hanging request finish. */
  reset(): void {
    this.#armed.clear();
    this.#release.abort();
    this.#release = new AbortController();
  }

  async respond(fault: SandboxFault, clientGone: AbortSignal): Promise<Response> {
    switch (fault) {
      case 'http500':
        return new Response('Internal Server Error', {
          status: 500,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
      case 'html':
        // What a CDN or maintenance page looks like: 200, but not the API's JSON.
        return new Response(
          '<!doctype html><html lang="ko"><title>서비스 점검 중</title><h1>서비스 점검 중입니다</h1></html>',
          { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
        );
      case 'malformed_json':
        return new Response('{"access_token":"sandbox-trunc', {
          status: 200,
          headers: { 'content-type': 'application/json;charset=UTF-8' },
        });
      case 'hang':
        await settled(
          AbortSignal.any([clientGone, this.#release.signal, AbortSignal.timeout(HANG_LIMIT_MS)]),
        );
        return new Response('Gateway Timeout', { status: 504 });
    }
  }
}

/**
 * Resolves once `signal` aborts. `AbortSignal.timeout` uses an unref'd timer, so a hanging
 * request never keeps the test process alive on its own.
 */
function settled(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** Runs before a provider route: answers with the armed fault instead of the route, once. */
export function faultGate(faults: Faults, target: SandboxFaultTarget): MiddlewareHandler {
  return async (c, next) => {
    const fault = faults.take(target);
    if (!fault) return next();
    return faults.respond(fault, c.req.raw.signal);
  };
}
