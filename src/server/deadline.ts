/**
 * One deadline for a whole request's upstream work. UPSTREAM_TIMEOUT_MS bounds each call, but a
 * Kakao login makes three or four of them (token, keys, profile, then the Cafe24 app's), so alone
 * it lets an exchange run for several times its value while the widget stops waiting at 15 s.
 * `withDeadline` gives the work `ms` in all: every upstream call made on its behalf (http.ts,
 * found through AsyncLocalStorage, so no signature between here and there has to carry it) is
 * aborted when the time is up, and the request is answered at that moment whatever is still
 * running (a database write, a paced Admin API queue).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `work` with `ms` to finish; after that it rejects with `expired()` (also the abort reason
 * every upstream call in flight sees).
 */
export async function withDeadline<T>(
  ms: number,
  expired: () => Error,
  work: () => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = expired();
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([current.run(controller.signal, work), timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** The signal for one upstream call: its own timeout, and the request's deadline when there is one. */
export function upstreamSignal(timeoutMs: number): AbortSignal {
  return withCurrentDeadline(AbortSignal.timeout(timeoutMs));
}

/** `signal` joined with the request's deadline (for calls a library makes with its own signal). */
export function withCurrentDeadline(signal: AbortSignal | undefined | null): AbortSignal {
  const deadline = current.getStore();
  if (!deadline) return signal ?? new AbortController().signal;
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}

/** The reason the request's deadline gave, once it has passed. */
export function deadlineReason(): unknown {
  const deadline = current.getStore();
  return deadline?.aborted ? deadline.reason : undefined;
}
