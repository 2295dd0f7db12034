/** One bounded load run with autocannon: fixed connections and duration, all on loopback. */
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The status every answer must have, or the run is reported as failed. */
  status: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Answers with another status, and socket errors or timeouts. */
  wrong: number;
}

export async function load(
  baseUrl: string,
  request: LoadRequest,
  seconds: number,
  connections = 50,
): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl + request.path,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections,
    duration: seconds,
  });
  const right =
    (result.statusCodeStats as Record<string, { count: number }>)[String(request.status)]?.count ??
    0;
  const total = Object.values(result.statusCodeStats as Record<string, { count: number }>).reduce(
    (sum, s) => sum + s.count,
    0,
  );
  return {
    // Completed answers over the run's length (answers still in flight at the end do not count).
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    wrong: total - right + result.errors + result.timeouts,
  };
}
