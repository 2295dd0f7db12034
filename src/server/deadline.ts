/**
 * One deadline for a whole request's upstream work. UPSTREAM_TIMEOUT_MS bounds each call, but a
 * Kakao login makes three or four of them (token, keys, profile, then the Cafe24 app's), so alone
 * it lets an exchange run for several times its value while the widget stops waiting at 15 s.
 * `withDeadline` gives the work `ms` in all and hands it the deadline's signal, which the work
 * passes to every upstream call it makes (http.ts `requestJson`'s `init.signal`, the providers'
 * and the ID token verifier's `signal`): each is aborted when the time is up, and the request is
 * answered at that moment whatever is still running (a database write, a paced Admin API queue).
 *
 * The signal is passed by hand, not found through AsyncLocalStorage: on Node 20 one
 * AsyncLocalStorage.run turns on a promise hook for every promise the process makes from then on,
 * which cost every request, refused or not, a large share of its time (docs/benchmarks.md).
 */

/**
 * Runs `work` with `ms` to finish; after that it rejects with `expired()`, which is also the abort
 * reason of the signal `work` is given.
 */
export async function withDeadline<T>(
  ms: number,
  expired: () => Error,
  work: (deadline: AbortSignal) => Promise<T>,
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
    return await Promise.race([work(controller.signal), timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** One upstream call's signal, and `done()` to call once its answer is read (frees the timer). */
export interface CallSignal {
  signal: AbortSignal;
  done(): void;
}

/**
 * The signal for one upstream call: aborted after `timeoutMs` (a TimeoutError, as
 * AbortSignal.timeout gives) or when `deadline` aborts (with its reason), whichever comes first.
 * One controller and one timer that `done()` clears, rather than AbortSignal.timeout and
 * AbortSignal.any, whose signals and timers live on until collected.
 */
export function callSignal(timeoutMs: number, deadline?: AbortSignal | null): CallSignal {
  const controller = new AbortController();
  if (deadline?.aborted) {
    controller.abort(deadline.reason);
    return { signal: controller.signal, done: () => {} };
  }
  const onDeadline = () => controller.abort(deadline?.reason);
  deadline?.addEventListener('abort', onDeadline, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(
        new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      ),
    timeoutMs,
  );
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      deadline?.removeEventListener('abort', onDeadline);
    },
  };
}

/** `signal` joined with `deadline` (for calls a library makes with its own signal). */
export function joinDeadline(
  signal: AbortSignal | undefined | null,
  deadline: AbortSignal | undefined,
): AbortSignal | undefined {
  if (!deadline) return signal ?? undefined;
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}

/** The reason `deadline` gave, once it has passed. */
export const deadlineReason = (deadline: AbortSignal | undefined | null): unknown =>
  deadline?.aborted ? deadline.reason : undefined;
